"""Pages: a poll on a page of its own, and SIPAS-style satisfaction surveys."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin
from campaign_site.text import clean_line, nfc
from surveys.models.periods import OpenPeriod


class PollPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    poll = models.ForeignKey(
        "surveys.Poll", verbose_name=_("poll"), on_delete=models.PROTECT, related_name="+", null=True
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("poll")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    subpage_types = []

    class Meta:
        verbose_name = _("poll page")

    def get_context(self, request, *args, **kwargs):
        from surveys.selectors import poll_box_context

        context = super().get_context(request, *args, **kwargs)
        context["box"] = poll_box_context(self.poll, full=True, place="page") if self.poll_id else None
        return context


class SipasFactor(models.TextChoices):
    ACCESS = "access", _("Access to the service")
    PROCEDURE = "procedure", _("Administrative procedure")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    RESULT = "result", _("Result of the service")
    FEEDBACK = "feedback", _("Handling of feedback")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    LIKERT = "likert", _("Scale 1–5")
    TEXT = "text", _("Free text")


LIKERT_LABELS = {
    1: _("1 – Very dissatisfied"),
    2: _("2 – Dissatisfied"),
    3: _("3 – Neutral"),
    4: _("4 – Satisfied"),
    5: _("5 – Very satisfied"),
}


class SurveyPage(PublicUrlMixin, ScopedPageMixin, FoldedSearchMixin, OpenPeriod, Page):
    intro = models.TextField(_("introduction"), blank=True)
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("unit being rated"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty to let respondents name the unit they visited."),
    )
    thank_you = models.TextField(_("thank-you text"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Open period")),
        FieldPanel("results_visibility"),
        InlinePanel("questions", label=_("Questions"), min_num=1),
        FieldPanel("thank_you"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("folded_search_text")]
    folded_search_sources = ("title", "intro")
    subpage_types = []

    closes_before_opening_message = _("The survey must close after it opens.")

    class Meta(OpenPeriod.Meta):
        verbose_name = _("satisfaction survey")

    def clean(self):
        super().clean()
        self.intro = nfc(self.intro).strip()
        self.clean_period()


class SurveyQuestion(Orderable):
    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.LIKERT)
    factor = models.CharField(_("SIPAS factor"), max_length=20, choices=SipasFactor.choices)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For single-choice questions: one option per line.")
    )
    scale = models.ForeignKey(
        "surveys.AnswerScale",
        verbose_name=_("answer scale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a single-choice question: take the options from a scale (leave the options empty)."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("factor")]),
        FieldPanel("scale"),
        FieldPanel("options"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="surveys_question_kind_valid"),
            models.CheckConstraint(condition=Q(factor__in=SipasFactor.values), name="surveys_question_factor_valid"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        self.text = clean_line(self.text)
        self.options = "\n".join(clean_line(line) for line in self.options.splitlines() if clean_line(line))
        if self.scale_id and self.kind != QuestionKind.SINGLE:
            raise ValidationError({"scale": _("Only a single-choice question takes its options from a scale.")})
        if self.scale_id and not self.options:
            # The question keeps its own copy: answers stay meaningful if the scale is edited later.
            self.options = "\n".join(label for label, _positive in self.scale.answers())
        if self.kind == QuestionKind.SINGLE and len(self.option_list) < 2:
            raise ValidationError({"options": _("A single-choice question needs at least two options.")})

    @property
    def option_list(self) -> list[str]:
        return [line for line in (clean_line(x) for x in self.options.splitlines()) if line]


class SurveySubmission(models.Model):
    page = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voter_hash = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, blank=True, default="")
    # Responses given on a counter kiosk (or through a receipt link) carry the kiosk, counter and officer.
    kiosk = models.ForeignKey("surveys.Kiosk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    counter = models.ForeignKey("surveys.Counter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_code = models.CharField(_("case code"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["page", "voter_hash"], name="surveys_submission_once_per_browser"),
            models.UniqueConstraint(
                fields=["page", "case_code"], condition=~Q(case_code=""), name="surveys_submission_case_code_once"
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.created_at:%Y-%m-%d %H:%M}"


class SurveyAnswer(models.Model):
    submission = models.ForeignKey(SurveySubmission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    option_index = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="surveys_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="surveys_answer_score_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.submission_id}/{self.question_id}"
