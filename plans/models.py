"""Annual communication plans: the plan page, its tasks and its indicators.

Other apps link their content to a `PlanTask` through a nullable foreign key named `plan_task`
(see links.py); the plan page counts that content to show what was published for each task.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaign_site.access.page_scope import ScopedPageMixin
from campaign_site.models.pages import FoldedSearchMixin
from campaign_site.public_url import PublicUrlMixin
from campaign_site.text import clean_line, nfc
from plans import periods, registry
from plans.choices import (
    OVERDUE,
    OVERDUE_LABEL,
    QUARTER_CHOICES,
    Channel,
    IndicatorMode,
    IndicatorUnit,
    TaskStatus,
)
from plans.fields import MultipleChoiceListField
from plans.formatting import deadline_label, document_label
from plans.forms import CampaignPlanPageForm, PlanTaskFormSet, source_category_widget
from plans.panels import ValidatedInlinePanel
from plans.periods import quarter_bounds

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class PlanIndexPage(PublicUrlMixin, ScopedPageMixin, Page):
    # Shows counts computed from other content: any publication expires its cached answers.
    page_cache_purge_on_publish = True

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["plans.CampaignPlanPage"]

    class Meta:
        verbose_name = _("plan index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["plans"] = (
            CampaignPlanPage.objects.child_of(self).live().select_related("issuing_unit").order_by("-year")
        )
        return context


class CampaignPlanPage(PublicUrlMixin, ScopedPageMixin, RoutablePageMixin, FoldedSearchMixin, Page):
    # Shows counts computed from other content: any publication expires its cached answers.
    page_cache_purge_on_publish = True

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_('The number of the plan, e.g. "28/KH-UBND".')
    )
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purposes = RichTextField(_("purposes"), blank=True, features=RICH_TEXT_FEATURES)
    requirements = RichTextField(_("requirements"), blank=True, features=RICH_TEXT_FEATURES)
    contents = RichTextField(_("contents to communicate"), blank=True, features=RICH_TEXT_FEATURES)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("official document (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("document_number"), FieldPanel("document_date")]),
                FieldPanel("issuing_unit"),
                FieldPanel("document"),
            ],
            heading=_("The document"),
        ),
        FieldPanel("purposes"),
        FieldPanel("requirements"),
        FieldPanel("contents"),
        ValidatedInlinePanel("tasks", label=_("Tasks"), formset_class=PlanTaskFormSet),
        InlinePanel("indicators", label=_("Indicators")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("purposes"),
        index.SearchField("requirements"),
        index.SearchField("contents"),
        index.FilterField("year"),
        index.SearchField("folded_search_text"),
    ]
    folded_search_sources = ("title", "document_number", "plain_text")
    base_form_class = CampaignPlanPageForm
    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        permissions = [("view_plan_progress", _("Can view the plan progress dashboard and reports"))]

    @property
    def plain_text(self) -> str:
        return " ".join(strip_tags(text) for text in (self.purposes, self.requirements, self.contents) if text)

    @property
    def document_label(self) -> str:
        """'Số 28/KH-UBND ngày 15/1/2026'."""
        return document_label(self)

    def clean(self):
        super().clean()
        self.document_number = clean_line(self.document_number)
        errors = {}
        if self.document_id and self.document.file_extension.lower() != "pdf":
            errors["document"] = _("The official document must be a PDF file.")
        if self.year and self.path and self.depth:
            # A page already in the tree (edit, or add_child): no other plan of its index has this year.
            parent_path = self.path[: -self.steplen]
            if self.year_taken(parent_path=parent_path, depth=self.depth):
                errors["year"] = _("This plan index already has a plan for %(year)s.") % {"year": self.year}
        if errors:
            raise ValidationError(errors)

    def year_taken(self, *, parent_path: str, depth: int) -> bool:
        siblings = CampaignPlanPage.objects.filter(path__startswith=parent_path, depth=depth, year=self.year)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return siblings.exists()

    # The selectors import these models, so the routes import them when they run.
    @path("", name="plan")
    def plan_view(self, request):
        from plans.selectors import plan_overview

        return self.render(request, context_overrides={"overview": plan_overview(self, request=request)})

    @path("nhiem-vu/<id:task_id>/", name="task")
    def task_view(self, request, task_id: int):
        from plans.selectors import task_detail

        detail = task_detail(self, task_id=task_id, request=request)
        if detail is None:
            raise Http404
        return self.render(
            request,
            template="plans/plan_task_page.html",
            context_overrides={"detail": detail, "task": detail.task},
        )

    def task_url(self, task, request=None) -> str:
        base = self.get_url(request=request) or self.url or ""
        return base + self.reverse_subpage("task", args=[task.pk])


class PlanTaskManager(models.Manager):
    def get_queryset(self):
        # Other apps' editors list every task in a "plan task" select; its label names the plan's year.
        return super().get_queryset().select_related("plan")


class PlanTask(Orderable, ClusterableModel):
    plan = ParentalKey(CampaignPlanPage, on_delete=models.CASCADE, related_name="tasks")
    content = models.TextField(_("content"))
    lead_unit = models.ForeignKey(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("lead unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit in charge (chủ trì)."),
    )
    partner_units = ParentalManyToManyField(
        "campaign_site.AdministrativeUnit",
        verbose_name=_("partner units"),
        blank=True,
        related_name="+",
        help_text=_("The units taking part (phối hợp)."),
    )
    channels = MultipleChoiceListField(_("channels"), base_choices=Channel.choices, blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("A day within the plan's year, or leave empty and choose a quarter."),
    )
    deadline_quarter = models.PositiveSmallIntegerField(
        _("deadline quarter"),
        null=True,
        blank=True,
        choices=QUARTER_CHOICES,
        help_text=_("Instead of a day: a quarter of the plan's year. With neither, the task runs all year."),
    )
    # The last day the task may be done on: the deadline, the quarter's last day, or 31/12.
    # Stored so that "overdue" and "due this quarter" are plain indexed date filters.
    due_on = models.DateField(_("due on"), editable=False, null=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MaxValueValidator(100, message=_("Progress is a share of the task: at most 100."))],
        help_text=_("How much of the task is done, 0–100. A task marked done counts as 100."),
    )
    progress_note = models.TextField(_("progress note"), blank=True)

    objects = PlanTaskManager()

    panels = [
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("lead_unit"), FieldPanel("partner_units")]),
        FieldPanel("channels"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_quarter")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
        FieldPanel("progress_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline_quarter__isnull=True),
                name="plans_task_one_kind_of_deadline",
            ),
            models.CheckConstraint(
                condition=Q(deadline_quarter__isnull=True) | Q(deadline_quarter__gte=1, deadline_quarter__lte=4),
                name="plans_task_quarter_1_to_4",
            ),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="plans_task_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="plans_task_progress_at_most_100"),
        ]

    def __str__(self):
        year = self.plan.year if self.plan_id else ""
        return f"{year}: {self.content[:80]}"

    # -- deadline --------------------------------------------------------------------------
    def compute_due_on(self) -> dt.date | None:
        if self.deadline:
            return self.deadline
        year = self._plan_year()
        if not year:
            return None
        if self.deadline_quarter in (1, 2, 3, 4):
            return quarter_bounds(year, self.deadline_quarter)[1]
        if self.deadline_quarter:
            return None  # not a quarter: the database refuses the row
        return dt.date(year, 12, 31)

    def _plan_year(self) -> int | None:
        try:
            return self.plan.year
        except CampaignPlanPage.DoesNotExist:
            return None

    @property
    def deadline_label(self) -> str:
        return deadline_label(self)

    @property
    def is_overdue(self) -> bool:
        return self.status != TaskStatus.DONE and self.due_on is not None and self.due_on < periods.today()

    @property
    def progress_percent(self) -> int:
        """What the progress bar shows: the share entered, or 100 once the task is done."""
        return 100 if self.status == TaskStatus.DONE else self.progress

    @property
    def display_status(self) -> str:
        """The status readers see: the stored one, or "overdue" (computed, never stored)."""
        return OVERDUE if self.is_overdue else self.status

    @property
    def display_status_label(self):
        return OVERDUE_LABEL if self.is_overdue else self.get_status_display()

    def get_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[value]) for value in self.channels or [] if value in labels]

    # -- validation ------------------------------------------------------------------------
    def clean(self):
        super().clean()
        self.content = nfc(self.content).strip()
        self.progress_note = nfc(self.progress_note).strip()
        errors = {}
        year = self._plan_year()
        if self.deadline and self.deadline_quarter:
            errors["deadline_quarter"] = _("Give either a deadline day or a quarter, not both.")
        if self.deadline and year and self.deadline.year != year:
            errors["deadline"] = _("The deadline must fall within the plan's year (%(year)s).") % {"year": year}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.due_on = self.compute_due_on()
        super().save(*args, **kwargs)


class PlanIndicator(Orderable):
    plan = ParentalKey(CampaignPlanPage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=255)
    target_value = models.DecimalField(
        _("target value"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message=_("The target cannot be negative."))],
    )
    unit = models.CharField(
        pgettext_lazy("indicator", "unit"), max_length=10, choices=IndicatorUnit.choices, default=IndicatorUnit.PERCENT
    )
    mode = models.CharField(_("measured"), max_length=10, choices=IndicatorMode.choices, default=IndicatorMode.MANUAL)
    source = models.CharField(
        _("computed source"),
        max_length=60,
        blank=True,
        choices=registry.source_choices,
        help_text=_("For a computed indicator: what the site counts. The unit follows the source."),
    )
    source_category = models.CharField(
        _("news category"),
        max_length=100,
        blank=True,
        help_text=_("Only for article counts: count the articles of this category only."),
    )
    current_value = models.DecimalField(
        _("current value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), message=_("The current value cannot be negative."))],
        help_text=_("For an indicator entered by hand."),
    )
    measured_how = models.TextField(_("how it is measured"), blank=True)
    measured_on = models.DateField(_("date measured"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("target_value"), FieldPanel("unit")]),
        FieldRowPanel(
            [FieldPanel("mode"), FieldPanel("source"), FieldPanel("source_category", widget=source_category_widget())]
        ),
        FieldRowPanel([FieldPanel("current_value"), FieldPanel("measured_on")]),
        FieldPanel("measured_how"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(target_value__gte=0), name="plans_indicator_target_not_negative"),
            models.CheckConstraint(
                condition=Q(current_value__isnull=True) | Q(current_value__gte=0),
                name="plans_indicator_current_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(unit=IndicatorUnit.PERCENT)
                | (Q(target_value__lte=100) & (Q(current_value__isnull=True) | Q(current_value__lte=100))),
                name="plans_indicator_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(mode=IndicatorMode.MANUAL) | ~Q(source=""), name="plans_indicator_computed_has_source"
            ),
            models.CheckConstraint(condition=Q(unit__in=IndicatorUnit.values), name="plans_indicator_unit_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.mode == IndicatorMode.COMPUTED

    @cached_property
    def source_definition(self):
        return registry.indicator_source(self.source) if self.is_computed else None

    def clean(self):
        super().clean()
        self.name = clean_line(self.name)
        self.measured_how = nfc(self.measured_how).strip()
        self.source_category = clean_line(self.source_category)
        errors = {}
        if self.mode == IndicatorMode.COMPUTED:
            source = registry.indicator_source(self.source)
            if source is None:
                errors["source"] = _("Choose what the site should count for a computed indicator.")
            else:
                self.unit = source.unit  # the source decides whether it measures a share or a count
                if self.source_category and not source.takes_category:
                    errors["source_category"] = _("This source does not count by category.")
                elif self.source_category and self.source_category not in dict(source.categories()):
                    errors["source_category"] = _("There is no news category with this address.")
        if self.unit == IndicatorUnit.PERCENT:
            # Values that are not numbers were already refused by clean_fields(); skip them here.
            if isinstance(self.target_value, int | Decimal) and self.target_value > 100:
                errors["target_value"] = _("A percentage target cannot be above 100.")
            if isinstance(self.current_value, int | Decimal) and self.current_value > 100:
                errors["current_value"] = _("A percentage cannot be above 100.")
        if errors:
            raise ValidationError(errors)
