"""Why a fetch failed, in a few words an officer can read: the kind of failure (from the exception's
type or the HTTP status, never from its text) and its short Vietnamese reason. The technical detail
is kept beside it (FeedSource.last_error) and shown behind a disclosure."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class FailureKind(models.TextChoices):
    UNREACHABLE = "unreachable", _("cannot connect")
    DNS = "dns", _("host name not found")
    TIMEOUT = "timeout", _("timed out")
    TLS = "tls", _("secure connection (HTTPS) failed")
    PRIVATE = "private", _("blocked: internal address")
    BAD_URL = "bad_url", _("not an http or https address")
    HTTP = "http", _("the server answered with an error")
    NOT_FEED = "not_feed", _("the page is not RSS/Atom")
    TOO_LARGE = "too_large", _("the feed is too large")
    REDIRECT = "redirect", _("broken redirect")
    BROKEN = "broken", _("the download broke off")
    UNEXPECTED = "unexpected", _("unexpected error")


def failure_reason(kind: str, status: int | None = None) -> str:
    """'máy chủ trả lỗi 500', 'hết thời gian chờ'…"""
    if kind == FailureKind.HTTP and status:
        if status == 410:
            return pgettext("fetch failure", "the feed is gone (410)")
        if status in (401, 403):
            return pgettext("fetch failure", "access refused (%(status)s)") % {"status": status}
        if status == 404:
            return pgettext("fetch failure", "page not found (404)")
        if status == 429:
            return pgettext("fetch failure", "too many requests (429)")
        return pgettext("fetch failure", "the server answered error %(status)s") % {"status": status}
    try:
        return str(FailureKind(kind).label)
    except ValueError:  # recorded before failures had kinds
        return pgettext("fetch failure", "fetch failed")
