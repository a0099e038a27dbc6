"""Admin registration: subscribers, mailings, import/export, mail settings; the role permissions,
demo, account panel and dashboard panel this app contributes (the alert kinds come from the apps
they watch, through subscriptions.alerts.registry)."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.app_registration import register_app
from campaign_site.scheduler import PERIODIC_TASKS_HOOK, Periodic

from . import admin_views
from .models import Subscriber
from .permissions import CityOfficerPolicy, can_change_addresses, can_view_addresses
from .roles import ROLE_PERMISSIONS


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("mail/", admin_views.issues, name="subscriptions_admin_issues"),
        path("mail/issue/<int:bulletin_id>/", admin_views.issue, name="subscriptions_admin_issue"),
        path("mail/issue/<int:bulletin_id>/preview/", admin_views.preview, name="subscriptions_admin_preview"),
        path("mail/issue/<int:bulletin_id>/correction/", admin_views.correction, name="subscriptions_admin_correction"),
        path("mail/import/", admin_views.import_recipients, name="subscriptions_admin_import"),
        path("mail/export.csv", admin_views.export, name="subscriptions_admin_export"),
    ]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Subscribers")
    add_to_admin_menu = False
    list_display = ["email", "status", "origin", "list_name", "wants_bulletin", "digest", "created_at"]
    list_filter = ["status", "origin", "digest", "wants_bulletin"]
    search_fields = ["email", "list_name"]
    ordering = ["email"]

    @property
    def permission_policy(self):
        return CityOfficerPolicy(self.model)


register_snippet(SubscriberViewSet)


class OfficerMenuItem(MenuItem):
    def __init__(self, *args, check=can_view_addresses, **kwargs):
        self.check = check
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_menu_item")
def register_mail_menu():
    items = [
        OfficerMenuItem(_("Bulletin mailings"), reverse("subscriptions_admin_issues"), icon_name="mail", order=1),
        OfficerMenuItem(
            _("Subscribers"), reverse("wagtailsnippets_subscriptions_subscriber:list"), icon_name="user", order=2
        ),
        OfficerMenuItem(
            _("Add internal recipients"),
            reverse("subscriptions_admin_import"),
            icon_name="plus",
            order=3,
            check=can_change_addresses,
        ),
        OfficerMenuItem(
            _("Export addresses (CSV)"), reverse("subscriptions_admin_export"), icon_name="download", order=4
        ),
    ]
    return SubmenuMenuItem(_("E-mail"), Menu(items=items), icon_name="mail", name="mail", order=207)


# -- contributions to shared places -------------------------------------------------------------


register_app(label="subscriptions", role_permissions=ROLE_PERMISSIONS, demo="subscriptions.demo.load", demo_order=70)


@hooks.register("register_account_settings_panel")
def alert_settings_panel(request, user, profile):
    from .alerts.panels import AlertSettingsPanel

    return AlertSettingsPanel(request, user, profile)


@hooks.register("construct_homepage_panels")
def alerts_dashboard_panel(request, panels):
    from .alerts.panels import AlertsDashboardPanel, sources_for

    if sources_for(request.user):
        panels.append(AlertsDashboardPanel(request.user))


class IssueMailingButton(PageMenuItem):
    label = _("E-mail of this issue")
    icon_name = "mail"
    priority = 68

    def is_shown(self, user):
        return can_view_addresses(user)

    @cached_property
    def url(self):
        return reverse("subscriptions_admin_issue", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def issue_mailing_button(page, user, view_name, next_url=None):
    from bulletins.models import BulletinPage

    if page.specific_class is BulletinPage:
        yield IssueMailingButton(page=page, next_url=next_url)


@hooks.register(PERIODIC_TASKS_HOOK)
def periodic_tasks():
    from .tasks import purge_subscribers_task, send_alerts_task, send_due_mail_task

    return [
        Periodic("subscriptions.send_due_mail", 60, send_due_mail_task),  # issues, retries and digests due
        Periodic("subscriptions.send_alerts", 300, send_alerts_task),
        Periodic("subscriptions.purge_subscribers", 24 * 3600, purge_subscribers_task),
    ]
