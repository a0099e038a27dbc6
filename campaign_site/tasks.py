"""The site's own periodic jobs (scheduled by campaign_site/scheduler.py)."""

from django.core.management import call_command
from django_tasks import task

from campaign_site import counters


@task()
def publish_scheduled_task() -> None:
    """Publish pages and snippets whose go-live time has come, unpublish expired ones (Wagtail)."""
    call_command("publish_scheduled", verbosity=0)


@task()
def purge_rate_counters_task() -> int:
    return counters.purge_expired()
