"""The staff alert plans contribute (registered in wagtail_hooks.py through ALERT_SOURCES_HOOK): a plan
task past its due date and not done. Only reads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.choices import TaskStatus
from plans.models import PlanTask
from subscriptions.alerts.registry import Problem


def overdue_tasks(now: dt.datetime) -> list[Problem]:
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
