"""Admin registration for the shared models (the unit tree and the glossary as snippets) and the
home page's public-service links."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from campaign_site.access.roles import APPROVER
from campaign_site.models import Abbreviation, AdministrativeUnit
from campaign_site.scheduler import PERIODIC_TASKS_HOOK, Periodic
from campaign_site.slots import HOME_SLOTS_HOOK, Slot
from subscriptions.alerts.registry import ALERT_SOURCES_HOOK, AlertSource


class AdministrativeUnitFilterSet(WagtailFilterSet):
    class Meta:
        model = AdministrativeUnit
        fields = ["level", "is_active"]


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = _("Administrative units")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "level", "code", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["path"]


class AbbreviationViewSet(SnippetViewSet):
    model = Abbreviation
    icon = "help"
    menu_label = _("Abbreviations")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["short", "expansion"]
    search_fields = ["short", "expansion"]


register_snippet(AdministrativeUnitViewSet)
register_snippet(AbbreviationViewSet)


@hooks.register(PERIODIC_TASKS_HOOK)
def periodic_tasks():
    from campaign_site.tasks import publish_scheduled_task, purge_rate_counters_task

    return [
        Periodic("campaign_site.publish_scheduled", 60, publish_scheduled_task),
        Periodic("campaign_site.purge_rate_counters", 3600, purge_rate_counters_task),
    ]


@hooks.register(HOME_SLOTS_HOOK)
def public_service_links(request, page) -> list[Slot]:
    """The links citizens come for (portals, case lookup, feedback, contact), beside the news."""
    from campaign_site.templatetags.site_tags import Shell

    links = Shell(request, page).public_links
    return [Slot(50, "campaign_site/slots/public_links.html", {"links": links})]


@hooks.register(ALERT_SOURCES_HOOK)
def approval_alerts():
    from campaign_site.access.approval_alerts import waiting_approvals

    return AlertSource(
        kind="approval_waiting",
        label=_("a page has waited for my approval for more than a day"),
        roles=(APPROVER,),
        check=waiting_approvals,
    )
