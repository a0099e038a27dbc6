"""Background work: confirmation mails, an issue's delivery, the periodic round."""

import logging

from django.conf import settings
from django.utils import translation
from django_tasks import task

from . import composing, delivery
from .models import Subscriber

logger = logging.getLogger(__name__)


@task()
def send_confirmation_task(subscriber_id: int, already_active: bool = False) -> bool:
    """A failure is logged, never raised to the visitor (the sign-up is already recorded, and signing
    up again sends a new link within the day's cap)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        message = composing.confirmation_message(subscriber, already_active=already_active)
    try:
        message.send(fail_silently=False)
    except Exception:
        logger.warning("Confirmation mail to subscriber %s failed", subscriber_id, exc_info=True)
        return False
    return True


@task()
def send_issue_task(bulletin_id: int) -> dict:
    if not delivery.claim_issue(bulletin_id=bulletin_id):
        return {"queued": False}  # not due yet, or another runner has it
    report = delivery.send_issue(bulletin_id=bulletin_id)
    return {"queued": True, **vars(report)}


@task()
def send_correction_task(bulletin_id: int) -> dict:
    return vars(delivery.send_correction(bulletin_id=bulletin_id))


@task()
def send_due_mail_task() -> dict:
    return vars(delivery.send_due_mail())


@task()
def send_alerts_task() -> dict:
    from .alerts.services import run_alerts

    return run_alerts()


@task()
def purge_subscribers_task() -> int:
    from .services import purge_unsubscribed

    return purge_unsubscribed()
