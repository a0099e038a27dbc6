"""The ledger of answers a kiosk sent: one row per client-made id, accepted or refused, never twice."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KioskAnswerStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class KioskAnswer(models.Model):
    """The unique client id is what makes a replayed or repeated sync harmless: its second insert
    fails in the database, whatever the timing."""

    kiosk = models.ForeignKey("surveys.Kiosk", on_delete=models.CASCADE, related_name="answers")
    client_id = models.UUIDField(_("client id"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=KioskAnswerStatus.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True, default="")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    ballot = models.OneToOneField(
        "surveys.Ballot", null=True, blank=True, on_delete=models.CASCADE, related_name="kiosk_answer"
    )
    submission = models.OneToOneField(
        "surveys.SurveySubmission", null=True, blank=True, on_delete=models.CASCADE, related_name="kiosk_answer"
    )

    class Meta:
        verbose_name = _("kiosk answer")
        verbose_name_plural = _("kiosk answers")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=KioskAnswerStatus.values), name="surveys_kanswer_status"),
            # Accepted: exactly one stored ballot or response. Refused: nothing stored, a reason given.
            models.CheckConstraint(
                condition=(
                    Q(status="accepted", ballot__isnull=False, submission__isnull=True)
                    | Q(status="accepted", ballot__isnull=True, submission__isnull=False)
                    | Q(status="refused", ballot__isnull=True, submission__isnull=True) & ~Q(reason="")
                ),
                name="surveys_kanswer_outcome",
            ),
        ]
        indexes = [models.Index(fields=["kiosk", "status"], name="surveys_kanswer_kiosk_status")]

    def __str__(self):
        return f"{self.kiosk_id}/{self.client_id}: {self.status}"
