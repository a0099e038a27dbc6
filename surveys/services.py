"""Actions that change polls, ballots, kiosks and survey responses. Each runs in one transaction."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign_site.models import AdministrativeUnit
from campaign_site.text import clean_line, nfc
from surveys import conf
from surveys.models import (
    Ballot,
    Channel,
    CommentStatus,
    Kiosk,
    Poll,
    PollChoice,
    PollResultCount,
    QuestionKind,
    SurveyAnswer,
    SurveyPage,
    SurveySubmission,
    hash_token,
)
from surveys.permissions import MODERATE, comment_policy
from surveys.security import count_vote_attempt, ip_hash, looks_like_html, voter_hash
from surveys.voting import (
    CASE_CODE,
    Refused,
    allowed_unit,
    check_ballot,
    check_open,
    clean_case_code,
    clean_comment,
)

# The ballot rules, pure (surveys/voting.py); re-exported, as callers import them from here.
__all__ = ["CASE_CODE", "Refused", "allowed_unit", "clean_case_code", "clean_comment"]


def _check_rate(ip_digest: str) -> None:
    retry_after = count_vote_attempt(ip_digest)
    if retry_after is not None:
        raise Refused(
            "rate_limited",
            _("Too many votes from this network in a short time. Please try again later."),
            429,
            retry_after=retry_after,
        )


# --- Ballots --------------------------------------------------------------------------------


def cast_ballot(
    *,
    poll: Poll,
    choice: PollChoice,
    channel: str,
    voter_key: str,
    ip: str | None,
    unit: AdministrativeUnit | None = None,
    comment: str = "",
    case_code: str = "",
    kiosk: Kiosk | None = None,
) -> Ballot:
    """Store one ballot and count it, or raise `Refused` having stored nothing.

    Web: one ballot per voter key and poll (a partial unique constraint decides, not a prior
    check) and a rate limit per IP hash. Kiosk: a minimum interval per kiosk, enforced by a
    conditional UPDATE of the kiosk row, and optionally one ballot per case code.
    """
    now = timezone.now()
    checked = check_ballot(
        poll=poll,
        choice=choice,
        channel=channel,
        voter_key=voter_key,
        unit=unit,
        comment=comment,
        case_code=case_code,
        kiosk=kiosk,
        now=now,
    )
    ip_digest = ip_hash(ip)
    if channel == Channel.WEB:
        _check_rate(ip_digest)

    with transaction.atomic():
        if channel == Channel.KIOSK:
            _claim_kiosk_slot(kiosk, now)
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    poll=poll,
                    choice=choice,
                    channel=channel,
                    unit=checked.unit,
                    kiosk=kiosk,
                    created_at=now,
                    voter_hash=checked.voter_hash,
                    ip_hash=ip_digest,
                    case_code=checked.case_code,
                    comment=checked.comment,
                    comment_status=CommentStatus.PENDING if checked.comment else CommentStatus.NONE,
                )
        except IntegrityError as error:
            if checked.case_code and Ballot.objects.filter(poll=poll, case_code=checked.case_code).exists():
                raise Refused(
                    "case_code_used", _("This case has already been rated."), status=409, field="case_code"
                ) from error
            raise Refused("already_voted", _("You have already voted in this poll."), status=409) from error
        bump_count(ballot)
    return ballot


def _claim_kiosk_slot(kiosk: Kiosk, now) -> None:
    """Set last_vote_at only if the kiosk is live and its interval has passed: one atomic UPDATE."""
    cutoff = now - timedelta(seconds=kiosk.min_interval_seconds)
    claimed = (
        Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True, token_hash=kiosk.token_hash)
        .filter(Q(last_vote_at__isnull=True) | Q(last_vote_at__lte=cutoff))
        .update(last_vote_at=now)
    )
    if claimed:
        return
    current = Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True, token_hash=kiosk.token_hash).exists()
    if not current:
        raise Refused("kiosk_revoked", _("This kiosk has been revoked."), status=403)
    raise Refused("kiosk_too_soon", _("Please wait a moment before the next vote on this kiosk."), status=429)


def bump_count(ballot: Ballot) -> None:
    """Add one to the ballot's bucket: UPDATE … SET count = count + 1, inserting the bucket if new."""
    bucket = {
        "poll_id": ballot.poll_id,
        "choice_id": ballot.choice_id,
        "unit_id": ballot.unit_id,
        "channel": ballot.channel,
        "day": timezone.localdate(ballot.created_at),
    }
    if PollResultCount.objects.filter(**bucket).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PollResultCount.objects.create(**bucket, count=1)
    except IntegrityError:
        # Another transaction created the bucket first; its row is committed now.
        PollResultCount.objects.filter(**bucket).update(count=F("count") + 1)


@transaction.atomic
def rebuild_counts(*, poll: Poll | None = None) -> int:
    """Recompute the result counts from the ballot rows; returns the number of ballots counted."""
    if connection.vendor == "postgresql":
        # Hold off new ballots while the buckets are rebuilt, so none is counted twice or missed.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Ballot._meta.db_table} IN SHARE MODE")
    ballots = Ballot.objects.all()
    counts = PollResultCount.objects.all()
    if poll is not None:
        ballots, counts = ballots.filter(poll=poll), counts.filter(poll=poll)
    counts.delete()
    rows = (
        ballots.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("poll_id", "choice_id", "unit_id", "channel", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    buckets = [
        PollResultCount(
            poll_id=row["poll_id"],
            choice_id=row["choice_id"],
            unit_id=row["unit_id"],
            channel=row["channel"],
            day=row["day"],
            count=row["n"],
        )
        for row in rows
    ]
    PollResultCount.objects.bulk_create(buckets, batch_size=1000)
    return sum(bucket.count for bucket in buckets)


@transaction.atomic
def moderate_comment(*, ballot: Ballot, approve: bool, user=None) -> Ballot:
    """Approve or reject a ballot's comment; with `user`, only within their scope (PermissionDenied)."""
    if user is not None and not comment_policy.user_has_permission_for_instance(user, MODERATE, ballot):
        raise PermissionDenied
    status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    Ballot.objects.filter(pk=ballot.pk).exclude(comment="").update(comment_status=status)
    ballot.refresh_from_db(fields=["comment_status"])
    return ballot


# --- Kiosks ---------------------------------------------------------------------------------


@transaction.atomic
def issue_kiosk_token(*, kiosk: Kiosk) -> str:
    """Give the kiosk a new token (the old one stops working) and return it; only its hash is kept."""
    token = secrets.token_urlsafe(24)
    kiosk.token_hash = hash_token(token)
    kiosk.token_issued_at = timezone.now()
    kiosk.revoked_at = None
    kiosk.save(update_fields=["token_hash", "token_issued_at", "revoked_at"])
    return token


@transaction.atomic
def revoke_kiosk(*, kiosk: Kiosk) -> Kiosk:
    Kiosk.objects.filter(pk=kiosk.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    kiosk.refresh_from_db(fields=["revoked_at"])
    return kiosk


def find_kiosk(token: str) -> Kiosk | None:
    if not token or len(token) > 100:
        return None
    return Kiosk.objects.select_related("unit", "poll").filter(token_hash=hash_token(token)).first()


# --- Surveys --------------------------------------------------------------------------------


class SurveyRefused(Refused):
    def __init__(self, errors: dict, status: int = 400):
        super().__init__("survey_invalid", _("Please correct the answers marked below."), status)
        self.errors = errors


def clean_survey_answers(*, page: SurveyPage, data) -> list[SurveyAnswer]:
    """Turn posted values (`q<id>` keys) into unsaved answers, or raise `SurveyRefused` with errors."""
    answers, errors = [], {}
    for question in page.questions.all():
        key = f"q{question.pk}"
        raw = clean_line(data.get(key, "")) if question.kind != QuestionKind.TEXT else nfc(data.get(key, "")).strip()
        if not raw:
            if question.required:
                errors[key] = _("Please answer this question.")
            continue
        answer = SurveyAnswer(question=question)
        if question.kind == QuestionKind.TEXT:
            if len(raw) > conf.comment_max_length():
                errors[key] = _("The answer is too long (at most %(max)s characters).") % {
                    "max": conf.comment_max_length()
                }
            elif looks_like_html(raw):
                errors[key] = _("Please write the answer as plain text, without HTML.")
            answer.text = raw
        else:
            limit = len(question.option_list) - 1 if question.kind == QuestionKind.SINGLE else 5
            low = 0 if question.kind == QuestionKind.SINGLE else 1
            if not raw.isdigit() or not low <= int(raw) <= limit:
                errors[key] = _("Please choose one of the answers offered.")
                continue
            if question.kind == QuestionKind.SINGLE:
                answer.option_index = int(raw)
            else:
                answer.score = int(raw)
        answers.append(answer)
    if errors:
        raise SurveyRefused(errors)
    return answers


def submit_survey(
    *, page: SurveyPage, data, voter_key: str, ip: str | None, unit: AdministrativeUnit | None = None
) -> SurveySubmission:
    """Store one response with all its answers, or nothing. One response per browser (a constraint)."""
    if not page.live:
        raise Refused("not_live", _("This survey is not published."), status=404)
    try:
        check_open(page.opens_at, page.closes_at, timezone.now())
    except Refused as error:
        if error.code == "closed":
            raise Refused("closed", _("This survey has closed."), status=409) from error
        raise Refused("not_open", _("This survey is not open yet."), status=409) from error
    if not voter_key:
        raise Refused("voter_missing", _("Your browser did not send a voter key."))
    unit = allowed_unit(rated=page.unit, unit=unit)
    answers = clean_survey_answers(page=page, data=data)
    if not answers:
        raise SurveyRefused({"__all__": _("Please answer at least one question.")})
    ip_digest = ip_hash(ip)
    _check_rate(ip_digest)
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = SurveySubmission.objects.create(
                    page=page, unit=unit, voter_hash=voter_hash(voter_key), ip_hash=ip_digest
                )
        except IntegrityError as error:
            raise Refused("already_answered", _("You have already answered this survey."), status=409) from error
        for answer in answers:
            answer.submission = submission
        SurveyAnswer.objects.bulk_create(answers)
    return submission
