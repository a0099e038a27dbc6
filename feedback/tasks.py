"""Mail to citizens, sent in the background: the acknowledgement, the refusal and the answer."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from wagtail.models import Site

logger = logging.getLogger(__name__)

SUBJECTS = {
    "acknowledgement": "feedback/mail/acknowledgement",
    "declined": "feedback/mail/declined",
    "answer": "feedback/mail/answer",
}


def _status_url(code: str) -> str:
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    return f"{root}{reverse('feedback:status', args=[code])}"


@task()
def send_citizen_mail(item_id: int, kind: str) -> bool:
    """Send one mail; False (and a log line) when there is nobody to write to or the mail fails."""
    from feedback.models import FeedbackItem

    item = FeedbackItem.objects.select_related("duplicate_of", "assigned_unit").filter(pk=item_id).first()
    if item is None or kind not in SUBJECTS or not item.email or not item.consent_contact:
        return False
    answered = item.duplicate_of if item.duplicate_of_id else item
    with translation.override(settings.LANGUAGE_CODE):
        context = {"item": item, "answered": answered, "status_url": _status_url(item.code)}
        subject = " ".join(render_to_string(f"{SUBJECTS[kind]}_subject.txt", context).split())
        body = render_to_string(f"{SUBJECTS[kind]}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[item.email])
    try:
        message.send()
    except Exception:  # SMTP down or refusing: logged; the citizen keeps the status page
        logger.exception("Could not send the %s mail of feedback item %s", kind, item.code)
        return False
    return True


@task()
def purge_personal_data_task() -> int:
    """Daily: personal data of messages closed longer ago than FEEDBACK_PERSONAL_DATA_MONTHS."""
    from feedback import conf, services

    return services.purge_personal_data(months=conf.personal_data_months())
