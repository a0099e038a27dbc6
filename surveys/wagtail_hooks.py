"""Admin: polls and kiosks as snippets, result and export buttons, comment moderation, kiosk tokens."""

from decimal import Decimal

from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from campaign_site.app_registration import register_app
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
from surveys.kiosk import admin_views as kiosk_admin_views
from surveys.models import AnswerScale, Counter, Kiosk, KioskAnswerStatus, Poll
from surveys.permissions import RESULTS, counter_policy, kiosk_policy, poll_policy
from surveys.roles import ROLE_PERMISSIONS


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


class AnswerScaleViewSet(SnippetViewSet):
    """The reusable answer scales: city-wide, kept by the information officers."""

    model = AnswerScale
    icon = "list-ol"
    menu_label = _("Answer scales")
    list_display = [
        "name",
        Column("answer_list", label=pgettext_lazy("answer scale", "Answers"), accessor="answer_list"),
    ]
    search_fields = ["name"]

    def get_queryset(self, request):
        return AnswerScale.objects.prefetch_related("options")


class ScopedObjectMixin:
    """Edit and delete views only find objects within the account's unit (others are a 404)."""

    def get_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, self.permission_required)


class ScopedEditView(ScopedObjectMixin, EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    pass


class KioskViewSet(SnippetViewSet):
    model = Kiosk
    permission_policy = kiosk_policy
    icon = "tablet-alt"
    menu_label = _("Kiosks")
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    list_display = [
        "name",
        "unit",
        "counter",
        Column("subject", label=_("Asks")),
        BooleanColumn("is_active", label=_("Active")),
        BooleanColumn("is_online", label=_("Online")),
        DateColumn("last_sync_at", label=_("Last sync")),
        Column("queue_length", label=_("Answers waiting")),
        Column("refused_answers", label=_("Refused answers")),
    ]
    list_filter = ["unit"]
    search_fields = ["name"]

    def get_queryset(self, request):
        kiosks = kiosk_policy.instances_user_has_any_permission_for(request.user, ["view", "change"])
        refused = Count("answers", filter=Q(answers__status=KioskAnswerStatus.REFUSED))
        return kiosks.select_related("unit", "counter", "poll", "survey_page").annotate(refused_answers=refused)


class CounterViewSet(SnippetViewSet):
    model = Counter
    permission_policy = counter_policy
    icon = "group"
    menu_label = _("Counters")
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    list_display = ["name", "unit"]
    list_filter = ["unit"]
    search_fields = ["name"]

    def get_queryset(self, request):
        counters = counter_policy.instances_user_has_any_permission_for(request.user, ["view", "change"])
        return counters.select_related("unit")


class SurveysGroup(SnippetViewSetGroup):
    items = (PollViewSet, AnswerScaleViewSet, KioskViewSet, CounterViewSet)
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


class PolicyMenuItem(MenuItem):
    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def is_shown(self, request):
        return counter_policy.user_has_permission(request.user, self.action)


@hooks.register("register_admin_menu_item")
def counter_duty_menu_item():
    return PolicyMenuItem(
        _("Who is on duty"), reverse("surveys_admin:counter_duty"), icon_name="user", order=262, action="change"
    )


@hooks.register("register_admin_menu_item")
def counter_results_menu_item():
    return PolicyMenuItem(
        _("Ratings per counter"), reverse("surveys_admin:counter_results"), icon_name="table", order=264, action=RESULTS
    )


admin_urls = (
    [
        path("polls/<id:pk>/results/", admin_views.results, name="results"),
        path("polls/<id:pk>/export/<str:kind>.<str:fmt>", admin_views.export, name="export"),
        path("comments/", admin_views.comments, name="comments"),
        path("kiosks/<id:pk>/token/", admin_views.kiosk_token, name="kiosk_token"),
        path("kiosks/<id:pk>/revoke/", admin_views.kiosk_revoke, name="kiosk_revoke"),
        path("kiosks/<id:pk>/receipt/", kiosk_admin_views.receipt, name="kiosk_receipt"),
        path("counters/duty/", kiosk_admin_views.duty, name="counter_duty"),
        path("counters/results/", kiosk_admin_views.results, name="counter_results"),
    ],
    "surveys_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("surveys/", include(admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def snippet_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Poll) and poll_policy.user_has_permission(user, "view_results"):
        yield Button(_("Results"), reverse("surveys_admin:results", args=[snippet.pk]), icon_name="view", priority=5)
    if isinstance(snippet, Poll) and poll_policy.user_has_permission(user, "export_results"):
        for kind, label in (("ballots", _("ballots")), ("counts", _("results by day"))):
            for fmt in ("csv", "xlsx"):
                yield Button(
                    _("Export %(what)s (%(fmt)s)") % {"what": label, "fmt": fmt.upper()},
                    reverse("surveys_admin:export", args=[snippet.pk, kind, fmt]),
                    icon_name="download",
                    priority=10,
                )
    if isinstance(snippet, Kiosk) and kiosk_policy.user_has_permission_for_instance(user, "change", snippet):
        yield Button(
            _("Kiosk address / revoke"),
            reverse("surveys_admin:kiosk_token", args=[snippet.pk]),
            icon_name="key",
            priority=5,
        )
    if isinstance(snippet, Kiosk) and kiosk_policy.user_has_permission_for_instance(user, "view", snippet):
        yield Button(
            _("Receipt QR code"),
            reverse("surveys_admin:kiosk_receipt", args=[snippet.pk]),
            icon_name="link",
            priority=6,
        )


@hooks.register("after_create_snippet")
def show_new_kiosk_token(request, instance):
    """A new kiosk gets its token at once, shown on this one page and never again."""
    if isinstance(instance, Kiosk):
        return admin_views.render_new_token(request, instance, admin_views.issue_kiosk_token(kiosk=instance))
    return None


# -- contributions to shared places (campaign_site registries) ------------------------------


register_app(label="surveys", role_permissions=ROLE_PERMISSIONS, demo="surveys.demo.load", demo_order=30)


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
