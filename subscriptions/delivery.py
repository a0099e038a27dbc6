"""Delivering bulletins and digests: schedule an issue, queue one row per reader, send in batches.

Never twice: every mail is a Delivery row, unique per (kind, issue, address) or (digest period,
address) in the database; a batch claims its rows with one UPDATE before sending, so two workers
never hold the same row; a row left "sending" by a killed worker is recorded as failed, not resent.
Never a rolled-back publish: publishing only writes an IssueMailing row after its own commit, and
everything that talks to the mail server runs later, in tasks, catching every sending error.
"""

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from . import composing, conf, selectors, services, smtp_errors
from .models import Delivery, DigestRun, IssueMailing, Subscriber
from .models.deliveries import DeliveryStatus, Kind
from .models.subscribers import Status

logger = logging.getLogger(__name__)
STALE_SENDING = dt.timedelta(minutes=30)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


# --- scheduling ---------------------------------------------------------------------------------


def send_time_for(bulletin, *, now: dt.datetime | None = None) -> dt.datetime:
    """The later of now and the bulletin's day at the configured send time (07:30 by default)."""
    now = now or timezone.now()
    at = dt.datetime.combine(bulletin.date, composing.mail_settings().bulletin_send_time)
    return max(now, timezone.make_aware(at))


@transaction.atomic
def schedule_issue(*, bulletin, now: dt.datetime | None = None) -> IssueMailing:
    """Called when a bulletin is published: remember when it goes out. A re-publish of an issue already
    queued changes nothing (its readers have it; a correction is a separate, explicit action)."""
    mailing, created = IssueMailing.objects.get_or_create(
        bulletin=bulletin, defaults={"send_after": send_time_for(bulletin, now=now)}
    )
    if not created and mailing.queued_at is None:
        mailing.send_after = send_time_for(bulletin, now=now)
        mailing.save(update_fields=["send_after"])
    return mailing


def queue_issue(*, bulletin, kind: str = Kind.BULLETIN) -> list[int]:
    """One queued Delivery per active bulletin reader (rows that exist already are left alone) and
    the ids still waiting for this issue and kind."""
    readers = Subscriber.objects.bulletin_readers().values_list("pk", flat=True)
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [Delivery(subscriber_id=pk, kind=kind, bulletin=bulletin) for pk in readers.iterator(chunk_size=2000)],
            ignore_conflicts=True,
            batch_size=1000,
        )
    return list(
        Delivery.objects.filter(bulletin=bulletin, kind=kind, status=DeliveryStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def claim_due_issues(*, now: dt.datetime | None = None) -> list[int]:
    """Bulletin ids whose send time has come and that nobody queued yet; each claimed by one runner."""
    now = now or timezone.now()
    claimed = []
    for mailing in IssueMailing.objects.filter(queued_at__isnull=True, send_after__lte=now):
        if IssueMailing.objects.filter(pk=mailing.pk, queued_at__isnull=True).update(queued_at=now):
            claimed.append(mailing.bulletin_id)
    return claimed


def claim_issue(*, bulletin_id: int, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        IssueMailing.objects.filter(bulletin_id=bulletin_id, queued_at__isnull=True, send_after__lte=now).update(
            queued_at=now
        )
    )


def send_issue(*, bulletin_id: int, kind: str = Kind.BULLETIN, now: dt.datetime | None = None) -> SendReport:
    from bulletins.models import BulletinPage

    bulletin = BulletinPage.objects.live().filter(pk=bulletin_id).first()
    if bulletin is None:
        return SendReport()
    ids = queue_issue(bulletin=bulletin, kind=kind)
    return send_in_batches(ids, now=now)


@transaction.atomic
def queue_correction(*, bulletin) -> bool:
    """Mark the issue for one correction mail to the readers who received it; False if it was done."""
    mailing = IssueMailing.objects.select_for_update().filter(bulletin=bulletin).first()
    if mailing is None or mailing.queued_at is None or mailing.correction_queued_at is not None:
        return False
    mailing.correction_queued_at = timezone.now()
    mailing.save(update_fields=["correction_queued_at"])
    return True


def send_correction(*, bulletin_id: int) -> SendReport:
    """The correction goes to those who got the issue (and are still subscribed), once each."""
    received = Delivery.objects.filter(bulletin_id=bulletin_id, kind=Kind.BULLETIN, status=DeliveryStatus.SENT)
    readers = Subscriber.objects.bulletin_readers().filter(pk__in=received.values("subscriber_id"))
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(subscriber_id=pk, kind=Kind.CORRECTION, bulletin_id=bulletin_id)
                for pk in readers.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    ids = list(
        Delivery.objects.filter(
            bulletin_id=bulletin_id, kind=Kind.CORRECTION, status=DeliveryStatus.QUEUED
        ).values_list("pk", flat=True)
    )
    return send_in_batches(ids)


# --- sending ------------------------------------------------------------------------------------


def send_in_batches(ids: list[int], *, now: dt.datetime | None = None) -> SendReport:
    """Send now, batch after batch (used where the caller already runs in a worker)."""
    total = SendReport()
    size = conf.batch_size()
    for start in range(0, len(ids), size):
        report = send_batch(ids[start : start + size], now=now)
        total.sent += report.sent
        total.retrying += report.retrying
        total.failed += report.failed
        total.skipped += report.skipped
    return total


def _claim(ids: list[int], now: dt.datetime) -> list[Delivery]:
    token = secrets.token_hex(8)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    Delivery.objects.filter(due, pk__in=ids, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, claim=token
    )
    return list(
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING, claim=token)
        .select_related("subscriber")
        .order_by("pk")
    )


def send_batch(ids: list[int], *, now: dt.datetime | None = None) -> SendReport:
    """Send the queued deliveries among `ids` over one SMTP connection at the configured rate.
    Every outcome is written to the row; nothing here raises for a mail server's sake."""
    now = now or timezone.now()
    report = SendReport()
    rows = _claim(ids, now)
    if not rows:
        return report
    rendered_cache: dict[tuple, composing.Rendered] = {}
    head = composing.letterhead()
    rate = conf.send_rate()
    interval = 1.0 / rate if rate > 0 else 0.0
    sent_ids: list[int] = []
    sent_subscribers: list[int] = []
    connection = get_connection(fail_silently=False)
    connection_error: BaseException | None = None
    try:
        connection.open()
    except Exception as error:  # server down: every row waits for a retry
        connection_error = error
    next_at = time.monotonic()
    try:
        for row in rows:
            if row.subscriber.status != Status.ACTIVE:
                _finish(row, DeliveryStatus.FAILED, error="unsubscribed before sending")
                report.skipped += 1
                continue
            if connection_error is not None:
                _retry_or_fail(row, connection_error, report, now)
                continue
            try:
                message = _message_for(row, rendered_cache, head)
            except Exception as error:  # a bulletin that cannot render is a bug, not a retry
                logger.exception("Could not render delivery %s", row.pk)
                _finish(row, DeliveryStatus.FAILED, error=smtp_errors.describe(error))
                report.failed += 1
                continue
            if interval:
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                next_at = max(next_at, time.monotonic()) + interval
            try:
                connection.send_messages([message])
            except Exception as error:
                kind = smtp_errors.classify(error)
                if kind == smtp_errors.HARD:
                    _finish(row, DeliveryStatus.FAILED, error=smtp_errors.describe(error))
                    services.record_hard_failure(subscriber_id=row.subscriber_id)
                    report.failed += 1
                else:
                    _retry_or_fail(row, error, report, now)
                    if not _connection_alive(connection):
                        connection_error = error  # the rest of the batch waits too
                continue
            sent_ids.append(row.pk)
            sent_subscribers.append(row.subscriber_id)
            report.sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the SMTP connection failed", exc_info=True)
        if sent_ids:
            Delivery.objects.filter(pk__in=sent_ids).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
            )
            services.reset_hard_failures(sent_subscribers)
    if report.retrying:
        _schedule_retry()
    return report


def _connection_alive(connection) -> bool:
    try:
        return connection.connection is not None and connection.connection.noop()[0] == 250
    except Exception:
        return False


def _message_for(row: Delivery, cache: dict, head: composing.Letterhead):
    if row.kind == Kind.DIGEST:
        articles = selectors.digest_articles(subscriber=row.subscriber, digest_key=row.digest_key)
        frequency, day = selectors.parse_digest_key(row.digest_key)
        rendered = composing.render_digest(articles, frequency=frequency, day=day)
        return composing.personal_message(rendered, row.subscriber, list_id=composing.list_id("tin-cchc"), head=head)
    key = (row.kind, row.bulletin_id)
    if key not in cache:
        cache[key] = composing.render_bulletin(row.bulletin, correction=row.kind == Kind.CORRECTION)
    return composing.personal_message(cache[key], row.subscriber, list_id=composing.list_id("ban-tin-cchc"), head=head)


def _finish(row: Delivery, status: str, *, error: str = "") -> None:
    Delivery.objects.filter(pk=row.pk).update(
        status=status, attempts=row.attempts + 1, last_error=error, next_attempt_at=None
    )


def _retry_or_fail(row: Delivery, error: BaseException, report: SendReport, now: dt.datetime) -> None:
    attempts = row.attempts + 1
    reason = smtp_errors.describe(error)
    if attempts >= conf.max_attempts():
        Delivery.objects.filter(pk=row.pk).update(
            status=DeliveryStatus.FAILED, attempts=attempts, last_error=reason, next_attempt_at=None
        )
        report.failed += 1
        return
    delay = conf.retry_base_seconds() * 2 ** (attempts - 1)
    Delivery.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.QUEUED,
        attempts=attempts,
        last_error=reason,
        next_attempt_at=now + dt.timedelta(seconds=delay),
    )
    report.retrying += 1


def _schedule_retry() -> None:
    """Wake the sender when the first retry is due, where the task backend can defer; otherwise the
    periodic `send_due_mail` (every minute) finds the rows."""
    from django_tasks import default_task_backend

    from .tasks import send_due_mail_task

    first = (
        Delivery.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .first()
    )
    if first is None or not default_task_backend.supports_defer:
        return
    try:
        send_due_mail_task.using(run_after=first.next_attempt_at).enqueue()
    except Exception:
        logger.warning("Could not schedule the mail retry; the periodic run will pick it up", exc_info=True)


def fail_stale_sending(*, now: dt.datetime | None = None) -> int:
    """Rows a killed worker left "sending" may or may not have left: record them as failed rather
    than risk a second copy."""
    limit = (now or timezone.now()) - STALE_SENDING
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, created_at__lt=limit).update(
        status=DeliveryStatus.FAILED, last_error="interrupted while sending (not retried, to avoid a second copy)"
    )


def send_due_mail(*, now: dt.datetime | None = None) -> SendReport:
    """The periodic round: issues whose time has come, retries that are due, digests that are due."""
    now = now or timezone.now()
    fail_stale_sending(now=now)
    total = SendReport()
    for bulletin_id in claim_due_issues(now=now):
        _add(total, send_issue(bulletin_id=bulletin_id, now=now))
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.QUEUED)
        .filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - dt.timedelta(minutes=5))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:10_000]
    )
    _add(total, send_in_batches(due, now=now))
    for frequency in selectors.digests_due(now=now):
        _add(total, send_digests(frequency=frequency, now=now))
    return total


def _add(total: SendReport, report: SendReport) -> None:
    total.sent += report.sent
    total.retrying += report.retrying
    total.failed += report.failed
    total.skipped += report.skipped


# --- digests --------------------------------------------------------------------------------------


def send_digests(*, frequency: str, now: dt.datetime | None = None) -> SendReport:
    """One digest per active reader of this frequency for the period ending today, only to those with
    something new; the unique (digest period, address) row makes a second run a no-op."""
    now = now or timezone.now()
    key = selectors.digest_key(frequency, timezone.localdate(now))
    _run, started = DigestRun.objects.get_or_create(key=key)
    if not started:
        return SendReport()  # another round has this period; its rows are retried by send_due_mail
    readers = Subscriber.objects.active().filter(digest=frequency).prefetch_related("categories", "units")
    rows = [
        Delivery(subscriber=reader, kind=Kind.DIGEST, digest_key=key)
        for reader in readers
        if selectors.digest_articles(subscriber=reader, digest_key=key)
    ]
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        Subscriber.objects.filter(pk__in=[row.subscriber_id for row in rows]).update(last_digest_at=now)
    ids = list(
        Delivery.objects.filter(kind=Kind.DIGEST, digest_key=key, status=DeliveryStatus.QUEUED).values_list(
            "pk", flat=True
        )
    )
    return send_in_batches(ids, now=now)


# --- the admin page of an issue -------------------------------------------------------------------


def issue_counts(bulletin) -> dict:
    rows = Delivery.objects.filter(bulletin=bulletin).values("kind", "status").annotate(n=Count("pk"))
    counts: dict = {}
    for row in rows:
        counts.setdefault(row["kind"], {})[row["status"]] = row["n"]
    return counts


def send_test(*, bulletin, address: str) -> None:
    """Send the issue to one address now, marked as a test; raises the mail server's error for the
    admin to show (no Delivery row: a test never counts as the real send)."""
    from .addresses import normalize_address

    address = normalize_address(address)
    rendered = composing.render_bulletin(bulletin)
    with translation.override(settings.LANGUAGE_CODE):
        prefix = gettext("[Test]")
    rendered = composing.Rendered(f"{prefix} {rendered.subject}", rendered.text, rendered.html)
    probe = Subscriber.objects.filter(email=address).first() or Subscriber(email=address, key="test")
    message = composing.personal_message(rendered, probe, list_id=composing.list_id("ban-tin-cchc"))
    message.send(fail_silently=False)
