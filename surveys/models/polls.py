"""Polls, their choices, ballots (one row per vote) and the per-day counts kept beside them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from campaign_site.text import clean_line, nfc
from plans.links import plan_task_field, validate_task_link
from surveys.admin_forms import PollForm
from surveys.models.periods import OpenPeriod


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    KIOSK = "kiosk", _("Kiosk at the counter")


class CommentStatus(models.TextChoices):
    NONE = "", _("No comment")
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PollQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))


class Poll(index.Indexed, OpenPeriod, ClusterableModel):
    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("unit being rated"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
        help_text=_("Leave empty for a city-wide poll; citizens may then name the unit they visited."),
    )
    allow_comment = models.BooleanField(_("allow a comment"), default=True)
    scale = models.ForeignKey(
        "surveys.AnswerScale",
        verbose_name=_("answer scale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polls",
        help_text=_("Choose a scale to take its answers; leave the choices below empty. The poll keeps its own copy."),
    )
    plan_task = plan_task_field()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PollQuerySet.as_manager()
    base_form_class = PollForm

    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Open period")),
        MultiFieldPanel(
            [FieldPanel("results_visibility"), FieldPanel("allow_comment")],
            heading=_("Results and comments"),
        ),
        FieldPanel("scale"),
        InlinePanel("choices", label=_("Choices")),
        FieldPanel("plan_task"),
    ]
    search_fields = [index.SearchField("question"), index.AutocompleteField("question")]

    class Meta(OpenPeriod.Meta):
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        permissions = [
            ("view_results", "Can view results of any poll"),
            ("export_results", "Can export ballots and results"),
            ("moderate_comments", "Can moderate poll comments"),
        ]

    def __str__(self):
        return self.question

    def add_choices_from_scale(self) -> None:
        """Copy the scale's answers into this (saved, choiceless) poll's own choices."""
        PollChoice.objects.bulk_create(
            PollChoice(poll=self, label=label, is_positive=positive, sort_order=order)
            for order, (label, positive) in enumerate(self.scale.answers())
        )

    def clean(self):
        super().clean()
        self.question = clean_line(self.question)
        self.description = nfc(self.description).strip()
        self.clean_period()
        validate_task_link(self.plan_task)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices", verbose_name=_("poll"))
    label = models.CharField(_("label"), max_length=120)
    is_positive = models.BooleanField(
        _("counts as satisfied"),
        default=False,
        help_text=_("Tick for answers such as “very satisfied” and “satisfied”."),
    )

    panels = [FieldPanel("label"), FieldPanel("is_positive")]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        self.label = clean_line(self.label)


class Ballot(models.Model):
    """One vote. Rows, never a bare counter, so a burst of votes cannot lose an update."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("poll"))
    choice = models.ForeignKey(PollChoice, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("choice"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kiosk = models.ForeignKey(
        "surveys.Kiosk", verbose_name=_("kiosk"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kiosk ballots: the counter and the officer on duty there when the rating was given.
    counter = models.ForeignKey(
        "surveys.Counter", verbose_name=_("counter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # HMAC of the browser's voter key (web) — never the key itself; empty for kiosk ballots.
    voter_hash = models.CharField(max_length=64, blank=True, default="")
    ip_hash = models.CharField(max_length=64, blank=True, default="")
    case_code = models.CharField(_("case code"), max_length=40, blank=True, default="")
    comment = models.TextField(_("comment"), blank=True, default="")
    comment_status = models.CharField(
        _("comment status"), max_length=10, choices=CommentStatus.choices, blank=True, default=CommentStatus.NONE
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter_hash"],
                condition=Q(channel="web"),
                name="surveys_ballot_one_web_vote_per_voter",
            ),
            models.UniqueConstraint(
                fields=["poll", "case_code"],
                condition=~Q(case_code=""),
                name="surveys_ballot_case_code_once",
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="surveys_ballot_channel_valid"),
            models.CheckConstraint(
                condition=~Q(channel="web") | ~Q(voter_hash=""), name="surveys_ballot_web_has_voter"
            ),
        ]
        indexes = [
            models.Index(fields=["poll", "created_at"], name="surveys_ballot_poll_time"),
            models.Index(fields=["comment_status", "created_at"], name="surveys_ballot_comment_queue"),
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.choice_id} ({self.channel})"


class PollResultCount(models.Model):
    """Ballots per poll, choice, unit, channel and local day, kept in the ballot's own transaction.

    Results pages sum these few rows instead of counting every ballot; `rebuild_poll_counts`
    recomputes them from the rows if they ever drift.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="result_counts")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="result_counts")
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("result count")
        verbose_name_plural = _("result counts")
        # Two partial constraints because NULL units are distinct in a plain unique constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "choice", "unit", "channel", "day"],
                condition=Q(unit__isnull=False),
                name="surveys_count_bucket_unit",
            ),
            models.UniqueConstraint(
                fields=["poll", "choice", "channel", "day"],
                condition=Q(unit__isnull=True),
                name="surveys_count_bucket_no_unit",
            ),
        ]
        indexes = [models.Index(fields=["poll", "day"], name="surveys_count_poll_day")]

    def __str__(self):
        return f"{self.poll_id}/{self.choice_id}/{self.unit_id}/{self.channel}/{self.day}: {self.count}"
