"""Signed, expiring links: confirmation (short-lived) and manage/unsubscribe (long-lived).

A token signs the subscriber's id and key with a purpose salt; tampering breaks the signature,
age beyond the purpose's limit expires it, and a new key (after unsubscribing) voids old links.
"""

from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Subscriber

CONFIRM = "subscriptions.confirm"
MANAGE = "subscriptions.manage"


class BadLink(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def make_token(subscriber: Subscriber, purpose: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=purpose)


def _max_age(purpose: str) -> int:
    return conf.confirm_max_age() if purpose == CONFIRM else conf.link_max_age()


def read_token(token: str, purpose: str) -> Subscriber:
    try:
        pk, key = signing.loads(token, salt=purpose, max_age=_max_age(purpose))
    except signing.SignatureExpired as error:
        raise BadLink(_("This link has expired. Please sign up again or use the link in a newer e-mail.")) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink(_("This link is not valid. Please copy the whole link from the e-mail.")) from error
    subscriber = Subscriber.objects.filter(pk=pk, key=key).first() if isinstance(pk, int) else None
    if subscriber is None:
        raise BadLink(_("This link is no longer valid. Please sign up again."))
    return subscriber
