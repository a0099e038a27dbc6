"""Keep cached listing counts honest: any article publish or unpublish starts new counts."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import NewsArticlePage
from .selectors import forget_listing_counts


@receiver(page_published, sender=NewsArticlePage)
@receiver(page_unpublished, sender=NewsArticlePage)
def _listing_changed(sender, **kwargs):
    forget_listing_counts()
