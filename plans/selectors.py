"""Reads for plans: content linked to tasks, indicator values, the plan page, the dashboard, the report.

Every function here runs a fixed number of queries however much content is linked: one grouped
query per kind of linkable content, one per computed source (memoised per request), and the
plan's own tasks and indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth

from campaign_site.models import AdministrativeUnit
from plans import periods
from plans.choices import OVERDUE, Channel, TaskStatus
from plans.formatting import ROMAN_QUARTERS, format_value
from plans.models import CampaignPlanPage, PlanIndicator, PlanTask
from plans.pace import PACE_LABELS, expected_percent, pace, plan_period
from plans.periods import quarter_bounds, quarter_of
from plans.registry import LinkableContent, SourceQuery, linkable_content

ITEMS_PER_KIND = 50  # the task page lists the latest items of each kind; the table counts them all


# -- content linked to tasks -----------------------------------------------------------------
# The kinds of linkable content are what apps register (see plans.registry).


def linked_counts(task_ids, *, since: dt.date | None = None, until: dt.date | None = None) -> dict[int, dict[str, int]]:
    """{task id: {kind key: number of published items}}; one grouped query per kind."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    task_ids = list(task_ids)
    if not task_ids:
        return result
    for kind in linkable_content():
        queryset = kind.in_period(kind.published_rows().filter(plan_task_id__in=task_ids), since, until)
        for row in queryset.order_by().values("plan_task_id").annotate(n=Count("pk")):
            result[row["plan_task_id"]][kind.key] = row["n"]
    return result


def linked_totals_by_plan(plan_ids) -> dict[int, int]:
    """{plan id: number of published items linked to any of its tasks}; one query per kind."""
    totals: dict[int, int] = defaultdict(int)
    plan_ids = [pk for pk in plan_ids if pk is not None]
    if not plan_ids:
        return totals
    for kind in linkable_content():
        queryset = kind.published_rows().filter(plan_task__plan_id__in=plan_ids).order_by()
        for row in queryset.values("plan_task__plan_id").annotate(n=Count("pk")):
            totals[row["plan_task__plan_id"]] += row["n"]
    return totals


def channel_counts(counts_by_kind: dict[str, int]) -> dict[str, int]:
    """Counts per channel: each kind of content counts for every channel it goes out on."""
    by_channel: dict[str, int] = defaultdict(int)
    kinds = {kind.key: kind for kind in linkable_content()}
    for key, count in counts_by_kind.items():
        for channel in kinds[key].channels if key in kinds else ():
            by_channel[channel] += count
    return by_channel


# -- indicator values ------------------------------------------------------------------------
class Measurements:
    """Computed indicator values, each source computed once per (source, year, category) per
    request; "content linked to this plan" is fetched for every primed plan in one go."""

    def __init__(self):
        self._values: dict[tuple, Decimal | None] = {}
        self._plan_ids: set[int] = set()
        self._plan_totals: dict[int, int] | None = None

    def prime(self, plan_ids) -> None:
        self._plan_ids.update(pk for pk in plan_ids if pk)

    def know_plan_total(self, plan_id: int, total: int) -> None:
        """A plan's linked-content total the caller has already counted (the plan page has)."""
        self._plan_totals = {**(self._plan_totals or {}), plan_id: total}

    def value_of(self, indicator: PlanIndicator) -> Decimal | None:
        if not indicator.is_computed:
            return indicator.current_value
        source = indicator.source_definition
        if source is None:
            return None
        if source.per_plan:
            if self._plan_totals is None or indicator.plan_id not in self._plan_totals:
                self._plan_ids.add(indicator.plan_id)
                self._plan_totals = dict(linked_totals_by_plan(self._plan_ids))
            return Decimal(self._plan_totals.get(indicator.plan_id, 0)) or None
        key = (source.key, indicator.plan.year, indicator.source_category if source.takes_category else "")
        if key not in self._values:
            query = SourceQuery(year=key[1], category=key[2], plan_id=indicator.plan_id)
            self._values[key] = source.measure(query)
        return self._values[key]


def measurements_for(request) -> Measurements:
    """The request's Measurements (a fresh one without a request)."""
    if request is None:
        return Measurements()
    if not hasattr(request, "_plans_measurements"):
        request._plans_measurements = Measurements()
    return request._plans_measurements


@dataclass
class IndicatorRow:
    indicator: PlanIndicator
    value: Decimal | None
    as_of: dt.date | None

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def dom_id(self) -> str:
        return f"indicator-{self.indicator.pk}"

    @property
    def display_value(self) -> str:
        return format_value(self.value, self.indicator.unit)

    @property
    def display_target(self) -> str:
        return format_value(self.indicator.target_value, self.indicator.unit)

    @property
    def percent_of_target(self) -> Decimal | None:
        """How far towards the target, 0..100 (for the bar); None without data."""
        if self.value is None:
            return None
        target = self.indicator.target_value
        if not target:
            return Decimal(100)
        return min(Decimal(100), (self.value * 100 / target).quantize(Decimal("0.01")))

    @property
    def below_target(self) -> bool:
        return self.value is None or self.value < self.indicator.target_value

    @property
    def expected(self) -> Decimal:
        """Where the indicator should be by today, as a share of its target: the share of the
        plan's year that has begun."""
        return expected_percent(*plan_period(self.indicator.plan.year), periods.today())

    @property
    def pace(self) -> str:
        return pace(self.percent_of_target, self.expected)

    @property
    def pace_label(self):
        return PACE_LABELS[self.pace]


def indicator_rows(indicators, measurements: Measurements) -> list[IndicatorRow]:
    indicators = list(indicators)
    measurements.prime({indicator.plan_id for indicator in indicators if indicator.is_computed})
    rows = []
    for indicator in indicators:
        value = measurements.value_of(indicator)
        as_of = periods.today() if indicator.is_computed else indicator.measured_on
        rows.append(IndicatorRow(indicator, value, as_of))
    return rows


# -- the plan page ---------------------------------------------------------------------------
@dataclass
class TaskRow:
    task: PlanTask
    counts: dict[str, int]
    url: str = ""
    cells: list[int] = field(default_factory=list)  # the report's count per kind, in column order

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def by_channel(self) -> list[tuple[str, int]]:
        counts = channel_counts(self.counts)
        return [(label, counts[value]) for value, label in Channel.choices if counts.get(value)]

    @property
    def by_kind(self) -> list[tuple[str, int]]:
        return [(kind.label, self.counts[kind.key]) for kind in linkable_content() if self.counts.get(kind.key)]

    @property
    def dom_id(self) -> str:
        return f"task-{self.task.pk}"

    @property
    def progress(self) -> int:
        return self.task.progress_percent

    @property
    def expected(self) -> Decimal:
        """Where the task should be by today: the share of its period, from the start of the plan's
        year to its deadline (day, end of quarter or 31/12), that has begun."""
        start, end = plan_period(self.task.plan.year)
        return expected_percent(start, self.task.due_on or end, periods.today())

    @property
    def pace(self) -> str:
        return pace(self.progress, self.expected)

    @property
    def pace_label(self):
        return PACE_LABELS[self.pace]


@dataclass
class PlanOverview:
    tasks: list[TaskRow]
    indicators: list[IndicatorRow]
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def task_total(self) -> int:
        return len(self.tasks)

    @property
    def done_percent(self) -> Decimal:
        if not self.tasks:
            return Decimal(0)
        return (Decimal(self.status_counts.get(TaskStatus.DONE, 0)) * 100 / len(self.tasks)).quantize(Decimal("0.01"))


def plan_tasks(plan: CampaignPlanPage):
    units = Prefetch("partner_units", queryset=AdministrativeUnit.objects.order_by("path"))
    return PlanTask.objects.filter(plan=plan).select_related("lead_unit").prefetch_related(units)


def plan_overview(plan: CampaignPlanPage, *, request=None) -> PlanOverview:
    if not plan.pk:
        return PlanOverview([], [])
    tasks = list(plan_tasks(plan))
    for task in tasks:
        task.plan = plan  # saves a query per task when templates read task.plan
    counts = linked_counts(task.pk for task in tasks)
    rows = [TaskRow(task, counts.get(task.pk, {}), plan.task_url(task, request)) for task in tasks]
    status_counts: dict[str, int] = defaultdict(int)
    for task in tasks:
        status_counts[task.display_status] += 1
    indicators = list(PlanIndicator.objects.filter(plan=plan))
    for indicator in indicators:
        indicator.plan = plan
    measurements = measurements_for(request)
    measurements.know_plan_total(plan.pk, sum(row.total for row in rows))
    return PlanOverview(rows, indicator_rows(indicators, measurements), dict(status_counts))


# -- one task's page -------------------------------------------------------------------------
@dataclass
class LinkedItem:
    kind: LinkableContent
    title: str
    date: dt.date | dt.datetime | None
    url: str = ""


@dataclass
class TaskDetail:
    task: PlanTask
    months: list[tuple[dt.date, list[int], int]]  # (first day of month, a count per column, items)
    channels: list[tuple[str, str]]  # (value, label) of the table's columns
    channel_totals: list[int]
    items: list[LinkedItem]
    truncated: bool
    total: int

    @property
    def has_bulletins(self) -> bool:
        return any(item.kind.key == "bulletin" for item in self.items)


def _month_start(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)


def task_detail(plan: CampaignPlanPage, *, task_id: int, request=None) -> TaskDetail | None:
    task = plan_tasks(plan).filter(pk=task_id).first()
    if task is None:
        return None
    task.plan = plan
    per_month: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    items: list[LinkedItem] = []
    truncated = False
    total = 0
    for kind in linkable_content():
        queryset = kind.published_rows().filter(plan_task_id=task.pk).order_by()
        for row in queryset.values(month=TruncMonth(kind.date_field)).annotate(n=Count("pk")):
            if row["month"] is None:
                continue
            for channel in kind.channels:
                per_month[_month_start(row["month"])][channel] += row["n"]
            total += row["n"]
        latest = queryset.order_by(f"-{kind.date_field}", "-pk")
        if kind.is_page:
            latest = latest.defer_streamfields()
        latest = list(latest[: ITEMS_PER_KIND + 1])
        truncated = truncated or len(latest) > ITEMS_PER_KIND
        for obj in latest[:ITEMS_PER_KIND]:
            items.append(LinkedItem(kind, kind.title_of(obj), getattr(obj, kind.date_field), kind.url(obj, request)))
    used = {channel for counts in per_month.values() for channel in counts}
    columns = [(value, label) for value, label in Channel.choices if value in used or value in (task.channels or [])]
    months = [
        (month, [per_month[month].get(value, 0) for value, _label in columns], sum(per_month[month].values()))
        for month in sorted(per_month)
    ]
    channel_totals = [sum(cells[index] for _m, cells, _t in months) for index in range(len(columns))]
    items.sort(key=lambda item: _sort_key(item.date), reverse=True)
    return TaskDetail(task, months, columns, channel_totals, items, truncated, total)


def _sort_key(value) -> dt.datetime:
    if value is None:
        return dt.datetime.min
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time.min)


# -- the officers' dashboard -----------------------------------------------------------------
@dataclass
class PlanProgress:
    """One of this year's plans on the dashboard: every task and indicator with its pace."""

    plan: CampaignPlanPage
    expected: Decimal  # the share of the plan's year that has begun
    tasks: list[TaskRow]
    indicators: list[IndicatorRow]

    @property
    def dom_id(self) -> str:
        return f"plan-{self.plan.pk}"

    @property
    def behind(self) -> int:
        return sum(1 for row in self.tasks if row.pace == "behind")

    @property
    def on_pace(self) -> int:
        return sum(1 for row in self.tasks if row.pace == "on_pace")


@dataclass
class Dashboard:
    day: dt.date
    quarter: int
    quarter_end: dt.date
    overdue: list[TaskRow]
    due_this_quarter: list[TaskRow]
    below_target: list[IndicatorRow]
    plans: list[PlanProgress] = field(default_factory=list)

    @property
    def quarter_label(self) -> str:
        return ROMAN_QUARTERS[self.quarter]


def _open_tasks():
    units = Prefetch("partner_units", queryset=AdministrativeUnit.objects.order_by("path"))
    return (
        PlanTask.objects.filter(plan__live=True)
        .exclude(status=TaskStatus.DONE)
        .select_related("plan", "lead_unit")
        .prefetch_related(units)
        .order_by("due_on", "plan__year", "sort_order", "pk")
    )


def dashboard(*, request=None, on: dt.date | None = None) -> Dashboard:
    day = on or periods.today()
    quarter = quarter_of(day)
    quarter_end = quarter_bounds(day.year, quarter)[1]
    overdue = list(_open_tasks().filter(due_on__lt=day))
    due = list(_open_tasks().filter(due_on__gte=day, due_on__lte=quarter_end))
    counts = linked_counts(task.pk for task in overdue + due)

    def row(task):
        return TaskRow(task, counts.get(task.pk, {}), task.plan.task_url(task, request))

    indicators = PlanIndicator.objects.filter(plan__live=True, plan__year=day.year).select_related("plan")
    rows = indicator_rows(indicators.order_by("plan__title", "sort_order", "pk"), measurements_for(request))
    return Dashboard(
        day,
        quarter,
        quarter_end,
        [row(t) for t in overdue],
        [row(t) for t in due],
        [r for r in rows if r.below_target],
        _plans_of_the_year(day, rows, request=request),
    )


def _plans_of_the_year(day: dt.date, indicators: list[IndicatorRow], *, request=None) -> list[PlanProgress]:
    """This year's live plans, each with all its tasks and indicators (a fixed number of queries)."""
    units = Prefetch("partner_units", queryset=AdministrativeUnit.objects.order_by("path"))
    tasks = list(
        PlanTask.objects.filter(plan__live=True, plan__year=day.year)
        .select_related("plan", "lead_unit")
        .prefetch_related(units)
        .order_by("plan__title", "plan_id", "sort_order", "pk")
    )
    counts = linked_counts(task.pk for task in tasks)
    plans: dict[int, PlanProgress] = {}
    for task in tasks:
        progress = plans.get(task.plan_id)
        if progress is None:
            progress = plans[task.plan_id] = PlanProgress(
                task.plan, expected_percent(*plan_period(task.plan.year), day), [], []
            )
        task.plan = progress.plan
        progress.tasks.append(TaskRow(task, counts.get(task.pk, {}), progress.plan.task_url(task, request)))
    for row in indicators:
        progress = plans.get(row.indicator.plan_id)
        if progress is None:
            plan = row.indicator.plan
            progress = plans[plan.pk] = PlanProgress(plan, expected_percent(*plan_period(plan.year), day), [], [])
        progress.indicators.append(row)
    return sorted(plans.values(), key=lambda p: (p.plan.title, p.plan.pk))


# -- the progress report ---------------------------------------------------------------------
@dataclass
class ProgressReport:
    plan: CampaignPlanPage
    since: dt.date
    until: dt.date
    generated_on: dt.date
    tasks: list[TaskRow]
    indicators: list[IndicatorRow]
    status_counts: dict[str, int]
    kinds: list[LinkableContent]


def progress_report(plan: CampaignPlanPage, *, since: dt.date, until: dt.date, request=None) -> ProgressReport:
    """The plan's tasks with what was published for each in [since, until], and its indicators."""
    tasks = list(plan_tasks(plan))
    for task in tasks:
        task.plan = plan
    counts = linked_counts((task.pk for task in tasks), since=since, until=until)
    kinds = linkable_content()
    rows = []
    for task in tasks:
        task_counts = counts.get(task.pk, {})
        cells = [task_counts.get(kind.key, 0) for kind in kinds]
        rows.append(TaskRow(task, task_counts, plan.task_url(task, request), cells))
    status_counts = dict.fromkeys([*TaskStatus.values, OVERDUE], 0)
    for task in tasks:
        status_counts[task.display_status] += 1
    indicators = list(PlanIndicator.objects.filter(plan=plan))
    for indicator in indicators:
        indicator.plan = plan
    return ProgressReport(
        plan=plan,
        since=since,
        until=until,
        generated_on=periods.today(),
        tasks=rows,
        indicators=indicator_rows(indicators, measurements_for(request)),
        status_counts=status_counts,
        kinds=kinds,
    )
