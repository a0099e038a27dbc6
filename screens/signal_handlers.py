"""Signal handlers of the screens app, connected by ScreensConfig.ready(): any change to a screen,
a profile or a message makes every cached feed stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from screens.models import DisplayProfile, Screen, ScreenMessage
from screens.selectors import bump_generation


def invalidate_feeds(**kwargs):
    bump_generation()
    # Again after commit: a poll between the save and the commit may have cached the old content.
    transaction.on_commit(bump_generation)


def connect() -> None:
    for model in (Screen, ScreenMessage, DisplayProfile):
        name = model._meta.model_name
        post_save.connect(invalidate_feeds, sender=model, dispatch_uid=f"screens.feeds.{name}.save")
        post_delete.connect(invalidate_feeds, sender=model, dispatch_uid=f"screens.feeds.{name}.delete")
