"""How other apps link their content to a plan task, and the rule that guards the link."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def plan_task_field():
    """The nullable foreign key every linkable model uses (news, stories, bulletins, polls, screens)."""
    return models.ForeignKey(
        "plans.PlanTask",
        verbose_name=_("plan task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The task of the communication plan this content carries out."),
    )


def validate_task_link(task) -> None:
    """Refuse a link to a task whose plan is not published (live)."""
    if task is not None and not task.plan.live:
        raise ValidationError(
            {"plan_task": _("This task belongs to a plan that is not published; publish the plan first.")}
        )
