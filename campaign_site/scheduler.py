"""One scheduler for every periodic job, its schedule in code: `manage.py run_scheduler`.

Apps register `Periodic(name, every, task)` entries through the PERIODIC_TASKS_HOOK Wagtail hook
(see bulletins/wagtail_hooks.py). Each tick the scheduler enqueues every entry whose interval has
passed since it was last enqueued; that time is kept in the database (JobRun), so a restart neither
loses a job nor runs it twice, and no task reschedules itself. Only one scheduler should run: run it
as one systemd service (deploy/) — two would enqueue some jobs twice, which every job tolerates.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from campaign_site.models import JobRun

logger = logging.getLogger(__name__)

PERIODIC_TASKS_HOOK = "register_periodic_tasks"


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int | Callable[[], int]  # seconds (a callable reads a setting at run time)
    task: object  # a django_tasks Task

    def interval(self) -> dt.timedelta:
        seconds = self.every() if callable(self.every) else self.every
        return dt.timedelta(seconds=max(1, int(seconds)))


def schedule() -> list[Periodic]:
    entries: list[Periodic] = []
    for register in hooks.get_hooks(PERIODIC_TASKS_HOOK):
        entries.extend(register())
    return sorted(entries, key=lambda entry: entry.name)


def due(entries: list[Periodic], *, now: dt.datetime) -> list[Periodic]:
    last = dict(JobRun.objects.filter(name__in=[e.name for e in entries]).values_list("name", "last_enqueued_at"))
    return [e for e in entries if last.get(e.name) is None or last[e.name] + e.interval() <= now]


def tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job once; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in due(schedule(), now=now):
        with transaction.atomic():
            # Claim the slot first: a second scheduler running by mistake finds it taken.
            slot_free = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - entry.interval())
            claimed = JobRun.objects.filter(slot_free, name=entry.name).update(last_enqueued_at=now)
            if not claimed:
                _, created = JobRun.objects.get_or_create(name=entry.name, defaults={"last_enqueued_at": now})
                if not created:
                    continue
            entry.task.enqueue()
        enqueued.append(entry.name)
        logger.info("Scheduler enqueued %s", entry.name)
    return enqueued


def fallback_alias() -> str | None:
    """The database backend that takes tasks while Redis is down, if the default backend has one."""
    default = settings.TASKS.get("default", {})
    return (default.get("OPTIONS") or {}).get("FALLBACK")


def record_finished(*, name: str, succeeded: bool) -> None:
    JobRun.objects.update_or_create(
        name=name, defaults={"last_finished_at": timezone.now(), "last_succeeded": succeeded}
    )
