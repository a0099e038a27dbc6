"""Admin: the feedback inbox, items and numbers; the overdue panel on the dashboard; and what the app
contributes to shared places (roles, demo, home slot, plan indicators)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from campaign_site.app_registration import register_app
from campaign_site.scheduler import PERIODIC_TASKS_HOOK, Periodic
from campaign_site.slots import HOME_SLOTS_HOOK
from feedback import admin_views
from feedback.permissions import feedback_permission_policy
from feedback.roles import ROLE_PERMISSIONS
from plans.registry import INDICATOR_SOURCES_HOOK

admin_urls = (
    [
        path("", admin_views.inbox, name="inbox"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/<slug:action>/", admin_views.act, name="act"),
        path("attachments/<int:pk>/", admin_views.attachment, name="attachment"),
        path("stats/", admin_views.stats, name="stats"),
        path("stats.<str:fmt>", admin_views.export, name="export"),
    ],
    "feedback_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("feedback/", include(admin_urls))]


class PolicyMenuItem(MenuItem):
    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def is_shown(self, request):
        return feedback_permission_policy.user_has_permission(request.user, self.action)


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return PolicyMenuItem(
        _("Citizens' messages"), reverse("feedback_admin:inbox"), icon_name="mail", order=270, action="view"
    )


@hooks.register("register_admin_menu_item")
def stats_menu_item():
    return PolicyMenuItem(
        _("Citizens' messages: numbers"), reverse("feedback_admin:stats"), icon_name="table", order=271, action="export"
    )


class OverduePanel(Component):
    name = "feedback_overdue"
    order = 60
    template_name = "feedback/admin/overdue_panel.html"

    def __init__(self, context):
        self.panel = context

    def get_context_data(self, parent_context):
        return {"panel": self.panel}


@hooks.register("construct_homepage_panels")
def overdue_panel(request, panels):
    context = admin_views.overdue_panel_context(request.user)
    if context and context["count"]:
        panels.append(OverduePanel(context))


# -- contributions to shared places --------------------------------------------------------------


register_app(label="feedback", role_permissions=ROLE_PERMISSIONS, demo="feedback.demo.load", demo_order=60)


@hooks.register(HOME_SLOTS_HOOK)
def feedback_home_slots(request, page):
    from feedback.slots import home_slots

    return home_slots(request, page)


@hooks.register(INDICATOR_SOURCES_HOOK)
def feedback_indicator_sources():
    from feedback.indicators import sources

    return sources()


@hooks.register(PERIODIC_TASKS_HOOK)
def periodic_tasks():
    from feedback.tasks import purge_personal_data_task

    return [Periodic("feedback.purge_personal_data", 24 * 3600, purge_personal_data_task)]
