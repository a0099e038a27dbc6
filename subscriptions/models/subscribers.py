"""People who receive mail: citizens who signed up (double opt-in) and officers' internal lists."""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", pgettext_lazy("subscriber status", "Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    INACTIVE = "inactive", _("Inactive (repeated delivery failures)")


class Digest(models.TextChoices):
    NONE = "", _("No digest")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Origin(models.TextChoices):
    PUBLIC = "public", _("Signed up on the site")
    INTERNAL = "internal", _("Internal list")


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def bulletin_readers(self):
        return self.active().filter(wants_bulletin=True)


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.PUBLIC)
    list_name = models.CharField(
        _("internal list"), max_length=80, blank=True, help_text=_('e.g. "Lãnh đạo"; empty for citizens.')
    )
    wants_bulletin = models.BooleanField(_("daily bulletin"), default=True)
    digest = models.CharField(_("news digest"), max_length=10, choices=Digest.choices, default=Digest.NONE, blank=True)
    categories = models.ManyToManyField("news.Category", verbose_name=_("topics"), blank=True, related_name="+")
    units = models.ManyToManyField(
        "campaign_site.AdministrativeUnit", verbose_name=_("places"), blank=True, related_name="+"
    )
    # Signed into every link; a new key voids every link sent before.
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Confirmation mails sent on `confirmations_day` (capped per day by a conditional UPDATE).
    confirmations_day = models.DateField(null=True, blank=True, editable=False)
    confirmations_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    hard_failures = models.PositiveSmallIntegerField(_("hard failures in a row"), default=0)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="subscriptions_email_lowercase"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="subscriptions_status_valid"),
            models.CheckConstraint(condition=Q(digest__in=Digest.values), name="subscriptions_digest_valid"),
        ]
        indexes = [models.Index(fields=["status", "digest"]), models.Index(fields=["status", "unsubscribed_at"])]

    def __str__(self):
        return self.email
