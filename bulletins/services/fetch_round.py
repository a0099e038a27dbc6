"""A fetch round: claiming due sources, downloading, recording health and backoff, ingesting."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletins import conf
from bulletins.failures import FailureKind
from bulletins.fetching import FetchError, FetchResult, fetch, guarded_session
from bulletins.models import (
    FeedSource,
)
from bulletins.parsing import FeedParseError
from bulletins.selectors import due_sources
from bulletins.services.ingest import ingest_feed_bytes

logger = logging.getLogger(__name__)


def backoff_seconds(failures: int, *, retry_after: int | None = None) -> int:
    """Exponential back-off, capped; a server's Retry-After is honoured (within the cap)."""
    delay = conf.backoff_base() * (2 ** max(0, failures - 1))
    if retry_after:
        delay = max(delay, retry_after)
    return int(min(delay, conf.backoff_max()))


def claim_source(source: FeedSource, *, now: dt.datetime | None = None) -> bool:
    """Take the fetch lease of `source` atomically; False when another runner holds it."""
    now = now or timezone.now()
    claimed = (
        FeedSource.objects.filter(pk=source.pk)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(lease_expires_at=now + dt.timedelta(seconds=conf.lease_seconds()))
    )
    return claimed == 1


def claim_due_sources(*, now: dt.datetime | None = None, limit: int | None = None) -> list[FeedSource]:
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=conf.lease_seconds())
    due = due_sources(now=now).order_by("next_attempt_at")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            sources = list(
                due.select_for_update(skip_locked=True)[:limit] if limit else due.select_for_update(skip_locked=True)
            )
            FeedSource.objects.filter(pk__in=[s.pk for s in sources]).update(lease_expires_at=lease)
        return sources
    sources = list(due[:limit] if limit else due)
    return [source for source in sources if claim_source(source, now=now)]


@dataclass
class FetchOutcome:
    source_id: int
    ok: bool
    status: int | None = None
    created: int = 0
    updated: int = 0
    message: str = ""  # the technical detail of a failure
    reason: str = ""  # its short reason ("hết thời gian chờ")


def _download(
    source: FeedSource, session: requests.Session | None = None, *, in_request: bool = False
) -> FetchResult | FetchError:
    try:
        return fetch(
            source.url, etag=source.etag, last_modified=source.last_modified, session=session, in_request=in_request
        )
    except FetchError as error:
        return error
    except Exception as error:  # never let one source break the round
        logger.exception("Unexpected error fetching %s", source.url)
        return FetchError(_("Unexpected error: %(error)s") % {"error": error.__class__.__name__})


def _record_failure(source: FeedSource, error: FetchError, *, now: dt.datetime) -> FetchOutcome:
    source.last_fetched_at = now
    source.last_status = error.status
    source.last_error = error.message[:2000]
    source.last_error_kind = error.kind
    if error.status == 410:
        # Gone for good: stop asking, say so on the source.
        source.is_active = False
        source.last_error = _(
            "The outlet says this feed is gone (HTTP 410); the source was switched off on %(day)s."
        ) % {"day": timezone.localtime(now).strftime("%d/%m/%Y")}
        source.consecutive_failures += 1
    else:
        source.consecutive_failures += 1
        delay = backoff_seconds(source.consecutive_failures, retry_after=error.retry_after)
        source.next_attempt_at = now + dt.timedelta(seconds=delay)
    source.lease_expires_at = None
    _save_health(
        source,
        [
            "last_fetched_at",
            "last_status",
            "last_error",
            "last_error_kind",
            "is_active",
            "consecutive_failures",
            "next_attempt_at",
            "lease_expires_at",
        ],
    )
    return FetchOutcome(
        source_id=source.pk, ok=False, status=error.status, message=source.last_error, reason=error.reason
    )


def _save_health(source: FeedSource, fields: list[str]) -> None:
    """Write the fetcher's health fields with an UPDATE: no post_save, so no search-index task is
    queued for fields nobody searches (one per source per round otherwise)."""
    FeedSource.objects.filter(pk=source.pk).update(**{name: getattr(source, name) for name in fields})


def _record_result(source: FeedSource, result: FetchResult, *, now: dt.datetime) -> FetchOutcome:
    if result.not_modified:
        source.last_fetched_at = source.last_success_at = now
        source.last_status = 304
        source.consecutive_failures = 0
        source.last_error = source.last_error_kind = ""
        source.next_attempt_at = now + dt.timedelta(minutes=source.fetch_interval)
        source.lease_expires_at = None
        _save_health(
            source,
            [
                "last_fetched_at",
                "last_success_at",
                "last_status",
                "consecutive_failures",
                "last_error",
                "last_error_kind",
                "next_attempt_at",
                "lease_expires_at",
            ],
        )
        return FetchOutcome(source_id=source.pk, ok=True, status=304)
    try:
        ingested = ingest_feed_bytes(source, result.body, result.headers)
    except FeedParseError as error:
        return _record_failure(source, FetchError(str(error), kind=FailureKind.NOT_FEED, status=result.status), now=now)
    except Exception as error:
        logger.exception("Unexpected error ingesting %s", source.url)
        return _record_failure(
            source, FetchError(_("Unexpected error: %(error)s") % {"error": error.__class__.__name__}), now=now
        )
    source.last_fetched_at = source.last_success_at = now
    source.last_status = result.status
    source.etag, source.last_modified = result.etag, result.last_modified
    source.consecutive_failures = 0
    source.last_error = source.last_error_kind = ""
    source.last_warning = " ".join(ingested.warnings)[:2000]
    source.items_found = ingested.found
    source.next_attempt_at = now + dt.timedelta(minutes=source.fetch_interval)
    source.lease_expires_at = None
    _save_health(
        source,
        [
            "last_fetched_at",
            "last_success_at",
            "last_status",
            "etag",
            "last_modified",
            "consecutive_failures",
            "last_error",
            "last_error_kind",
            "last_warning",
            "items_found",
            "next_attempt_at",
            "lease_expires_at",
        ],
    )
    return FetchOutcome(
        source_id=source.pk, ok=True, status=result.status, created=ingested.created, updated=ingested.updated
    )


def _finish(source: FeedSource, downloaded: FetchResult | FetchError) -> FetchOutcome:
    now = timezone.now()
    if isinstance(downloaded, FetchError):
        return _record_failure(source, downloaded, now=now)
    return _record_result(source, downloaded, now=now)


def fetch_source(source: FeedSource, *, force: bool = True, in_request: bool = False) -> FetchOutcome | None:
    """Fetch and ingest one source now (due or not). None when another runner is fetching it.
    `in_request`: an officer waits for the answer (a shorter time budget)."""
    if not claim_source(source):
        return None
    source.refresh_from_db()
    if not force and not source.is_active:
        return None
    return _finish(source, _download(source, in_request=in_request))


def fetch_due_sources(*, limit: int | None = None) -> list[FetchOutcome]:
    """One fetch round: claim every due source, download in parallel, ingest one by one.
    A failing source is recorded and backed off; it never stops the others."""
    sources = claim_due_sources(limit=limit)
    if not sources:
        return []
    outcomes = []
    workers = min(conf.fetch_workers(), len(sources))
    with guarded_session(pool_size=workers) as session:
        if workers == 1:
            downloads = (_download(source, session) for source in sources)
        else:
            pool = ThreadPoolExecutor(max_workers=workers)
            downloads = pool.map(lambda source: _download(source, session), sources)
        try:
            for source, downloaded in zip(sources, downloads, strict=True):
                try:
                    outcomes.append(_finish(source, downloaded))
                except Exception:
                    logger.exception("Could not record the fetch of %s", source.url)
                    FeedSource.objects.filter(pk=source.pk).update(lease_expires_at=None)
        finally:
            if workers > 1:
                pool.shutdown(wait=True)
    return outcomes


def make_sources_due(*, now: dt.datetime | None = None) -> int:
    """ "Lấy tin ngay": every active source becomes due now (backing-off ones too: an officer asked),
    so the next round fetches all of them; conditional GET keeps unchanged feeds cheap."""
    now = now or timezone.now()
    return FeedSource.objects.filter(is_active=True, next_attempt_at__gt=now).update(next_attempt_at=now)
