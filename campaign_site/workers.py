"""Is a background worker running? The admin asks before promising background work.

The heartbeat is what already exists: every finished task records its time in JobRun (the
`task_finished` signal, campaign_site/signal_handlers.py), and the scheduler enqueues
`publish_scheduled` every minute, so a running worker finishes something at least once a minute.
A task running right now (a long fetch round) also counts. With the immediate backend (tests, or
TASKS configured so) tasks run in the request and no worker is needed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

logger = logging.getLogger(__name__)


def silent_limit() -> dt.timedelta:
    """How long without a finished task before the worker counts as stopped (default 3 minutes)."""
    return dt.timedelta(seconds=int(getattr(settings, "WORKER_SILENT_SECONDS", 180)))


@dataclass(frozen=True)
class WorkerState:
    needed: bool  # False: tasks run in the request (immediate backend)
    alive: bool
    last_seen: dt.datetime | None  # when a task last finished


def needs_worker(alias: str = "default") -> bool:
    backend = settings.TASKS.get(alias, {}).get("BACKEND", "")
    return not backend.endswith("ImmediateBackend")


def _running_now(since: dt.datetime) -> bool:
    """A task the database backend shows as running, started recently (a crashed worker's
    RUNNING rows stay behind: old ones prove nothing)."""
    try:
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__gte=since).exists()
    except Exception as error:  # the table is missing (RQ-only setups): nothing to learn here
        logger.debug("Running tasks unavailable: %s", error.__class__.__name__)
        return False


def worker_state(*, now: dt.datetime | None = None) -> WorkerState:
    if not needs_worker():
        return WorkerState(needed=False, alive=True, last_seen=None)
    from campaign_site.models import JobRun

    now = now or timezone.now()
    last_seen = JobRun.objects.aggregate(last=Max("last_finished_at"))["last"]
    alive = (last_seen is not None and now - last_seen <= silent_limit()) or _running_now(now - 4 * silent_limit())
    return WorkerState(needed=True, alive=alive, last_seen=last_seen)
