"""Any change to a screen, a profile or a message makes every cached feed stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from screens.models import DisplayProfile, Screen, ScreenMessage
from screens.selectors import bump_generation


@receiver(post_save, sender=Screen)
@receiver(post_delete, sender=Screen)
@receiver(post_save, sender=ScreenMessage)
@receiver(post_delete, sender=ScreenMessage)
@receiver(post_save, sender=DisplayProfile)
@receiver(post_delete, sender=DisplayProfile)
def invalidate_feeds(**kwargs):
    bump_generation()
    # Again after commit: a poll between the save and the commit may have cached the old content.
    transaction.on_commit(bump_generation)
