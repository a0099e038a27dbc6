"""Signal handlers of the screens app, connected by ScreensConfig.ready(): any change to a screen,
a profile or a message makes every cached feed stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from screens.models import DisplayProfile, MessageKind, Screen, ScreenMessage
from screens.selectors import bump_emergency_generation, bump_generation


def invalidate_feeds(**kwargs):
    bump_generation()
    # Again after commit: a poll between the save and the commit may have cached the old content.
    transaction.on_commit(bump_generation)


def invalidate_emergencies(sender, instance, **kwargs):
    """The emergency poll's state changes only with an emergency (or a screen, which may move)."""
    if sender is ScreenMessage and MessageKind.EMERGENCY not in {
        instance.kind,
        getattr(instance, "_loaded_kind", None),
    }:
        return
    bump_emergency_generation()
    transaction.on_commit(bump_emergency_generation)


def connect() -> None:
    for model in (Screen, ScreenMessage, DisplayProfile):
        name = model._meta.model_name
        post_save.connect(invalidate_feeds, sender=model, dispatch_uid=f"screens.feeds.{name}.save")
        post_delete.connect(invalidate_feeds, sender=model, dispatch_uid=f"screens.feeds.{name}.delete")
    for model in (Screen, ScreenMessage):
        name = model._meta.model_name
        post_save.connect(invalidate_emergencies, sender=model, dispatch_uid=f"screens.emergency.{name}.save")
        post_delete.connect(invalidate_emergencies, sender=model, dispatch_uid=f"screens.emergency.{name}.delete")
