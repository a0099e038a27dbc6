"""Background work: the scheduled fetch round."""

import datetime as dt

from django.utils import timezone
from django_tasks import default_task_backend, task

from . import conf, services


@task()
def fetch_due_sources_task(reschedule: bool = False) -> dict:
    """Fetch every due source. With `reschedule`, enqueue the next round (FEEDS_SCHEDULE_SECONDS
    later) on backends that can defer, so a running worker keeps the feeds fresh without cron.
    Two chains at once are harmless: each source is claimed by one runner only."""
    outcomes = services.fetch_due_sources()
    if reschedule and default_task_backend.supports_defer:
        run_after = timezone.now() + dt.timedelta(seconds=conf.schedule_seconds())
        fetch_due_sources_task.using(run_after=run_after).enqueue(reschedule=True)
    return {
        "sources": len(outcomes),
        "failed": sum(1 for o in outcomes if not o.ok),
        "created": sum(o.created for o in outcomes),
        "updated": sum(o.updated for o in outcomes),
    }
