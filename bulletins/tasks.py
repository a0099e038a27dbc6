"""Background work: the fetch round, enqueued by the scheduler (campaign_site/scheduler.py) every
FEEDS_SCHEDULE_SECONDS and by "lấy tin ngay" in the admin. It never reschedules itself: a chain of
self-rescheduling tasks stopped for good whenever a worker or RQ's scheduler died."""

from django_tasks import task

from . import services


@task()
def fetch_due_sources_task() -> dict:
    """Fetch every due source (each claimed by one runner only, so overlapping rounds are harmless)."""
    outcomes = services.fetch_due_sources()
    return {
        "sources": len(outcomes),
        "failed": sum(1 for o in outcomes if not o.ok),
        "created": sum(o.created for o in outcomes),
        "updated": sum(o.updated for o in outcomes),
    }
