"""A published bulletin is scheduled for mail after the publish commits; nothing here can undo it."""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def bulletin_published(sender, instance, **kwargs):
    bulletin_id = instance.pk
    transaction.on_commit(lambda: _schedule(bulletin_id))


def _schedule(bulletin_id: int) -> None:
    from django_tasks import default_task_backend

    from bulletins.models import BulletinPage

    from . import delivery
    from .tasks import send_issue_task

    try:
        bulletin = BulletinPage.objects.get(pk=bulletin_id)
        mailing = delivery.schedule_issue(bulletin=bulletin)
        if mailing.queued_at is not None:
            return  # a re-publish: the readers have it already
        if mailing.send_after <= timezone.now():
            send_issue_task.enqueue(bulletin_id=bulletin_id)
        elif default_task_backend.supports_defer:
            send_issue_task.using(run_after=mailing.send_after).enqueue(bulletin_id=bulletin_id)
        # Otherwise the periodic `send_due_mail` round sends it when its time comes.
    except Exception:  # the page is published; mail can only be late, never undo that
        logger.exception("Could not schedule the mail of bulletin %s; send_due_mail will retry", bulletin_id)


def connect() -> None:
    from bulletins.models import BulletinPage

    page_published.connect(bulletin_published, sender=BulletinPage, dispatch_uid="subscriptions_bulletin_published")
