"""The staff alert the moderation workflow (campaign_site.access.roles) contributes, registered in
campaign_site/wagtail_hooks.py through ALERT_SOURCES_HOOK: a page that has waited for approval for
more than a day. Only reads."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from campaign_site import conf
from subscriptions.alerts.registry import Problem


def waiting_approvals(now: dt.datetime) -> list[Problem]:
    limit = now - dt.timedelta(hours=conf.approval_wait_hours())
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, started_at__lt=limit).select_related(
        "workflow_state"
    )
    problems = []
    for state in states:
        page = state.workflow_state.content_object
        if page is None:
            continue
        page = page.specific_deferred if hasattr(page, "specific_deferred") else page
        units = page.scope_units() if hasattr(page, "scope_units") else []
        problems.append(
            Problem(
                key=f"approval:{state.workflow_state_id}",
                title=_("“%(title)s” has waited for approval for more than a day") % {"title": str(page)[:150]},
                url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                unit=units[0] if len(units) == 1 else None,
            )
        )
    return problems
