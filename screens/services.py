"""Actions on screens and messages. Every permission rule lives here; the admin only mirrors it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from screens import conf, permissions, polling
from screens.models import MessageKind, MessageStatus, Screen, ScreenMessage, ScreenPlay
from screens.models.messages import readable_duration
from screens.tokens import hash_token, new_token

CONTENT_FIELDS = (
    "title",
    "text",
    "image_id",
    "kind",
    "target_screen_id",
    "target_unit_id",
    "include_subunits",
    "starts_at",
    "ends_at",
    "days_of_week",
    "daily_start",
    "daily_end",
    "duration_seconds",
    "priority",
    "plan_task_id",
)


# --- Permission checks (the rules: screens.permissions.message_policy) -------------------------


def check_can_save(*, message: ScreenMessage, user) -> None:
    refusal = permissions.message_policy.save_refusal(user, message)
    if refusal:
        raise PermissionDenied(refusal)


def check_can_review(*, message: ScreenMessage, user) -> None:
    refusal = permissions.message_policy.review_refusal(user, message)
    if refusal:
        raise PermissionDenied(refusal)
    if message.status != MessageStatus.PENDING:
        raise ValidationError(_("Only messages waiting for approval can be approved or rejected."))


# --- Messages ----------------------------------------------------------------------------------


def _content(message: ScreenMessage) -> tuple:
    return tuple(getattr(message, field) for field in CONTENT_FIELDS)


@transaction.atomic
def save_message(*, message: ScreenMessage, user, submit: bool = True) -> ScreenMessage:
    """Create or edit a message. A changed approved (or rejected) message goes back to pending;
    an emergency from a city officer is approved on sending (it cannot wait for a review)."""
    check_can_save(message=message, user=user)
    previous = None
    if message.pk:
        previous = ScreenMessage.objects.select_for_update().get(pk=message.pk)
        check_can_save(message=previous, user=user)  # may not take over another ward's message either
    message.full_clean()
    now = timezone.now()
    changed = previous is None or _content(previous) != _content(message)
    if message.pk is None:
        message.created_by = user
    if message.kind == MessageKind.EMERGENCY:
        if changed or message.status != MessageStatus.APPROVED:
            message.status = MessageStatus.APPROVED
            message.submitted_at = now
            message.reviewed_by = None
            message.reviewed_at = now
            message.review_note = _("Emergency message sent by a city information officer.")
    else:
        reviewed_then_edited = previous is not None and changed and previous.status in _REVIEWED
        submitted = submit and message.status in {MessageStatus.DRAFT, MessageStatus.REJECTED}
        if reviewed_then_edited or submitted:
            _to_pending(message, now)
    message.save()
    return message


_REVIEWED = {MessageStatus.APPROVED, MessageStatus.REJECTED}


def _to_pending(message: ScreenMessage, now: datetime) -> None:
    message.status = MessageStatus.PENDING
    message.submitted_at = now
    message.reviewed_by = None
    message.reviewed_at = None
    message.review_note = ""


@transaction.atomic
def approve_message(*, message: ScreenMessage, user, note: str = "") -> ScreenMessage:
    message = ScreenMessage.objects.select_for_update().get(pk=message.pk)
    check_can_review(message=message, user=user)
    message.status = MessageStatus.APPROVED
    message.reviewed_by = user
    message.reviewed_at = timezone.now()
    message.review_note = (note or "").strip()
    message.save()
    return message


@transaction.atomic
def reject_message(*, message: ScreenMessage, user, reason: str) -> ScreenMessage:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the message is rejected.")})
    message = ScreenMessage.objects.select_for_update().get(pk=message.pk)
    check_can_review(message=message, user=user)
    message.status = MessageStatus.REJECTED
    message.reviewed_by = user
    message.reviewed_at = timezone.now()
    message.review_note = reason
    message.save()
    return message


END_NOW_ACTION = "screens.end_now"


@transaction.atomic
def end_message(*, message: ScreenMessage, user) -> ScreenMessage:
    """Stop a running message now (the way to lift an emergency early): whoever may edit it, in
    one transaction with its audit entry (shown in the message's history)."""
    message = ScreenMessage.objects.select_for_update().get(pk=message.pk)
    check_can_save(message=message, user=user)
    if not message.is_running:
        raise ValidationError(_("Only a message that is on the screens now can be ended now."))
    message.ends_at = max(timezone.now(), message.starts_at + timedelta(seconds=1))
    message.save(update_fields=["ends_at", "updated_at"])
    log(instance=message, action=END_NOW_ACTION, user=user)
    return message


def send_emergency(
    *, user, title: str, text: str = "", target_unit=None, target_screen=None, minutes: int = 30
) -> ScreenMessage:
    now = timezone.now()
    message = ScreenMessage(
        kind=MessageKind.EMERGENCY,
        title=title,
        text=text,
        target_unit=target_unit,
        target_screen=target_screen,
        include_subunits=target_unit is not None,
        starts_at=now,
        ends_at=now + timedelta(minutes=minutes),
        priority=100,
    )
    message.duration_seconds = readable_duration(message=message, at_least=30)
    return save_message(message=message, user=user)


# --- Screens and tokens ------------------------------------------------------------------------


def check_can_manage(*, user) -> None:
    if not permissions.can_manage_screens(user):
        raise PermissionDenied(_("You may not manage screens."))


@transaction.atomic
def set_token(*, screen: Screen, token: str) -> None:
    screen.token_hash = hash_token(token)
    screen.token_hint = token[:6]
    screen.token_revoked_at = None
    screen.save()


def regenerate_token(*, screen: Screen, user) -> str:
    """Issue a new secret and return it; it is shown once, only its hash is kept."""
    check_can_manage(user=user)
    token = new_token()
    set_token(screen=screen, token=token)
    return token


@transaction.atomic
def revoke_token(*, screen: Screen, user) -> Screen:
    check_can_manage(user=user)
    screen.token_revoked_at = timezone.now()
    screen.save()
    return screen


# --- Health and proof of play ------------------------------------------------------------------


def record_heartbeat(
    *,
    screen_id: int,
    poll_interval: int,
    ip: str | None,
    player_version: str = "",
    feed_version: str = "",
    source: str = "feed",
) -> bool:
    """Note that a screen is alive; writes at most once per SCREENS_HEARTBEAT_WRITE_SECONDS per screen
    and source (feed poll, player report), so thousands of polling screens do not turn every poll
    into a database write."""
    if not cache.add(polling.heartbeat_key(screen_id, source), 1, conf.heartbeat_write_seconds()):
        return False
    now = timezone.now()
    fields = {
        "last_seen_at": now,
        "online_until": now + polling.online_window(poll_interval),
        "last_ip": ip or None,
    }
    if player_version:
        fields["player_version"] = player_version[:40]
    if feed_version:
        fields["last_feed_version"] = feed_version[:80]
    Screen.objects.filter(pk=screen_id).update(**fields)
    return True


@dataclass
class PlayReport:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0


MAX_PLAYS_PER_POST = 500


def record_plays(*, screen: Screen, entries: list, now: datetime | None = None) -> PlayReport:
    """Store the plays a player reports. Invalid entries are counted and dropped; replays (same
    play id for this screen) are ignored by the unique constraint, so the report stays true."""
    from screens.selectors import message_ids_for_screen

    now = now or timezone.now()
    report = PlayReport()
    if not entries:
        return report
    allowed_messages = message_ids_for_screen(screen)
    rows: dict[str, ScreenPlay] = {}
    for entry in entries[:MAX_PLAYS_PER_POST]:
        play = _parse_play(entry, screen=screen, now=now, allowed_messages=allowed_messages)
        if play is None or play.play_id in rows:
            report.rejected += play is None
            report.duplicates += play is not None
            continue
        rows[play.play_id] = play
    report.rejected += max(0, len(entries) - MAX_PLAYS_PER_POST)
    if rows:
        with transaction.atomic():
            existing = set(
                ScreenPlay.objects.filter(screen=screen, play_id__in=list(rows)).values_list("play_id", flat=True)
            )
            fresh = [row for key, row in rows.items() if key not in existing]
            ScreenPlay.objects.bulk_create(fresh, ignore_conflicts=True)
        report.accepted += len(fresh)
        report.duplicates += len(existing)
    return report


def _parse_play(entry, *, screen: Screen, now: datetime, allowed_messages: set[int]) -> ScreenPlay | None:
    if not isinstance(entry, dict):
        return None
    play_id, item, started, duration = (entry.get(key) for key in ("id", "item", "started_at", "duration"))
    if not (isinstance(play_id, str) and 8 <= len(play_id) <= 64 and play_id.replace("-", "").isalnum()):
        return None
    if not (isinstance(item, str) and 0 < len(item) <= 80):
        return None
    if isinstance(duration, bool) or not isinstance(duration, int | float) or not 1 <= duration <= 3600:
        return None
    try:
        started_at = datetime.fromisoformat(started) if isinstance(started, str) else None
    except ValueError:
        started_at = None
    if started_at is None or started_at.tzinfo is None:
        return None
    if not now - timedelta(days=7) <= started_at <= now + timedelta(minutes=5):
        return None
    message_id = None
    if item.startswith("m") and item[1:].isdigit():
        message_id = int(item[1:])
        if message_id not in allowed_messages:
            return None  # a screen cannot claim to have shown a message not meant for it
    return ScreenPlay(
        screen=screen,
        play_id=play_id,
        message_id=message_id,
        item_id=item,
        started_at=started_at,
        duration_seconds=round(duration),
    )
