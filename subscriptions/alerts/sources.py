"""The alert kinds of issue #20: screens offline, press feeds failing, plan tasks overdue, pages
waiting for approval. Each reads its app's models through plain querysets and only reads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import conf
from .registry import Problem


def in_opening_hours(now: dt.datetime) -> bool:
    """ALERTS_OPENING_HOURS (default 7–18, Monday to Saturday): when a dark screen matters."""
    local = timezone.localtime(now)
    start, end = conf.get("ALERTS_OPENING_HOURS", (7, 18))
    return local.weekday() < 6 and start <= local.hour < end


def offline_screens(now: dt.datetime) -> list[Problem]:
    from screens.models import Screen

    limit = now - dt.timedelta(minutes=conf.screen_offline_minutes())
    screens = Screen.objects.filter(last_seen_at__lt=limit, token_revoked_at__isnull=True).select_related("unit")
    opening = in_opening_hours(now)
    problems = []
    for screen in screens:
        problems.append(
            Problem(
                key=f"screen:{screen.pk}",
                title=_("Screen “%(name)s” (%(unit)s) has been offline since %(since)s")
                % {
                    "name": screen.name,
                    "unit": screen.unit.name,
                    "since": timezone.localtime(screen.last_seen_at).strftime("%H:%M %d/%m/%Y"),
                },
                url=reverse("screens_admin:dashboard"),
                unit=screen.unit,
            )
        )
    # Outside opening hours a dark screen is expected: no new incident, but a known one stays open.
    if not opening:
        from ..models import Incident

        known = set(
            Incident.objects.filter(kind="screen_offline", resolved_at__isnull=True).values_list("key", flat=True)
        )
        problems = [p for p in problems if p.key in known]
    return problems


def failing_feeds(now: dt.datetime) -> list[Problem]:
    from bulletins.models import FeedSource

    limit = now - dt.timedelta(hours=conf.feed_failing_hours())
    sources = FeedSource.objects.filter(is_active=True, consecutive_failures__gt=0, last_success_at__lt=limit)
    return [
        Problem(
            key=f"feed:{source.pk}",
            title=_("Press feed “%(name)s” has failed for more than a day") % {"name": source.name},
            url=reverse("bulletins_sources_health"),
        )
        for source in sources
    ]


def overdue_tasks(now: dt.datetime) -> list[Problem]:
    from plans.choices import TaskStatus
    from plans.models import PlanTask

    today = timezone.localdate(now)
    tasks = (
        PlanTask.objects.filter(due_on__lt=today).exclude(status=TaskStatus.DONE).select_related("lead_unit", "plan")
    )
    return [
        Problem(
            key=f"plantask:{task.pk}",
            title=_("Plan task “%(task)s” is overdue (due %(due)s)")
            % {"task": str(task)[:150], "due": task.due_on.strftime("%d/%m/%Y")},
            url=reverse("wagtailadmin_pages:edit", args=[task.plan_id]),
            unit=task.lead_unit,
        )
        for task in tasks
    ]


def waiting_approvals(now: dt.datetime) -> list[Problem]:
    from wagtail.models import TaskState

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
