"""The fixed vocabularies of a plan: channels, task statuses, indicator units and modes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PRESS = "press", _("Press")
    WEB_PORTAL = "web_portal", _("Web portal")
    SCREENS = "screens", _("LED screens and public boards")
    PRINT = "print", _("Leaflets and posters")
    CLIPS = "clips", _("Clips")
    SOCIAL = "social", _("Social media")
    RADIO = "radio", _("Grassroots radio")
    EVENTS = "events", _("Conferences and contests")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# Shown, never stored: a task that is not done once its deadline has passed.
OVERDUE = "overdue"
OVERDUE_LABEL = _("Overdue")


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("count")


class IndicatorMode(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    COMPUTED = "computed", _("Computed by the site")


QUARTER_CHOICES = [(1, _("Quarter I")), (2, _("Quarter II")), (3, _("Quarter III")), (4, _("Quarter IV"))]
