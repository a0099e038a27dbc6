"""Reads for the kiosk: who was on duty, the definition a tablet stores, the admin's health columns and
results per counter and officer."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from surveys.models import (
    LIKERT_LABELS,
    Ballot,
    Counter,
    CounterDuty,
    Kiosk,
    KioskAnswer,
    KioskAnswerStatus,
    QuestionKind,
    SurveyAnswer,
)


def officer_on_duty(counter_id: int | None, at=None):
    """The officer on duty at the counter at that moment (the roster is kept in time ranges, so an answer
    synced hours later is still credited to whoever served the citizen)."""
    if not counter_id:
        return None
    at = at or timezone.now()
    duty = (
        CounterDuty.objects.select_related("officer")
        .filter(counter_id=counter_id, starts_at__lte=at)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))
        .order_by("-starts_at")
        .first()
    )
    return duty.officer if duty else None


def open_duty(counter: Counter) -> CounterDuty | None:
    return counter.duties.select_related("officer").filter(ends_at__isnull=True).first()


def kiosk_with_subject(queryset: QuerySet | None = None) -> QuerySet:
    queryset = queryset if queryset is not None else Kiosk.objects.all()
    return queryset.select_related("unit", "counter", "poll", "survey_page")


def kiosk_definition(kiosk: Kiosk) -> dict:
    """What a tablet keeps in its storage to go on asking while the network is down."""
    if kiosk.poll_id:
        poll = kiosk.poll
        subject = {
            "kind": "poll",
            "id": poll.pk,
            "title": poll.question,
            "intro": poll.description,
            "questions": [
                {
                    "key": "choice",
                    "text": poll.question,
                    "kind": "choice",
                    "required": True,
                    "options": [
                        {"value": str(c.pk), "label": c.label, "positive": c.is_positive} for c in poll.choices.all()
                    ],
                }
            ],
        }
    else:
        page = kiosk.survey_page
        subject = {
            "kind": "survey",
            "id": page.pk,
            "title": page.title,
            "intro": page.intro,
            "thank_you": page.thank_you,
            "questions": [_question(q) for q in page.questions.all()],
        }
    definition = {
        **subject,
        "kiosk": kiosk.pk,
        "unit": kiosk.unit.name,
        "counter": kiosk.counter.name if kiosk.counter_id else "",
        "ask_case_code": kiosk.ask_case_code,
        "idle_seconds": kiosk.idle_seconds,
        "min_interval_seconds": kiosk.min_interval_seconds,
    }
    digest = hashlib.sha256(json.dumps(definition, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return {**definition, "version": digest}


def _question(question) -> dict:
    if question.kind == QuestionKind.LIKERT:
        options = [{"value": str(score), "label": str(label)} for score, label in LIKERT_LABELS.items()]
    elif question.kind == QuestionKind.SINGLE:
        options = [{"value": str(i), "label": label} for i, label in enumerate(question.option_list)]
    else:
        options = []
    return {
        "key": f"q{question.pk}",
        "text": question.text,
        "kind": "text" if question.kind == QuestionKind.TEXT else "choice",
        "required": question.required,
        "options": options,
    }


def refused_counts(kiosk_ids) -> dict[int, int]:
    rows = (
        KioskAnswer.objects.filter(kiosk_id__in=list(kiosk_ids), status=KioskAnswerStatus.REFUSED)
        .values("kiosk_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["kiosk_id"]: row["n"] for row in rows}


# --- Results per counter and officer (only for callers the CounterPolicy lets through) -----------


@dataclass(frozen=True)
class RatingRow:
    unit: str
    counter: str
    officer: str
    total: int
    satisfied: int
    average: float | None = None

    @property
    def percent(self) -> float:
        return 100 * self.satisfied / self.total if self.total else 0.0


def _officer_name(first: str, last: str, username: str) -> str:
    return f"{last} {first}".strip() or username or ""


def poll_ratings(counters: QuerySet, *, by_officer: bool) -> list[RatingRow]:
    """Kiosk ballots of the given counters, counted per counter (and per officer)."""
    fields = ["counter__unit__name", "counter__name"]
    if by_officer:
        fields += ["officer__first_name", "officer__last_name", "officer__username"]
    rows = (
        Ballot.objects.filter(counter__in=counters)
        .values(*fields)
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(choice__is_positive=True)))
        .order_by(*fields)
    )
    return [
        RatingRow(
            unit=row["counter__unit__name"],
            counter=row["counter__name"],
            officer=_officer_name(
                row["officer__first_name"] or "", row["officer__last_name"] or "", row["officer__username"] or ""
            )
            if by_officer
            else "",
            total=row["total"],
            satisfied=row["satisfied"],
        )
        for row in rows
    ]


def survey_ratings(counters: QuerySet, *, by_officer: bool) -> list[RatingRow]:
    """Scale answers of kiosk survey responses: how many, how many satisfied (4–5) and the average."""
    fields = ["submission__counter__unit__name", "submission__counter__name"]
    if by_officer:
        fields += ["submission__officer__first_name", "submission__officer__last_name", "submission__officer__username"]
    rows = (
        SurveyAnswer.objects.filter(submission__counter__in=counters, score__isnull=False)
        .values(*fields)
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)), average=Avg("score"))
        .order_by(*fields)
    )
    return [
        RatingRow(
            unit=row["submission__counter__unit__name"],
            counter=row["submission__counter__name"],
            officer=_officer_name(
                row["submission__officer__first_name"] or "",
                row["submission__officer__last_name"] or "",
                row["submission__officer__username"] or "",
            )
            if by_officer
            else "",
            total=row["total"],
            satisfied=row["satisfied"],
            average=row["average"],
        )
        for row in rows
    ]


def case_already_rated(kiosk: Kiosk, case_code: str) -> bool:
    from surveys.models import SurveySubmission

    if kiosk.poll_id:
        return Ballot.objects.filter(poll_id=kiosk.poll_id, case_code=case_code).exists()
    return SurveySubmission.objects.filter(page_id=kiosk.survey_page_id, case_code=case_code).exists()
