"""Reads: the open poll for a place, counts for dashboards, results built from the count buckets."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.urls import reverse
from django.utils import timezone

from campaign_site.models import AdministrativeUnit
from surveys.models import (
    LIKERT_LABELS,
    Ballot,
    CommentStatus,
    Poll,
    PollResultCount,
    QuestionKind,
    ResultsVisibility,
    SipasFactor,
    SurveyAnswer,
    SurveyPage,
    SurveySubmission,
)
from surveys.stats import largest_remainder, wilson_interval, wilson_margin

# --- Contract selectors (other apps call these) ---------------------------------------------


def active_poll(*, unit: AdministrativeUnit | None = None) -> Poll | None:
    """An open poll: for `unit`, the one rating the nearest unit at or above it, else a city-wide one."""
    polls = Poll.objects.open().select_related("unit").prefetch_related("choices")
    if unit is not None:
        specific = (
            polls.filter(unit__in=AdministrativeUnit.objects.ancestors_of(unit))
            .order_by("-unit__depth", "-opens_at", "-pk")
            .first()
        )
        if specific is not None:
            return specific
        return polls.filter(unit__isnull=True).first()
    return polls.filter(unit__isnull=True).first() or polls.first()


def poll_vote_path(poll: Poll) -> str:
    """The never-cached page where a citizen votes (works without JavaScript); QR codes point here."""
    return reverse("surveys:vote", args=[poll.pk])


def _day_bounds(value, *, end: bool) -> dt.date | None:
    """A date, or a datetime at local midnight, as a day boundary; None if it falls mid-day.

    A date `until` includes that whole day; a datetime `until` is exclusive.
    """
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.date() if local.time() == dt.time(0) else None
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1) if end else value
    return None


def _counts_between(since, until):
    """Count buckets between two day boundaries, or None when a bound needs the ballot rows."""
    since_day = _day_bounds(since, end=False) if since is not None else None
    until_day = _day_bounds(until, end=True) if until is not None else None
    if (since is not None and since_day is None) or (until is not None and until_day is None):
        return None
    counts = PollResultCount.objects.all()
    if since_day:
        counts = counts.filter(day__gte=since_day)
    if until_day:
        counts = counts.filter(day__lt=until_day)
    return counts


def _ballots_between(since, until):
    ballots = Ballot.objects.all()
    if since is not None:
        ballots = ballots.filter(created_at__gte=since)
    if until is not None:
        ballots = ballots.filter(created_at__lt=until)
    return ballots


def count_ballots(*, since=None, until=None, poll: Poll | None = None) -> int:
    """Ballots cast in [since, until). Day-aligned bounds read the count buckets, others the rows."""
    counts = _counts_between(since, until)
    if counts is not None:
        if poll is not None:
            counts = counts.filter(poll=poll)
        return counts.aggregate(n=Sum("count"))["n"] or 0
    ballots = _ballots_between(since, until)
    if poll is not None:
        ballots = ballots.filter(poll=poll)
    return ballots.count()


def satisfaction_share(*, since=None, until=None) -> float | None:
    """Percent (0..100) of ballots whose choice counts as satisfied; None without ballots."""
    counts = _counts_between(since, until)
    if counts is not None:
        totals = counts.aggregate(n=Sum("count"), positive=Sum("count", filter=Q(choice__is_positive=True)))
    else:
        totals = _ballots_between(since, until).aggregate(
            n=Count("pk"), positive=Count("pk", filter=Q(choice__is_positive=True))
        )
    if not totals["n"]:
        return None
    return (totals["positive"] or 0) * 100 / totals["n"]


# --- Poll box and visibility ----------------------------------------------------------------


def unit_options(rated: AdministrativeUnit | None):
    """Units a citizen may name when voting: everything below the rated unit, or every active unit."""
    units = AdministrativeUnit.objects.active()
    if rated is not None:
        units = units.subtree_of(rated)
    return units.only("id", "name", "short_name", "path")


def poll_box_context(poll: Poll, *, full: bool = False, place: str = "box", voted: bool = False) -> dict:
    """What the poll box needs; nothing in it depends on the visitor, so pages stay cacheable, except
    with `voted` (the box of a visitor who voted: thanks and, when voters may see them, the results).

    `place` keeps element ids unique when one page shows the same poll twice (sidebar and body).
    """
    results = None
    if voted and results_visible(poll.results_visibility, closed=poll.has_closed(), has_voted=True, officer=False):
        results = poll_results(poll, comments=0)
    return {
        "voted": voted,
        "results": results,
        "poll": poll,
        "dom_id": f"poll-{poll.pk}-{place}",
        "choices": list(poll.choices.all()),
        "is_open": poll.is_open(),
        "vote_url": reverse("surveys:vote", args=[poll.pk]),
        "results_url": reverse("surveys:results", args=[poll.pk]),
        "public_results": poll.results_visibility == ResultsVisibility.ALWAYS
        or (poll.results_visibility != ResultsVisibility.OFFICERS and poll.has_closed()),
        "full": full,
    }


def results_visible(visibility: str, *, closed: bool, has_voted: bool, officer: bool) -> bool:
    if officer or visibility == ResultsVisibility.ALWAYS:
        return True
    if visibility == ResultsVisibility.OFFICERS:
        return False
    if visibility == ResultsVisibility.AFTER_VOTE:
        return closed or has_voted
    return closed  # AFTER_CLOSE


def results_need_visitor(visibility: str, *, closed: bool) -> bool:
    """Whether deciding visibility needs the visitor (cookie or login), so the page cannot be cached."""
    return not (visibility == ResultsVisibility.ALWAYS or (visibility != ResultsVisibility.OFFICERS and closed))


def has_voted(poll: Poll, voter_digest: str | None) -> bool:
    return bool(voter_digest) and Ballot.objects.filter(poll=poll, channel="web", voter_hash=voter_digest).exists()


# --- Poll results ---------------------------------------------------------------------------


@dataclass
class ChoiceResult:
    choice_id: int
    label: str
    is_positive: bool
    count: int
    percent: object  # Decimal, sums to 100 across choices
    margin: float  # percentage points, Wilson 95%
    low: float
    high: float


@dataclass
class Breakdown:
    label: str
    total: int
    counts: list[int]
    percents: list = field(default_factory=list)
    positive_share: float | None = None


@dataclass
class PollResults:
    poll: Poll
    total: int
    choices: list[ChoiceResult]
    positive_share: float | None
    positive_margin: float | None
    units: list[Breakdown]
    trend: list[Breakdown]
    period: str
    comments: list


def _breakdown(label, counts_by_choice: dict, choices, positive_ids) -> Breakdown:
    counts = [counts_by_choice.get(choice.pk, 0) for choice in choices]
    total = sum(counts)
    positive = sum(counts_by_choice.get(pk, 0) for pk in positive_ids)
    return Breakdown(
        label=label,
        total=total,
        counts=counts,
        percents=largest_remainder(counts),
        positive_share=positive * 100 / total if total else None,
    )


def poll_results(poll: Poll, *, period: str = "month", comments: int = 20) -> PollResults:
    """Results from the count buckets: a handful of grouped queries, whatever the number of ballots."""
    choices = list(poll.choices.all())
    positive_ids = {choice.pk for choice in choices if choice.is_positive}
    buckets = PollResultCount.objects.filter(poll=poll)

    by_choice = {row["choice_id"]: row["n"] for row in buckets.values("choice_id").annotate(n=Sum("count")).order_by()}
    counts = [by_choice.get(choice.pk, 0) for choice in choices]
    total = sum(counts)
    percents = largest_remainder(counts)
    results = []
    for choice, count, percent in zip(choices, counts, percents, strict=True):
        low, high = wilson_interval(count, total)
        results.append(
            ChoiceResult(
                choice_id=choice.pk,
                label=choice.label,
                is_positive=choice.is_positive,
                count=count,
                percent=percent,
                margin=wilson_margin(count, total),
                low=low * 100,
                high=high * 100,
            )
        )
    positive = sum(by_choice.get(pk, 0) for pk in positive_ids)

    unit_rows: dict = {}
    for row in buckets.values("unit_id", "choice_id").annotate(n=Sum("count")).order_by():
        unit_rows.setdefault(row["unit_id"], {})[row["choice_id"]] = row["n"]
    unit_names = {unit.pk: unit.label for unit in AdministrativeUnit.objects.filter(pk__in=[k for k in unit_rows if k])}
    units = sorted(
        (
            _breakdown(unit_names.get(unit_id, "") if unit_id else None, rows, choices, positive_ids)
            for unit_id, rows in unit_rows.items()
        ),
        key=lambda b: (b.label is None, -b.total, b.label or ""),
    )

    trunc = TruncWeek("day") if period == "week" else TruncMonth("day")
    trend_rows: dict = {}
    for row in buckets.annotate(start=trunc).values("start", "choice_id").annotate(n=Sum("count")).order_by("start"):
        start = row["start"].date() if isinstance(row["start"], dt.datetime) else row["start"]
        trend_rows.setdefault(start, {})[row["choice_id"]] = row["n"]
    trend = [_breakdown(start, rows, choices, positive_ids) for start, rows in trend_rows.items()]

    approved = list(
        Ballot.objects.filter(poll=poll, comment_status=CommentStatus.APPROVED)
        .select_related("choice", "unit")
        .only("comment", "created_at", "choice__label", "unit__name", "unit__short_name")
        .order_by("-created_at")[:comments]
    )
    return PollResults(
        poll=poll,
        total=total,
        choices=results,
        positive_share=positive * 100 / total if total else None,
        positive_margin=wilson_margin(positive, total) if total else None,
        units=units,
        trend=trend,
        period="week" if period == "week" else "month",
        comments=approved,
    )


@dataclass
class UnitMonthTable:
    """Votes and the share satisfied for each unit in each month: rows are units, columns months."""

    months: list[dt.date]
    rows: list[tuple[str | None, list[Breakdown | None]]]  # (unit label, one cell per month)


def unit_month_table(poll: Poll) -> UnitMonthTable:
    """One grouped query over the count buckets, however many ballots the poll has."""
    cells: dict = {}
    months: set[dt.date] = set()
    buckets = PollResultCount.objects.filter(poll=poll).annotate(month=TruncMonth("day"))
    for row in buckets.values("unit_id", "month", "choice__is_positive").annotate(n=Sum("count")).order_by():
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        months.add(month)
        total, positive = cells.get((row["unit_id"], month), (0, 0))
        cells[(row["unit_id"], month)] = (total + row["n"], positive + (row["n"] if row["choice__is_positive"] else 0))
    ordered_months = sorted(months)
    unit_ids = {unit_id for unit_id, _month in cells}
    names = {unit.pk: unit.label for unit in AdministrativeUnit.objects.filter(pk__in=[u for u in unit_ids if u])}
    rows = []
    for unit_id in unit_ids:
        row = []
        for month in ordered_months:
            total, positive = cells.get((unit_id, month), (0, 0))
            share = positive * 100 / total if total else None
            row.append(Breakdown(label=month, total=total, counts=[], positive_share=share) if total else None)
        rows.append((names.get(unit_id) if unit_id else None, row))
    rows.sort(key=lambda item: (item[0] is None, item[0] or ""))
    return UnitMonthTable(ordered_months, rows)


def results_as_json(results: PollResults) -> dict:
    return {
        "poll": {
            "id": results.poll.pk,
            "question": results.poll.question,
            "opens_at": results.poll.opens_at.isoformat(),
            "closes_at": results.poll.closes_at.isoformat() if results.poll.closes_at else None,
            "is_open": results.poll.is_open(),
        },
        "total": results.total,
        "positive_share": results.positive_share,
        "positive_margin": results.positive_margin,
        "choices": [
            {
                "id": c.choice_id,
                "label": c.label,
                "is_positive": c.is_positive,
                "count": c.count,
                "percent": str(c.percent),
                "margin_95": round(c.margin, 2),
                "interval_95": [round(c.low, 2), round(c.high, 2)],
            }
            for c in results.choices
        ],
        "units": [{"unit": b.label, "total": b.total, "counts": b.counts} for b in results.units],
        "trend": {
            "period": results.period,
            "points": [{"start": b.label.isoformat(), "total": b.total, "counts": b.counts} for b in results.trend],
        },
        "note": "self-selected",
    }


def pending_comments(*, within=None):
    """Comments waiting for moderation; `within`: a ballot queryset the moderator may see."""
    ballots = Ballot.objects.all() if within is None else within
    return (
        ballots.filter(comment_status=CommentStatus.PENDING)
        .select_related("poll", "choice", "unit")
        .order_by("created_at")
    )


# --- Survey results -------------------------------------------------------------------------


def survey_results(page: SurveyPage) -> dict:
    """Per question (distribution), per SIPAS factor and per unit (share satisfied, 4–5 on the scale)."""
    questions = list(page.questions.all())
    answers = SurveyAnswer.objects.filter(submission__page=page)
    dist: dict = {}
    for row in answers.values("question_id", "score", "option_index").annotate(n=Count("pk")).order_by():
        key = row["score"] if row["score"] is not None else row["option_index"]
        dist.setdefault(row["question_id"], {})[key] = row["n"]
    text_counts = dict(
        answers.exclude(text="")
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("question_id", "n")
    )
    per_question = []
    for question in questions:
        rows = dist.get(question.pk, {})
        if question.kind == QuestionKind.LIKERT:
            labels = [str(LIKERT_LABELS[score]) for score in range(1, 6)]
            counts = [rows.get(score, 0) for score in range(1, 6)]
        elif question.kind == QuestionKind.SINGLE:
            labels = question.option_list
            counts = [rows.get(index, 0) for index in range(len(labels))]
        else:
            labels, counts = [], []
        total = sum(counts) if counts else text_counts.get(question.pk, 0)
        satisfied = sum(counts[3:]) if question.kind == QuestionKind.LIKERT else None
        per_question.append(
            {
                "question": question,
                "rows": list(zip(labels, counts, largest_remainder(counts), strict=True)),
                "total": total,
                "satisfied_share": satisfied * 100 / total if satisfied is not None and total else None,
                "mean": (sum(s * c for s, c in zip(range(1, 6), counts, strict=True)) / total)
                if question.kind == QuestionKind.LIKERT and total
                else None,
            }
        )

    likert = answers.filter(question__kind=QuestionKind.LIKERT, score__isnull=False)
    aggregates = {"n": Count("pk"), "satisfied": Count("pk", filter=Q(score__gte=4)), "mean": Avg("score")}
    factor_rows = {row["question__factor"]: row for row in likert.values("question__factor").annotate(**aggregates)}
    factors = []
    for value, label in SipasFactor.choices:
        row = factor_rows.get(value)
        n = row["n"] if row else 0
        factors.append(
            {
                "factor": value,
                "label": label,
                "n": n,
                "satisfied_share": row["satisfied"] * 100 / n if n else None,
                "margin": wilson_margin(row["satisfied"], n) if n else None,
                "mean": row["mean"] if n else None,
            }
        )

    unit_table: dict = {}
    for row in likert.values("submission__unit", "question__factor").annotate(**aggregates).order_by():
        unit_table.setdefault(row["submission__unit"], {})[row["question__factor"]] = row
    names = {u.pk: u.label for u in AdministrativeUnit.objects.filter(pk__in=[k for k in unit_table if k])}
    units = []
    for unit_id, rows in unit_table.items():
        shares = []
        for value, _label in SipasFactor.choices:
            row = rows.get(value)
            shares.append(row["satisfied"] * 100 / row["n"] if row and row["n"] else None)
        n = sum(r["n"] for r in rows.values())
        units.append(
            {
                "label": names.get(unit_id) if unit_id else None,
                "shares": shares,
                "satisfied_share": sum(r["satisfied"] for r in rows.values()) * 100 / n if n else None,
            }
        )
    units.sort(key=lambda u: (u["label"] is None, u["label"] or ""))
    return {
        "total": SurveySubmission.objects.filter(page=page).count(),
        "questions": per_question,
        "factors": factors,
        "factor_labels": [label for _value, label in SipasFactor.choices],
        "units": units,
    }
