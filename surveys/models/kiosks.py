"""Counter tablets: a kiosk is bound to a unit (and a counter) and to a poll or a survey page, through a
token only its hash is kept of."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from campaign_site.text import clean_line
from surveys.admin_forms import UnitScopedForm


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# A kiosk reports every HEARTBEAT_SECONDS; seen within two beats and a minute counts as online.
HEARTBEAT_SECONDS = 30
ONLINE_GRACE = timedelta(seconds=2 * HEARTBEAT_SECONDS + 60)


class Kiosk(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("Where the tablet stands, e.g. “Counter 2”."))
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="kiosks"
    )
    counter = models.ForeignKey(
        "surveys.Counter",
        verbose_name=_("counter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kiosks",
        help_text=_("Ratings are credited to this counter and to the officer on duty there."),
    )
    poll = models.ForeignKey(
        "surveys.Poll", verbose_name=_("poll"), null=True, blank=True, on_delete=models.PROTECT, related_name="kiosks"
    )
    survey_page = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("satisfaction survey"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kiosks",
        help_text=_("Choose either a poll or a survey."),
    )
    min_interval_seconds = models.PositiveIntegerField(
        _("minimum seconds between votes"),
        default=10,
        help_text=_("Stops one person from tapping many votes in a row."),
    )
    idle_seconds = models.PositiveIntegerField(
        _("seconds before an idle screen resets"),
        default=60,
        help_text=_("When a citizen walks away mid-way, the kiosk counts down and goes back to the start."),
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
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True, editable=False)
    queue_length = models.PositiveIntegerField(_("answers waiting"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("counter")]),
        MultiFieldPanel([FieldPanel("poll"), FieldPanel("survey_page")], heading=_("What the kiosk asks")),
        FieldRowPanel([FieldPanel("min_interval_seconds"), FieldPanel("idle_seconds")]),
        FieldPanel("ask_case_code"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    base_form_class = UnitScopedForm

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        constraints = [
            models.CheckConstraint(condition=Q(min_interval_seconds__lte=3600), name="surveys_kiosk_interval_max"),
            models.CheckConstraint(
                condition=Q(idle_seconds__gte=10, idle_seconds__lte=600), name="surveys_kiosk_idle_range"
            ),
            # Exactly one of a poll or a survey page.
            models.CheckConstraint(
                condition=Q(poll__isnull=False, survey_page__isnull=True)
                | Q(poll__isnull=True, survey_page__isnull=False),
                name="surveys_kiosk_poll_xor_survey",
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.unit}"

    def clean(self):
        super().clean()
        self.name = clean_line(self.name)
        if bool(self.poll_id) == bool(self.survey_page_id):
            raise ValidationError({"poll": _("Choose either a poll or a satisfaction survey, not both.")})
        if not self.unit_id:
            return
        rated = self.poll.unit if self.poll_id else self.survey_page.unit
        if rated is not None and not self.unit.is_within(rated):
            raise ValidationError({"unit": _("The kiosk's unit must be the rated unit or a unit below it.")})
        if self.counter_id and self.counter.unit_id != self.unit_id:
            raise ValidationError({"counter": _("The counter must belong to the kiosk's unit.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.token_hash is not None

    @property
    def is_online(self) -> bool:
        return bool(self.last_seen_at and self.last_seen_at >= timezone.now() - ONLINE_GRACE)

    @property
    def subject(self):
        """What the kiosk asks: its poll or its survey page."""
        return self.poll if self.poll_id else self.survey_page
