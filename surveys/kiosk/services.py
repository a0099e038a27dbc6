"""Actions of the kiosk: store an answer made on a tablet (perhaps offline, perhaps sent twice), the
heartbeat, the duty roster. Each answer is its own transaction."""

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign_site.access.scope import covers
from campaign_site.voters import keyed_hash
from surveys import conf
from surveys.kiosk.selectors import officer_on_duty
from surveys.models import (
    Ballot,
    Channel,
    CommentStatus,
    Counter,
    CounterDuty,
    Kiosk,
    KioskAnswer,
    KioskAnswerStatus,
    SurveyAnswer,
    SurveySubmission,
)
from surveys.permissions import counter_policy
from surveys.services import Refused, bump_count, clean_case_code, clean_survey_answers

MAX_QUEUE_REPORTED = 100_000
ACCEPTED, DUPLICATE, REFUSED = "accepted", "duplicate", "refused"


@dataclass(frozen=True)
class Outcome:
    client_id: str
    status: str  # accepted, duplicate or refused
    code: str = ""
    message: str = ""
    http_status: int = 200
    field: str = ""
    errors: dict = dataclasses.field(default_factory=dict)  # per question, for a survey

    def as_json(self) -> dict:
        return {"id": self.client_id, "status": self.status, "code": self.code, "message": str(self.message)}


REASONS = {
    "revoked": _("This kiosk has been revoked: its answers are no longer accepted. Ask for a new kiosk address."),
    "foreign_id": _("This answer id belongs to another kiosk."),
    "future": _("The answer is dated in the future: check the tablet's clock."),
    "too_old": _("The answer is older than the offline window and can no longer be counted."),
    "malformed": _("The answer is not in the expected form."),
    "binding_changed": _("The kiosk now asks something else: this answer was for the previous question."),
    "too_soon": _("Please wait a moment before the next vote on this kiosk."),
}


def _refusal(code: str) -> Refused:
    return Refused(code, REASONS[code], status=409 if code != "malformed" else 400)


# --- Parsing what a tablet sends -------------------------------------------------------------


def parse_client_id(value) -> uuid.UUID | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def parse_answered_at(value, *, now: datetime) -> datetime:
    """The time the citizen answered: ISO 8601 with a zone, not ahead of the server beyond the clock
    skew (clamped to now within it), not older than the offline window."""
    if not isinstance(value, str) or len(value) > 40:
        raise _refusal("malformed")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _refusal("malformed") from None
    if when.tzinfo is None:
        raise _refusal("malformed")
    if when > now + timedelta(seconds=conf.kiosk_clock_skew_seconds()):
        raise _refusal("future")
    if when < now - timedelta(hours=conf.kiosk_offline_window_hours()):
        raise _refusal("too_old")
    return min(when, now)


# --- Storing one answer ----------------------------------------------------------------------


def record_answer(
    *,
    kiosk: Kiosk,
    client_id: uuid.UUID,
    answered_at: datetime,
    data: dict,
    channel: str = Channel.KIOSK,
    case_code: str = "",
    remember_refusal: bool = True,
) -> Outcome:
    """Store one answer given on the kiosk (or through its receipt link) exactly once.

    The ledger's unique client id decides duplicates, not a prior read: two syncs racing with the
    same answer store one ballot. A refused answer is written to the ledger too, so the admin can
    count it and a replay gets the same answer; the no-JavaScript form, where the citizen corrects and
    sends again, passes `remember_refusal=False`.
    """
    refuse = _refuse if remember_refusal else _refuse_once
    cid = str(client_id)
    known = KioskAnswer.objects.filter(client_id=client_id).first()
    if known is not None:
        return _known(known, kiosk, cid)
    try:
        prepared = _prepare(kiosk=kiosk, answered_at=answered_at, data=data, case_code=case_code)
    except Refused as refusal:
        return refuse(kiosk=kiosk, client_id=client_id, answered_at=answered_at, refusal=refusal)
    try:
        with transaction.atomic():
            if channel == Channel.KIOSK:
                _claim_interval(kiosk, answered_at)
            stored = _store(kiosk=kiosk, prepared=prepared, answered_at=answered_at, channel=channel, cid=cid)
            KioskAnswer.objects.create(
                kiosk=kiosk,
                client_id=client_id,
                status=KioskAnswerStatus.ACCEPTED,
                answered_at=answered_at,
                **stored,
            )
    except Refused as refusal:
        return refuse(kiosk=kiosk, client_id=client_id, answered_at=answered_at, refusal=refusal)
    except IntegrityError:
        known = KioskAnswer.objects.filter(client_id=client_id).first()
        if known is not None:  # the same answer, stored by a concurrent sync
            return _known(known, kiosk, cid)
        refusal = Refused("case_code_used", _("This case has already been rated."), status=409, field="case_code")
        return refuse(kiosk=kiosk, client_id=client_id, answered_at=answered_at, refusal=refusal)
    return Outcome(cid, ACCEPTED)


def _known(known: KioskAnswer, kiosk: Kiosk, cid: str) -> Outcome:
    if known.kiosk_id != kiosk.pk:
        return Outcome(cid, REFUSED, "foreign_id", REASONS["foreign_id"], 409)
    if known.status == KioskAnswerStatus.ACCEPTED:
        return Outcome(cid, DUPLICATE)
    return Outcome(cid, REFUSED, known.reason, REASONS.get(known.reason, _("This answer was refused.")), 409)


def _refuse(*, kiosk: Kiosk, client_id: uuid.UUID, answered_at, refusal: Refused) -> Outcome:
    cid = str(client_id)
    try:
        with transaction.atomic():
            KioskAnswer.objects.create(
                kiosk=kiosk,
                client_id=client_id,
                status=KioskAnswerStatus.REFUSED,
                reason=refusal.code[:40],
                answered_at=answered_at,
            )
    except IntegrityError:
        known = KioskAnswer.objects.filter(client_id=client_id).first()
        if known is not None:
            return _known(known, kiosk, cid)
        raise
    return Outcome(cid, REFUSED, refusal.code, refusal.message, refusal.status, refusal.field)


def _refuse_once(*, kiosk, client_id, answered_at, refusal: Refused) -> Outcome:
    errors = getattr(refusal, "errors", {})
    return Outcome(str(client_id), REFUSED, refusal.code, refusal.message, refusal.status, refusal.field, errors)


def _open_at(subject, when: datetime) -> None:
    if subject.opens_at > when or (subject.closes_at is not None and subject.closes_at <= when):
        raise Refused("closed", _("The question was not open when this answer was given."), status=409)


def _prepare(*, kiosk: Kiosk, answered_at: datetime, data: dict, case_code: str) -> dict:
    """Check an answer against the kiosk's poll or survey; return what `_store` needs."""
    case_code = clean_case_code(case_code or data.get("case_code") or "")
    if kiosk.poll_id:
        if str(data.get("poll", kiosk.poll_id)) != str(kiosk.poll_id) or "survey" in data:
            raise _refusal("binding_changed")
        poll = kiosk.poll
        _open_at(poll, answered_at)
        raw = str(data.get("choice", ""))
        choice = next((c for c in poll.choices.all() if str(c.pk) == raw), None)
        if choice is None:
            raise Refused("choice_invalid", _("This answer does not belong to this poll."), field="choice")
        return {"poll": poll, "choice": choice, "case_code": case_code}
    if str(data.get("survey", kiosk.survey_page_id)) != str(kiosk.survey_page_id) or "poll" in data:
        raise _refusal("binding_changed")
    page = kiosk.survey_page
    if not page.live:
        raise Refused("not_live", _("This survey is not published."), status=409)
    _open_at(page, answered_at)
    answers = data.get("answers")
    if not isinstance(answers, dict) or len(answers) > 200:
        raise _refusal("malformed")
    values = {str(k): v if isinstance(v, str) else str(v) for k, v in answers.items() if v is not None}
    cleaned = clean_survey_answers(page=page, data=values)  # SurveyRefused names each wrong answer
    if not cleaned:
        raise Refused("survey_empty", _("Please answer at least one question."))
    return {"page": page, "answers": cleaned, "case_code": case_code}


def _claim_interval(kiosk: Kiosk, answered_at: datetime) -> None:
    """One atomic UPDATE: the kiosk is still live and the answer lies at least its interval away from the
    kiosk's latest one, before or after it (times as given on the tablet, so answers queued offline keep
    their spacing, and an older queue arriving after a newer vote is still counted)."""
    gap = timedelta(seconds=kiosk.min_interval_seconds)
    live = Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True, token_hash=kiosk.token_hash)
    spaced = (
        Q(last_vote_at__isnull=True) | Q(last_vote_at__lte=answered_at - gap) | Q(last_vote_at__gte=answered_at + gap)
    )
    latest = Case(When(last_vote_at__gt=answered_at, then=F("last_vote_at")), default=Value(answered_at))
    if live.filter(spaced).update(last_vote_at=latest):
        return
    raise _refusal("too_soon" if live.exists() else "revoked")


def _answer_hash(cid: str) -> str:
    """Stands in for the voter hash of kiosk and receipt answers: one per answer, never a person."""
    return keyed_hash("kiosk-answer", cid)


def _store(*, kiosk: Kiosk, prepared: dict, answered_at: datetime, channel: str, cid: str) -> dict:
    counter_id = kiosk.counter_id
    officer = officer_on_duty(counter_id, answered_at)
    if "poll" in prepared:
        ballot = Ballot.objects.create(
            poll=prepared["poll"],
            choice=prepared["choice"],
            channel=channel,
            unit=kiosk.unit,
            kiosk=kiosk,
            counter_id=counter_id,
            officer=officer,
            created_at=answered_at,
            case_code=prepared["case_code"],
            comment_status=CommentStatus.NONE,
            # Receipt answers come from a phone: the web rule needs a voter hash, here one per answer.
            voter_hash=_answer_hash(cid) if channel == Channel.WEB else "",
        )
        bump_count(ballot)
        return {"ballot": ballot}
    submission = SurveySubmission.objects.create(
        page=prepared["page"],
        unit=kiosk.unit,
        kiosk=kiosk,
        counter_id=counter_id,
        officer=officer,
        case_code=prepared["case_code"],
        created_at=answered_at,
        voter_hash=_answer_hash(cid),
    )
    for answer in prepared["answers"]:
        answer.submission = submission
    SurveyAnswer.objects.bulk_create(prepared["answers"])
    return {"submission": submission}


# --- A sync request and a heartbeat ---------------------------------------------------------


def sync_answers(*, kiosk: Kiosk, entries: list, queue_length: int, now: datetime | None = None) -> list[Outcome]:
    """Store a tablet's queued answers in order; a revoked kiosk's are refused (and counted)."""
    now = now or timezone.now()
    outcomes = []
    for entry in entries:
        client_id = parse_client_id(entry.get("id")) if isinstance(entry, dict) else None
        if client_id is None:
            raw = entry.get("id") if isinstance(entry, dict) else None
            outcomes.append(Outcome(str(raw)[:40] if raw else "", REFUSED, "malformed", REASONS["malformed"]))
            continue
        try:
            answered_at = parse_answered_at(entry.get("answered_at"), now=now)
            if not kiosk.is_active:
                raise _refusal("revoked")
        except Refused as refusal:
            outcomes.append(_refuse(kiosk=kiosk, client_id=client_id, answered_at=None, refusal=refusal))
            continue
        outcomes.append(record_answer(kiosk=kiosk, client_id=client_id, answered_at=answered_at, data=entry))
    left = max(0, min(int(queue_length or 0), MAX_QUEUE_REPORTED) - len(entries))
    record_heartbeat(kiosk=kiosk, queue_length=left, synced=True, now=now)
    return outcomes


def record_heartbeat(*, kiosk: Kiosk, queue_length: int, synced: bool = False, now: datetime | None = None) -> None:
    now = now or timezone.now()
    fields = {"last_seen_at": now, "queue_length": max(0, min(int(queue_length), MAX_QUEUE_REPORTED))}
    if synced:
        fields["last_sync_at"] = now
    Kiosk.objects.filter(pk=kiosk.pk).update(**fields)


# --- The duty roster --------------------------------------------------------------------------


def _check_can_change(user, counter: Counter) -> None:
    if not counter_policy.user_has_permission_for_instance(user, "change", counter):
        raise Refused("forbidden", _("You may not change the roster of this counter."), status=403)


@transaction.atomic
def start_duty(*, counter: Counter, officer, user, now: datetime | None = None) -> CounterDuty:
    """Put `officer` on duty at the counter from now, ending whoever was there."""
    _check_can_change(user, counter)
    profile = getattr(officer, "officer_profile", None)
    if not officer.is_active or profile is None or not covers(counter.unit, [profile.unit]):
        raise Refused("officer_invalid", _("This officer does not work for the counter's unit."), field="officer")
    now = now or timezone.now()
    Counter.objects.select_for_update().filter(pk=counter.pk).first()  # one roster change per counter at a time
    _close_open_duty(counter, now)
    return CounterDuty.objects.create(counter=counter, officer=officer, starts_at=now, created_by=user)


@transaction.atomic
def end_duty(*, counter: Counter, user, now: datetime | None = None) -> int:
    _check_can_change(user, counter)
    return _close_open_duty(counter, now or timezone.now())


def _close_open_duty(counter: Counter, now: datetime) -> int:
    open_duties = CounterDuty.objects.filter(counter=counter, ends_at__isnull=True)
    open_duties.filter(starts_at__gte=now).delete()  # a turn that had not begun yet never happened
    return open_duties.filter(starts_at__lt=now).update(ends_at=now)
