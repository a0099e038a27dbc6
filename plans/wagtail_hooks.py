"""Admin wiring for plans: the progress dashboard and report views and their menu item."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from campaign_site.access.roles import INFORMATION_OFFICER
from campaign_site.app_registration import register_app
from plans import views
from plans.choices import IndicatorUnit
from plans.models import CampaignPlanPage
from plans.permissions import can_view_progress
from plans.registry import INDICATOR_SOURCES_HOOK, IndicatorSource, SourceQuery, count_or_none
from plans.roles import ROLE_PERMISSIONS
from plans.selectors import linked_totals_by_plan
from sitesearch.registry import SEARCH_KINDS_HOOK, SearchKind
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


@hooks.register("insert_editor_js")
def task_anchor_js():
    """The dashboard links to a task inside the plan's editor; this script scrolls to it."""
    return format_html('<script src="{}" defer></script>', static("plans/task_anchor.js"))


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


@hooks.register(SEARCH_KINDS_HOOK)
def plans_search_kinds():
    return [
        SearchKind(
            key="ke-hoach",
            label=pgettext_lazy("search kind", "Plans"),
            models=(CampaignPlanPage,),
            order=40,
            date=lambda page: page.document_date or page.first_published_at,
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
