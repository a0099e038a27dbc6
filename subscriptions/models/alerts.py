"""Staff alerts: an incident opens once, mails each recipient once when it opens and once when it
clears, and each account may turn kinds of alert off."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Incident(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=120)  # what is wrong, e.g. "screen:12"
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(max_length=500, blank=True)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], condition=Q(resolved_at__isnull=True), name="subscriptions_one_open_incident"
            )
        ]

    def __str__(self):
        return self.title


class AlertEvent(models.TextChoices):
    OPENED = "opened", _("Opened")
    RESOLVED = "resolved", _("Resolved")


class AlertMail(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="mails")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=10, choices=AlertEvent.choices)
    sent_on = models.DateField()
    sent = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "user", "event"], name="subscriptions_alert_once_per_event")
        ]
        indexes = [models.Index(fields=["user", "sent_on"])]

    def __str__(self):
        return f"{self.incident} → {self.user} ({self.event})"


class AlertOptOut(models.Model):
    """A kind of alert an account chose not to receive by mail (every kind is on by default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="subscriptions_alert_optout_once")]

    def __str__(self):
        return f"{self.user}: {self.kind}"
