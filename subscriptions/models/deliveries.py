"""What was (or is to be) sent to whom: one row per mail, unique per issue (or digest) and address."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .subscribers import Subscriber


class Kind(models.TextChoices):
    BULLETIN = "bulletin", _("Bulletin")
    CORRECTION = "correction", _("Correction")
    DIGEST = "digest", _("Digest")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    bulletin = models.ForeignKey(
        "bulletins.BulletinPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For digests: "daily:2026-12-05" / "weekly:2026-W49", so one digest per period and address.
    digest_key = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    claim = models.CharField(max_length=16, blank=True, editable=False)  # the batch that holds the row
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # Never twice: one bulletin (or one correction) per issue and address, one digest per period.
            models.UniqueConstraint(
                fields=["kind", "bulletin", "subscriber"],
                condition=Q(bulletin__isnull=False),
                name="subscriptions_one_mail_per_issue",
            ),
            models.UniqueConstraint(
                fields=["kind", "digest_key", "subscriber"],
                condition=Q(kind="digest"),
                name="subscriptions_one_digest_per_period",
            ),
            models.CheckConstraint(
                condition=(Q(kind="digest", bulletin__isnull=True) & ~Q(digest_key=""))
                | (Q(kind__in=["bulletin", "correction"], bulletin__isnull=False, digest_key="")),
                name="subscriptions_delivery_kind_target",
            ),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="subscriptions_delivery_status"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["bulletin", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.subscriber_id} ({self.status})"


class IssueMailing(models.Model):
    """When a bulletin goes out, and whether its mails (and a correction) have been queued."""

    bulletin = models.OneToOneField("bulletins.BulletinPage", on_delete=models.CASCADE, related_name="+")
    send_after = models.DateTimeField(_("send after"))
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    correction_queued_at = models.DateTimeField(_("correction queued"), null=True, blank=True)

    class Meta:
        verbose_name = _("issue mailing")
        indexes = [models.Index(fields=["queued_at", "send_after"])]

    def __str__(self):
        return f"{self.bulletin_id} @ {self.send_after:%Y-%m-%d %H:%M}"


class DigestRun(models.Model):
    """A digest period that has been sent (or is being sent): "daily:2026-12-05", "weekly:2026-W49"."""

    key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
