"""What polls and satisfaction surveys share: an open period and who may see the results."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_VOTE = "after_vote", _("After voting (and to everyone once the poll closes)")
    AFTER_CLOSE = "after_close", _("After the poll closes")
    OFFICERS = "officers", _("Officers only")


class OpenPeriod(models.Model):
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    results_visibility = models.CharField(
        _("who may see the results"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.ALWAYS,
    )

    # The refusal shown when closes_at is not after opens_at (each kind names itself).
    closes_before_opening_message = _("The poll must close after it opens.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="surveys_%(class)s_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(results_visibility__in=ResultsVisibility.values),
                name="surveys_%(class)s_visibility_valid",
            ),
        ]

    def clean_period(self) -> None:
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": self.closes_before_opening_message})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or self.closes_at > now)

    def has_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def has_opened(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())
