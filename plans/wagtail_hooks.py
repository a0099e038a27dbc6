"""Admin wiring for plans: the progress dashboard and report views and their menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from campaign_site.access.roles import INFORMATION_OFFICER
from campaign_site.app_registration import register_app
from plans import views
from plans.choices import IndicatorUnit
from plans.permissions import can_view_progress
from plans.registry import INDICATOR_SOURCES_HOOK, IndicatorSource, SourceQuery, count_or_none
from plans.roles import ROLE_PERMISSIONS
from plans.selectors import linked_totals_by_plan
from subscriptions.alerts.registry import ALERT_SOURCES_HOOK, AlertSource


class ProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_progress(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("plans/progress/", views.DashboardView.as_view(), name="plans_dashboard"),
        path("plans/report/", views.ReportView.as_view(), name="plans_report"),
    ]


@hooks.register("register_admin_menu_item")
def register_progress_menu_item():
    return ProgressMenuItem(_("Plan progress"), reverse("plans_dashboard"), icon_name="tasks", order=250)


# -- contributions to shared places (campaign_site registries) ------------------------------


register_app(label="plans", role_permissions=ROLE_PERMISSIONS, demo="plans.demo.load", demo_order=40)


def _linked_content(query: SourceQuery):
    return count_or_none(linked_totals_by_plan([query.plan_id]).get(query.plan_id, 0))


@hooks.register(INDICATOR_SOURCES_HOOK)
def plans_indicator_sources():
    return [
        IndicatorSource(
            key="linked_content",
            label=_("Content linked to this plan's tasks"),
            unit=IndicatorUnit.COUNT,
            measure=_linked_content,
            per_plan=True,
        )
    ]


@hooks.register(ALERT_SOURCES_HOOK)
def plan_alerts():
    from plans.alerts import overdue_tasks

    return AlertSource(
        kind="plan_task_overdue",
        label=_("a plan task is overdue"),
        roles=(INFORMATION_OFFICER,),
        check=overdue_tasks,
    )
