"""Counter tablets: a kiosk is bound to a unit and a poll through a token only its hash is kept of."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from campaign_site.text import clean_line


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Kiosk(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("Where the tablet stands, e.g. “Counter 2”."))
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="kiosks"
    )
    poll = models.ForeignKey("surveys.Poll", verbose_name=_("poll"), on_delete=models.PROTECT, related_name="kiosks")
    min_interval_seconds = models.PositiveIntegerField(
        _("minimum seconds between votes"),
        default=10,
        help_text=_("Stops one person from tapping many votes in a row."),
    )
    ask_case_code = models.BooleanField(
        _("ask for the case code"),
        default=False,
        help_text=_("Citizens may type the code on their receipt so that each case is rated only once."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False, null=True, default=None)
    token_issued_at = models.DateTimeField(_("token issued at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_vote_at = models.DateTimeField(_("last vote at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("unit"),
        FieldPanel("poll"),
        FieldPanel("min_interval_seconds"),
        FieldPanel("ask_case_code"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        constraints = [
            models.CheckConstraint(condition=Q(min_interval_seconds__lte=3600), name="surveys_kiosk_interval_max"),
        ]

    def __str__(self):
        return f"{self.name} – {self.unit}"

    def clean(self):
        super().clean()
        self.name = clean_line(self.name)
        if self.poll_id and self.unit_id and self.poll.unit_id and not self.unit.is_within(self.poll.unit):
            raise ValidationError({"unit": _("The kiosk's unit must be the poll's unit or a unit below it.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.token_hash is not None
