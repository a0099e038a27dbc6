"""When each periodic job was last handed to the queue and when a background task last finished:
the scheduler's memory across restarts, and what /healthz/ready reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    name = models.CharField(_("job"), max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job run")
        verbose_name_plural = _("background job runs")

    def __str__(self):
        return self.name
