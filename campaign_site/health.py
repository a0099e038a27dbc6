"""What /healthz/ready reports: the database, the cache, the task queue's depth, the age of the last
finished background job, and what apps add through HEALTH_CHECKS_HOOK (bulletins: the last feed round).

`/healthz` stays the load balancer's cheap liveness check; this one is for monitoring, so a dead
worker or scheduler shows up (tasks waiting while nothing has finished for a long time).
"""

import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from wagtail import hooks

from campaign_site import conf

logger = logging.getLogger(__name__)

HEALTH_CHECKS_HOOK = "register_health_checks"
OK, DEGRADED, FAILING = "ok", "degraded", "error"


@dataclass
class Report:
    checks: dict[str, dict] = field(default_factory=dict)

    def add(self, name: str, status: str, **details) -> None:
        self.checks[name] = {"status": status, **details}

    @property
    def status(self) -> str:
        states = {check["status"] for check in self.checks.values()}
        return FAILING if FAILING in states else DEGRADED if DEGRADED in states else OK


def age_seconds(moment) -> int | None:
    return None if moment is None else max(0, int((timezone.now() - moment).total_seconds()))


def max_job_age() -> int:
    return conf.health_max_job_age()


def check_database(report: Report) -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        report.add("database", FAILING, detail=error.__class__.__name__)
        return False
    report.add("database", OK)
    return True


def check_cache(report: Report) -> None:
    # The cache backends turn an unreachable Redis into misses: a value that does not come back is the sign.
    key, value = "healthz:probe", secrets.token_hex(4)
    cache.set(key, value, 30)
    report.add("cache", OK if cache.get(key) == value else DEGRADED, backend=cache.__class__.__name__)


def queue_depth() -> dict[str, int | None]:
    """Tasks waiting, per backend alias (None: the backend could not be asked)."""
    from django_tasks import task_backends

    depths: dict[str, int | None] = {}
    for alias, config in settings.TASKS.items():
        backend = config["BACKEND"]
        try:
            if backend.endswith("DatabaseBackend"):
                from django_tasks_db.models import DBTaskResult

                depths[alias] = DBTaskResult.objects.ready().filter(backend_name=alias).count()
            elif "RQBackend" in backend:
                depths[alias] = sum(queue.count for queue in task_backends[alias]._get_queues())
        except Exception as error:  # a down Redis, a missing table: reported, never raised
            logger.warning("Queue depth of %s unavailable: %s", alias, error.__class__.__name__)
            depths[alias] = None
    return depths


def check_queue(report: Report) -> None:
    from campaign_site.models import JobRun

    depths = queue_depth()
    waiting = sum(depth or 0 for depth in depths.values())
    last = JobRun.objects.exclude(last_finished_at=None).order_by("-last_finished_at").first()
    age = age_seconds(last.last_finished_at if last else None)
    stalled = waiting > 0 and (age is None or age > max_job_age())
    status = FAILING if stalled else DEGRADED if None in depths.values() else OK
    report.add(
        "tasks",
        status,
        queue_depth=depths,
        last_finished_job=last.name if last else None,
        last_finished_age_seconds=age,
    )


def readiness() -> Report:
    report = Report()
    if not check_database(report):
        return report
    check_cache(report)
    check_queue(report)
    for register in hooks.get_hooks(HEALTH_CHECKS_HOOK):
        register(report)
    return report
