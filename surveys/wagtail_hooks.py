"""Admin: polls and kiosks as snippets, result and export buttons, comment moderation, kiosk tokens."""

from decimal import Decimal

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaign_site.access.roles import ROLE_PERMISSIONS_HOOK
from campaign_site.demo_loaders import DEMO_LOADERS_HOOK, DemoLoader
from campaign_site.slots import HOME_SLOTS_HOOK, SIDEBAR_SLOTS_HOOK
from plans.choices import Channel, IndicatorUnit
from plans.periods import year_bounds
from plans.registry import (
    INDICATOR_SOURCES_HOOK,
    LINKABLE_CONTENT_HOOK,
    IndicatorSource,
    LinkableContent,
    SourceQuery,
    count_or_none,
)
from surveys import admin_views, selectors
from surveys.models import Kiosk, Poll
from surveys.permissions import kiosk_policy, poll_policy


class PollViewSet(SnippetViewSet):
    model = Poll
    permission_policy = poll_policy
    icon = "list-ul"
    menu_label = _("Polls")
    list_display = [
        "question",
        "unit",
        "opens_at",
        "closes_at",
        Column("results_visibility", label=_("Results"), accessor="get_results_visibility_display"),
    ]
    list_filter = ["results_visibility", "unit"]
    search_fields = ["question"]
    ordering = ["-opens_at"]


class KioskViewSet(SnippetViewSet):
    model = Kiosk
    permission_policy = kiosk_policy
    icon = "tablet-alt"
    menu_label = _("Kiosks")
    list_display = ["name", "unit", "poll", BooleanColumn("is_active", label=_("Active")), "last_vote_at"]
    list_filter = ["unit"]
    search_fields = ["name"]


class SurveysGroup(SnippetViewSetGroup):
    items = (PollViewSet, KioskViewSet)
    menu_icon = "list-ul"
    menu_label = _("Polls and kiosks")
    menu_name = "polls"
    menu_order = 250


register_snippet(SurveysGroup)


class CommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return poll_policy.user_has_permission(request.user, "moderate_comments")


@hooks.register("register_admin_menu_item")
def comments_menu_item():
    return CommentsMenuItem(_("Poll comments"), reverse("surveys_admin:comments"), icon_name="comment", order=260)


admin_urls = (
    [
        path("polls/<int:pk>/export/<str:kind>.<str:fmt>", admin_views.export, name="export"),
        path("comments/", admin_views.comments, name="comments"),
        path("kiosks/<int:pk>/token/", admin_views.kiosk_token, name="kiosk_token"),
        path("kiosks/<int:pk>/revoke/", admin_views.kiosk_revoke, name="kiosk_revoke"),
    ],
    "surveys_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("surveys/", include(admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def snippet_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Poll) and poll_policy.user_has_permission(user, "view_results"):
        yield Button(_("Results"), reverse("surveys:results", args=[snippet.pk]), icon_name="view", priority=5)
    if isinstance(snippet, Poll) and poll_policy.user_has_permission(user, "export_results"):
        for kind, label in (("ballots", _("ballots")), ("counts", _("results by day"))):
            for fmt in ("csv", "xlsx"):
                yield Button(
                    _("Export %(what)s (%(fmt)s)") % {"what": label, "fmt": fmt.upper()},
                    reverse("surveys_admin:export", args=[snippet.pk, kind, fmt]),
                    icon_name="download",
                    priority=10,
                )
    if isinstance(snippet, Kiosk) and kiosk_policy.user_has_permission(user, "change"):
        yield Button(
            _("Kiosk address / revoke"),
            reverse("surveys_admin:kiosk_token", args=[snippet.pk]),
            icon_name="key",
            priority=5,
        )


@hooks.register("after_create_snippet")
def show_new_kiosk_token(request, instance):
    """A new kiosk gets its token at once, shown on this one page and never again."""
    if isinstance(instance, Kiosk):
        return admin_views.render_new_token(request, instance, admin_views.issue_kiosk_token(kiosk=instance))
    return None


# -- contributions to shared places (campaign_site registries) ------------------------------


@hooks.register(ROLE_PERMISSIONS_HOOK)
def surveys_role_permissions():
    from surveys.roles import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS


@hooks.register(DEMO_LOADERS_HOOK)
def surveys_demo_loader():
    return DemoLoader(label="surveys", order=30, load=_load_demo)


def _load_demo(**kwargs):
    from surveys import demo  # the demo's content is read only when the demo is built

    return demo.load(**kwargs)


@hooks.register(HOME_SLOTS_HOOK)
def surveys_home_slots(request, page):
    from surveys.slots import home_slots

    return home_slots(request, page)


@hooks.register(SIDEBAR_SLOTS_HOOK)
def surveys_sidebar_slots(request, page):
    from surveys.slots import sidebar_slots

    return sidebar_slots(request, page)


@hooks.register(LINKABLE_CONTENT_HOOK)
def polls_for_plans():
    return LinkableContent(
        key="poll",
        order=40,
        label=pgettext_lazy("content kind", "Polls"),
        model=Poll,
        channels=(Channel.WEB_PORTAL,),
        date_field="opens_at",
        title_field="question",
        url=lambda poll, request: selectors.poll_vote_path(poll),
    )


def _ballots_received(query: SourceQuery):
    since, until = year_bounds(query.year)
    return count_or_none(selectors.count_ballots(since=since, until=until))


def _satisfaction_share(query: SourceQuery):
    since, until = year_bounds(query.year)
    value = selectors.satisfaction_share(since=since, until=until)
    return None if value is None else Decimal(str(round(value, 2)))


@hooks.register(INDICATOR_SOURCES_HOOK)
def surveys_indicator_sources():
    return [
        IndicatorSource(
            key="ballots_received",
            label=_("Poll ballots received this year"),
            unit=IndicatorUnit.COUNT,
            measure=_ballots_received,
        ),
        IndicatorSource(
            key="satisfaction_share",
            label=_("Share of ballots very satisfied or satisfied this year"),
            unit=IndicatorUnit.PERCENT,
            measure=_satisfaction_share,
        ),
    ]
