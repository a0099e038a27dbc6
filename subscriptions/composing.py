"""Building the mails: confirmation, bulletin (and correction), digest, and their headers.

A bulletin is rendered once per issue; each reader's copy only swaps in their own links (the
placeholders below), so 10,000 copies cost 10,000 string replacements, not 10,000 renders.
"""

import datetime as dt
from dataclasses import dataclass
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from campaign_site.text import format_date

from . import tokens
from .models import MailSettings, Subscriber

MANAGE_PLACEHOLDER = "@@MANAGE_URL@@"
UNSUBSCRIBE_PLACEHOLDER = "@@UNSUBSCRIBE_URL@@"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def site_root() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    return (root or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def mail_settings() -> MailSettings:
    site = Site.objects.filter(is_default_site=True).first()
    return MailSettings.for_site(site) if site else MailSettings()


def absolute(path: str, root: str | None = None) -> str:
    return (root if root is not None else site_root()) + path


def manage_url(subscriber: Subscriber, root: str | None = None) -> str:
    return absolute(reverse("subscriptions:manage", args=[tokens.make_token(subscriber, tokens.MANAGE)]), root)


def unsubscribe_url(subscriber: Subscriber, root: str | None = None) -> str:
    return absolute(reverse("subscriptions:unsubscribe", args=[tokens.make_token(subscriber, tokens.MANAGE)]), root)


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(reverse("subscriptions:confirm", args=[tokens.make_token(subscriber, tokens.CONFIRM)]))


def bulletin_subject(bulletin, *, correction: bool = False) -> str:
    subject = _("CCHC bulletin of %(date)s") % {"date": format_date(bulletin.date)}
    if not correction:
        return subject
    prefix = _("[Correction]")
    return f"{prefix} {subject}"


def render_bulletin(bulletin, *, correction: bool = False) -> Rendered:
    """The issue's mail with link placeholders; the text part is the bulletin's own text output."""
    from bulletins.text_output import bulletin_plain_text

    with translation.override(settings.LANGUAGE_CODE):
        url = bulletin.get_full_url()
        footer_text = _("Manage your subscription: %(manage)s\nUnsubscribe: %(unsubscribe)s") % {
            "manage": MANAGE_PLACEHOLDER,
            "unsubscribe": UNSUBSCRIBE_PLACEHOLDER,
        }
        intro = _("CORRECTION: this issue has been corrected; the corrected text follows.") + "\n\n"
        text = (intro if correction else "") + bulletin_plain_text(bulletin) + "\n--\n" + footer_text + "\n"
        html = render_to_string(
            "subscriptions/mail/bulletin.html",
            {
                "bulletin": bulletin,
                "groups": bulletin.grouped_items(),
                "url": url,
                "correction": correction,
                "site_root": site_root(),
                "manage_url": MANAGE_PLACEHOLDER,
                "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
                "settings": mail_settings(),
            },
        )
        return Rendered(bulletin_subject(bulletin, correction=correction), text, html)


def render_digest(articles, *, frequency: str, day: dt.date) -> Rendered:
    with translation.override(settings.LANGUAGE_CODE):
        if frequency == "weekly":
            subject = _("CCHC news for the week to %(date)s") % {"date": format_date(day)}
        else:
            subject = _("CCHC news of %(date)s") % {"date": format_date(day)}
        context = {
            "subject": subject,
            "articles": articles,
            "site_root": site_root(),
            "manage_url": MANAGE_PLACEHOLDER,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        }
        text = render_to_string("subscriptions/mail/digest.txt", context)
        html = render_to_string("subscriptions/mail/digest.html", context)
        return Rendered(subject, text, html)


@dataclass(frozen=True)
class Letterhead:
    """What every mail of a batch shares, read once per batch: From, Reply-To, the site's address."""

    from_email: str
    reply_to: list[str]
    root: str


def letterhead() -> Letterhead:
    """From: the site settings' sender name with DEFAULT_FROM_EMAIL's address; Reply-To from settings."""
    chosen = mail_settings()
    from_address = formataddr((chosen.from_name, settings.DEFAULT_FROM_EMAIL)) if chosen.from_name else None
    return Letterhead(
        from_address or settings.DEFAULT_FROM_EMAIL, [chosen.reply_to] if chosen.reply_to else [], site_root()
    )


def personal_message(
    rendered: Rendered, subscriber: Subscriber, *, list_id: str, head: Letterhead | None = None
) -> EmailMultiAlternatives:
    """The rendered mail for one reader, with RFC 2369/8058 unsubscribe headers."""
    head = head or letterhead()
    manage, unsubscribe = manage_url(subscriber, head.root), unsubscribe_url(subscriber, head.root)

    def fill(body: str) -> str:
        return body.replace(MANAGE_PLACEHOLDER, manage).replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe)

    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=fill(rendered.text),
        from_email=head.from_email,
        to=[subscriber.email],
        reply_to=head.reply_to,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": list_id,
            "Message-ID": make_msgid(domain=_domain()),
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(fill(rendered.html), "text/html")
    return message


def list_id(name: str) -> str:
    return f"<{name}.{_domain()}>"


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return address.strip("> ").lower() or "localhost"


def confirmation_message(subscriber: Subscriber, *, already_active: bool) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "subscriber": subscriber,
            "confirm_url": confirm_url(subscriber),
            "manage_url": manage_url(subscriber),
            "already_active": already_active,
            "hours": tokens_hours(),
        }
        subject = _("Your subscription is active") if already_active else _("Please confirm your subscription")
        head = letterhead()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("subscriptions/mail/confirm.txt", context),
            from_email=head.from_email,
            to=[subscriber.email],
            reply_to=head.reply_to,
            headers={"Auto-Submitted": "auto-generated", "Message-ID": make_msgid(domain=_domain())},
        )
        message.attach_alternative(render_to_string("subscriptions/mail/confirm.html", context), "text/html")
        return message


def tokens_hours() -> int:
    from . import conf

    return conf.confirm_max_age() // 3600
