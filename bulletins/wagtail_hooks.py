"""Admin registration: the inbox, sources (with their health), keyword rules, sections, OPML."""

import re

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from bulletins.roles import ROLE_PERMISSIONS
from campaign_site import health
from campaign_site.access.roles import INFORMATION_OFFICER
from campaign_site.app_registration import register_app
from campaign_site.health import HEALTH_CHECKS_HOOK
from campaign_site.scheduler import PERIODIC_TASKS_HOOK, Periodic
from campaign_site.slots import HOME_SLOTS_HOOK
from campaign_site.text import fold
from plans.choices import Channel, IndicatorUnit
from plans.registry import (
    INDICATOR_SOURCES_HOOK,
    LINKABLE_CONTENT_HOOK,
    IndicatorSource,
    LinkableContent,
    SourceQuery,
    count_or_none,
)
from sitesearch.registry import SEARCH_KINDS_HOOK, SearchKind
from subscriptions.alerts.registry import ALERT_SOURCES_HOOK, AlertSource

from . import admin_views, selectors, services, source_views
from .forms import FeedSourceForm
from .models import BulletinPage, BulletinSection, FeedSource, KeywordRule


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("bulletins/inbox/", admin_views.inbox, name="bulletins_inbox"),
        path("bulletins/inbox/action/", admin_views.inbox_action, name="bulletins_inbox_action"),
        path("bulletins/draft/", admin_views.draft, name="bulletins_draft"),
        path("bulletins/fetch/", admin_views.fetch_now, name="bulletins_fetch_now"),
        path("bulletins/tasks/<str:task_id>/", admin_views.task_status, name="bulletins_task_status"),
        path("bulletins/sources.opml", admin_views.opml_export, name="bulletins_opml_export"),
        path("bulletins/health/", admin_views.sources_health, name="bulletins_sources_health"),
        path("bulletins/sources/<id:pk>/fetch/", source_views.fetch_source, name="bulletins_fetch_source"),
        path("bulletins/sources/import/", source_views.opml_import, name="bulletins_opml_import"),
    ]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("bulletins.change_feeditem")


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Press inbox"), reverse("bulletins_inbox"), icon_name="tasks", order=205)


class FailureColumn(Column):
    """The last failure's short reason, its technical detail behind a disclosure."""

    cell_template_name = "bulletins/admin/includes/fetch_failure_cell.html"


class FetchNowColumn(Column):
    """A "Lấy ngay" button per source (a POST form: the listing is not itself a form)."""

    cell_template_name = "bulletins/admin/includes/fetch_source_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_fetch"] = request is not None and request.user.has_perm("bulletins.change_feedsource")
        return context


class FeedSourceIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if user.has_perm("bulletins.add_feedsource"):
            buttons.append(Button(_("Import sources (OPML)"), url=reverse("bulletins_opml_import"), icon_name="upload"))
        buttons.append(Button(_("Export sources (OPML)"), url=reverse("bulletins_opml_export"), icon_name="download"))
        buttons.append(Button(_("Source health"), url=reverse("bulletins_sources_health"), icon_name="info-circle"))
        return buttons


class FeedSourceViewSet(SnippetViewSet):
    model = FeedSource
    icon = "link-external"
    menu_label = _("Feed sources")
    index_view_class = FeedSourceIndexView
    # On save the address is checked (a working RSS/Atom feed; a web page's own feed is offered).
    edit_handler = ObjectList(FeedSource.panels, base_form_class=FeedSourceForm)
    list_display = [
        "name",
        "credit_label",
        "is_active",
        Column("last_success_at", label=_("Last success")),
        Column("consecutive_failures", label=_("Failures")),
        Column("next_attempt_at", label=_("Next attempt")),
        FailureColumn("failure_reason", label=_("Last error")),
        FetchNowColumn("pk", label=_("Fetch")),
    ]
    list_filter = ["is_active", "default_section"]
    search_fields = ["name", "url"]
    ordering = ["name"]


class KeywordRuleViewSet(SnippetViewSet):
    model = KeywordRule
    icon = "tag"
    menu_label = _("Keyword rules")
    list_display = ["phrase", "weight", "section", "is_exclude"]
    list_filter = ["is_exclude", "section"]
    search_fields = ["phrase"]


class BulletinSectionViewSet(SnippetViewSet):
    model = BulletinSection
    icon = "list-ol"
    menu_label = _("Bulletin sections")
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


class BulletinsGroup(SnippetViewSetGroup):
    items = (FeedSourceViewSet, KeywordRuleViewSet, BulletinSectionViewSet)
    menu_icon = "doc-full"
    menu_label = _("Press bulletins")
    menu_name = "press-bulletins"
    menu_order = 206


register_snippet(BulletinsGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def rescore_after_rule_change(request, instance):
    # Changed rules change the inbox order: score the last week's items again.
    instances = instance if isinstance(instance, list | tuple) else [instance]
    if any(isinstance(obj, KeywordRule) for obj in instances):
        services.rescore_items()


# -- contributions to shared places (campaign_site registries) ------------------------------


register_app(label="bulletins", role_permissions=ROLE_PERMISSIONS, demo="bulletins.demo.load", demo_order=20)


@hooks.register(HOME_SLOTS_HOOK)
def bulletins_home_slots(request, page):
    from bulletins.slots import home_slots

    return home_slots(request, page)


@hooks.register(LINKABLE_CONTENT_HOOK)
def bulletins_for_plans():
    # A bulletin goes to the press and is published on the portal: it counts for both channels.
    return LinkableContent(
        key="bulletin",
        order=30,
        label=pgettext_lazy("content kind", "Bulletins"),
        model=BulletinPage,
        channels=(Channel.PRESS, Channel.WEB_PORTAL),
        date_field="date",
    )


def _bulletins_published(query: SourceQuery):
    return count_or_none(selectors.count_published_bulletins(year=query.year))


@hooks.register(INDICATOR_SOURCES_HOOK)
def bulletins_indicator_sources():
    return [
        IndicatorSource(
            key="bulletins_published",
            label=_("Bulletins published this year"),
            unit=IndicatorUnit.COUNT,
            measure=_bulletins_published,
        )
    ]


@hooks.register(PERIODIC_TASKS_HOOK)
def periodic_tasks():
    from bulletins import conf
    from bulletins.tasks import fetch_due_sources_task

    # Every FEEDS_SCHEDULE_SECONDS; each source is fetched when its own interval is due.
    return [Periodic("bulletins.fetch_feeds", conf.schedule_seconds, fetch_due_sources_task)]


@hooks.register(HEALTH_CHECKS_HOOK)
def feed_round_health(report):
    from bulletins import conf
    from bulletins.selectors import last_feed_round

    age = health.age_seconds(last_feed_round())
    # Late by more than two rounds (and the health limit): the scheduler or the worker is not running.
    late = age is not None and age > 2 * conf.schedule_seconds() + health.max_job_age()
    report.add("feeds", health.DEGRADED if late else health.OK, last_round_age_seconds=age)


def _item_anchor(page, folded_words: set[str]) -> str:
    """ "#tin-3": the press item of the bulletin with the most of the searched words."""
    best, best_score = None, 0
    for group in page.grouped_items():
        for item in group["items"]:
            words = set(re.findall(r"\w+", fold(f"{item.heading} {item.summary}")))
            score = len(words & folded_words)
            if score > best_score:
                best, best_score = item, score
    return f"#{best.anchor}" if best else ""


@hooks.register(SEARCH_KINDS_HOOK)
def bulletin_search_kinds():
    return [
        SearchKind(
            key="ban-tin",
            label=pgettext_lazy("search kind", "Bulletins"),
            models=(BulletinPage,),
            order=30,
            date=lambda page: page.date,
            anchor=_item_anchor,
        )
    ]


@hooks.register(ALERT_SOURCES_HOOK)
def feed_alerts():
    from bulletins.alerts import failing_feeds

    return AlertSource(
        kind="feed_failing",
        label=_("a press feed has failed for a day"),
        roles=(INFORMATION_OFFICER,),
        check=failing_feeds,
    )
