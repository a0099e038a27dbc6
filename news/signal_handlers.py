"""Signal handlers of the news app, connected by NewsConfig.ready(): cached listing counts, the
abbreviation glossary and the article fragments (news/fragments.py) follow what editors change."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from campaign_site.models import Abbreviation
from news import abbreviations, fragments
from news.models import NewsArticlePage
from news.selectors import forget_listing_counts


def listing_changed(sender, **kwargs):
    """Any article publish or unpublish starts new listing counts."""
    forget_listing_counts()


def connect() -> None:
    page_published.connect(listing_changed, sender=NewsArticlePage, dispatch_uid="news.listing.published")
    page_unpublished.connect(listing_changed, sender=NewsArticlePage, dispatch_uid="news.listing.unpublished")
    post_save.connect(abbreviations.forget_glossary, sender=Abbreviation, dispatch_uid="news.glossary.save")
    post_delete.connect(abbreviations.forget_glossary, sender=Abbreviation, dispatch_uid="news.glossary.delete")
    fragments.connect()
