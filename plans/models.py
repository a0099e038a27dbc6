"""Annual communication plans. The plan issue builds these out; other apps link content to
`PlanTask` through a nullable foreign key named `plan_task`."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page


class PlanIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["plans.CampaignPlanPage"]

    class Meta:
        verbose_name = _("plan index page")


class CampaignPlanPage(Page):
    year = models.PositiveSmallIntegerField(_("year"))

    content_panels = Page.content_panels + [FieldPanel("year"), InlinePanel("tasks", label=_("Tasks"))]
    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("communication plan")


class PlanTask(Orderable):
    plan = ParentalKey(CampaignPlanPage, on_delete=models.CASCADE, related_name="tasks")
    content = models.TextField(_("content"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    panels = [FieldPanel("content"), FieldPanel("deadline")]

    class Meta(Orderable.Meta):
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")

    def __str__(self):
        return f"{self.plan.year}: {self.content[:80]}"
