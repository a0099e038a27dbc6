"""Subscription actions: sign up (double opt-in), confirm, change choices, unsubscribe, internal
lists, purge. Each is one transaction; mails leave through tasks after the commit."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf, ratelimit
from .addresses import InvalidAddress, normalize_address
from .models import Subscriber
from .models.subscribers import Digest, Origin, Status, new_key

logger = logging.getLogger(__name__)


class SignupRefused(Exception):
    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Choices:
    wants_bulletin: bool
    digest: str = Digest.NONE
    category_ids: tuple[int, ...] = ()
    unit_ids: tuple[int, ...] = ()

    def check(self) -> None:
        if self.digest not in Digest.values:
            raise SignupRefused(_("Choose daily, weekly or no digest."))
        if not self.wants_bulletin and not self.digest:
            raise SignupRefused(_("Choose the daily bulletin, a news digest, or both."))


def _apply_choices(subscriber: Subscriber, choices: Choices) -> None:
    subscriber.wants_bulletin = choices.wants_bulletin
    subscriber.digest = choices.digest
    subscriber.save(update_fields=["wants_bulletin", "digest"])
    subscriber.categories.set(choices.category_ids)
    subscriber.units.set(choices.unit_ids)


def _claim_confirmation_slot(subscriber: Subscriber, today: dt.date) -> bool:
    """Count one confirmation mail for today, unless the day's cap is reached. One conditional UPDATE,
    so simultaneous sign-ups cannot slip past the cap."""
    cap = conf.confirmations_per_day()
    claimed = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .filter(~Q(confirmations_day=today) | Q(confirmations_day__isnull=True) | Q(confirmations_sent__lt=cap))
        .update(
            confirmations_sent=Case(When(confirmations_day=today, then=F("confirmations_sent") + 1), default=Value(1)),
            confirmations_day=today,
        )
    )
    return claimed == 1


def subscribe(*, email: str, choices: Choices, client_key: str) -> Subscriber:
    """Record a sign-up and send a confirmation link. An address already confirmed keeps its choices
    (nobody changes them without the link) and gets its manage link instead."""
    if not ratelimit.allow(f"ip:{client_key}", limit=conf.signups_per_ip_hour(), window=3600):
        raise SignupRefused(_("Too many sign-ups from your network. Please try again in an hour."), status=429)
    try:
        address = normalize_address(email)
    except InvalidAddress as error:
        raise SignupRefused(error.message) from error
    choices.check()
    today = timezone.localdate()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscriber, _created = Subscriber.objects.get_or_create(email=address)
        except IntegrityError:  # the same address signed up at the same moment
            subscriber = Subscriber.objects.get(email=address)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        already_active = subscriber.status == Status.ACTIVE
        if not already_active:
            if subscriber.status != Status.PENDING:
                subscriber.status = Status.PENDING
                subscriber.unsubscribed_at = None
                subscriber.hard_failures = 0
                subscriber.key = new_key()  # links from the old subscription die with it
                subscriber.save(update_fields=["status", "unsubscribed_at", "hard_failures", "key"])
            _apply_choices(subscriber, choices)
        if not _claim_confirmation_slot(subscriber, today):
            raise SignupRefused(
                _(
                    "We have already sent several e-mails to this address today. "
                    "Please check your inbox (and spam folder) or try again tomorrow."
                ),
                status=429,
            )
        transaction.on_commit(lambda: _enqueue_confirmation(subscriber.pk, already_active))
    return subscriber


def _enqueue_confirmation(subscriber_id: int, already_active: bool) -> None:
    from .tasks import send_confirmation_task

    try:
        send_confirmation_task.enqueue(subscriber_id=subscriber_id, already_active=already_active)
    except Exception:  # a queue that is down must not turn a sign-up into an error page
        logger.exception("Could not queue the confirmation mail for subscriber %s", subscriber_id)


@transaction.atomic
def confirm(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.status == Status.ACTIVE:
        return subscriber
    subscriber.status = Status.ACTIVE
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.hard_failures = 0
    subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "hard_failures"])
    return subscriber


@transaction.atomic
def update_choices(*, subscriber: Subscriber, choices: Choices) -> Subscriber:
    choices.check()
    _apply_choices(subscriber, choices)
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop all mail at once; the address stays for the grace period, then `purge_unsubscribed` removes it."""
    if subscriber.status == Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status = Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def purge_unsubscribed(*, now: dt.datetime | None = None) -> int:
    """Delete addresses unsubscribed (or never confirmed) longer ago than the grace period."""
    limit = (now or timezone.now()) - dt.timedelta(days=conf.purge_grace_days())
    stale = Subscriber.objects.filter(
        Q(status=Status.UNSUBSCRIBED, unsubscribed_at__lt=limit) | Q(status=Status.PENDING, created_at__lt=limit)
    )
    count = stale.count()
    stale.delete()
    return count


# --- internal lists --------------------------------------------------------------------------


@dataclass
class ImportPreview:
    valid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # twice in the input, or already on file
    invalid: list[tuple[int, str, str]] = field(default_factory=list)  # (line number, text, reason)

    @property
    def has_valid(self) -> bool:
        return bool(self.valid)


MAX_IMPORT_LINES = 5000


def preview_import(lines: Iterable[str]) -> ImportPreview:
    """Sort pasted or CSV lines (first column, or the cell that holds an @) into valid, duplicate and
    invalid addresses. Reads only; `add_internal` writes."""
    preview, seen = ImportPreview(), set()
    candidates: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if number > MAX_IMPORT_LINES:
            preview.invalid.append((number, "", str(_("Too many lines: at most 5000 per import."))))
            break
        cells = [cell.strip() for cell in line.replace(";", ",").split(",")]
        text = next((cell for cell in cells if "@" in cell), cells[0] if cells else "")
        if not text or (number == 1 and "@" not in text):  # blank line or a CSV header
            continue
        candidates.append((number, text))
    for number, text in candidates:
        try:
            address = normalize_address(text)
        except InvalidAddress as error:
            preview.invalid.append((number, text[:200], str(error.message)))
            continue
        if address in seen:
            preview.duplicates.append(address)
            continue
        seen.add(address)
        preview.valid.append(address)
    on_file = set(Subscriber.objects.filter(email__in=preview.valid).values_list("email", flat=True))
    preview.duplicates += [address for address in preview.valid if address in on_file]
    preview.valid = [address for address in preview.valid if address not in on_file]
    return preview


@transaction.atomic
def add_internal(*, addresses: Iterable[str], list_name: str) -> int:
    """Add officer-entered addresses as active internal recipients of the bulletin. Each address is
    checked again; one already on file is left as it is (the unique constraint decides)."""
    clean = {normalize_address(address) for address in addresses}
    now = timezone.now()
    before = Subscriber.objects.filter(email__in=clean).count()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=address,
                status=Status.ACTIVE,
                origin=Origin.INTERNAL,
                list_name=list_name.strip()[:80],
                wants_bulletin=True,
                confirmed_at=now,
                key=new_key(),
            )
            for address in sorted(clean)
        ],
        ignore_conflicts=True,
    )
    return Subscriber.objects.filter(email__in=clean).count() - before


@transaction.atomic
def record_hard_failure(*, subscriber_id: int) -> None:
    """One more permanent refusal; past the limit the address is marked inactive."""
    Subscriber.objects.filter(pk=subscriber_id).update(hard_failures=F("hard_failures") + 1)
    Subscriber.objects.filter(pk=subscriber_id, hard_failures__gte=conf.hard_failure_limit()).exclude(
        status=Status.UNSUBSCRIBED
    ).update(status=Status.INACTIVE)


def reset_hard_failures(subscriber_ids: list[int]) -> None:
    if subscriber_ids:
        Subscriber.objects.filter(pk__in=subscriber_ids, hard_failures__gt=0).update(hard_failures=0)


def rotate_key(*, subscriber: Subscriber) -> None:
    subscriber.key = new_key()
    subscriber.save(update_fields=["key"])
