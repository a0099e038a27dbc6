"""Admin: screens, profiles and messages as snippets (scoped to the user's unit), plus the dashboard,
the approval queue (with its count in the menu) and the proof-of-play report."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets.button import Button
from wagtail.models import DraftStateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from campaign_site.access.roles import (
    INFORMATION_OFFICER,
    SCREEN_OPERATOR,
    WARD_EDITOR,
)
from campaign_site.app_registration import register_app
from plans.choices import Channel, IndicatorUnit
from plans.registry import (
    INDICATOR_SOURCES_HOOK,
    LINKABLE_CONTENT_HOOK,
    IndicatorSource,
    LinkableContent,
    SourceQuery,
)
from screens import admin_views, permissions, selectors, services
from screens.filters import ScreenMessageFilterSet
from screens.forms import ScreenForm, ScreenMessageForm
from screens.models import DisplayProfile, Screen, ScreenMessage
from screens.panels import MessagePreviewPanel
from screens.roles import ROLE_PERMISSIONS
from subscriptions.alerts.registry import ALERT_SOURCES_HOOK, AlertSource

# --- Scoping -----------------------------------------------------------------------------------


class ScopedObjectMixin:
    """Edit and delete views only find objects within the user's unit (others are a 404)."""

    def get_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, self.permission_required)


class ScopedReadMixin:
    """History, usage and inspect views find only objects within the user's unit (others are a
    404), through the same permission policy as the edit views."""

    def get_base_object_queryset(self):
        user, policy = self.request.user, self.permission_policy
        for action in ("change", "view", "delete", "add"):
            if policy.user_has_permission(user, action):
                return policy.instances_user_has_permission_for(user, action)
        return self.model._default_manager.none()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_object_queryset(), pk=unquote(str(self.pk)))


class ScopedHistoryView(ScopedReadMixin, HistoryView):
    pass


class ScopedUsageView(ScopedReadMixin, UsageView):
    def get_object(self, queryset=None):
        instance = super().get_object()
        return instance.get_latest_revision_as_object() if isinstance(instance, DraftStateMixin) else instance


class ScopedInspectView(ScopedReadMixin, InspectView):
    pass


# --- Messages ----------------------------------------------------------------------------------


class MessageCreateView(CreateView):
    def save_instance(self):
        return services.save_message(
            message=self.form.save(commit=False),
            user=self.request.user,
            submit=self.form.cleaned_data.get("submit_for_approval", True),
        )


def end_now_button(message, user, next_url: str):
    """ "End now" for a message on the screens now, to whoever may edit it (the service checks again)."""
    if not message.is_running or permissions.message_policy.save_refusal(user, message):
        return None
    url = reverse("screens_admin:end", args=[message.pk]) + "?" + urlencode({"next": next_url})
    return Button(_("End now"), url=url, icon_name="cross", priority=5)


class MessageEditView(ScopedObjectMixin, EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        button = end_now_button(self.object, self.request.user, self.request.path)
        return [button, *buttons] if button else buttons

    def save_instance(self):
        instance = services.save_message(
            message=self.form.save(commit=False),
            user=self.request.user,
            submit=self.form.cleaned_data.get("submit_for_approval", True),
        )
        self.has_content_changes = self.form.has_changed()
        return instance


class MessageDeleteView(ScopedObjectMixin, DeleteView):
    pass


class MessageIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        button = end_now_button(instance, self.request.user, self.request.get_full_path())
        return [button, *buttons] if button else buttons


class ScreenMessageViewSet(SnippetViewSet):
    model = ScreenMessage
    icon = "mail"
    menu_label = _("Screen messages")
    add_to_admin_menu = False
    index_view_class = MessageIndexView
    add_view_class = MessageCreateView
    edit_view_class = MessageEditView
    delete_view_class = MessageDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    list_display = ["title", "kind", "status", "target_screen", "target_unit", "starts_at", "ends_at"]
    filterset_class = ScreenMessageFilterSet
    search_fields = ["title", "text"]
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("text"),
            FieldPanel("image"),
            MultiFieldPanel(
                [FieldPanel("target_screen"), FieldPanel("target_unit"), FieldPanel("include_subunits")],
                heading=_("Targets"),
                help_text=_("One screen, or one unit (optionally with every unit under it)."),
            ),
            MessagePreviewPanel(heading=_("Length and preview on each targeted screen")),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("days_of_week"),
                    FieldRowPanel([FieldPanel("daily_start"), FieldPanel("daily_end")]),
                ],
                heading=_("Schedule"),
            ),
            FieldRowPanel([FieldPanel("duration_seconds"), FieldPanel("priority")]),
            FieldPanel("plan_task"),
            FieldPanel("submit_for_approval"),
        ],
        base_form_class=ScreenMessageForm,
    )

    permission_policy = permissions.message_policy

    def get_queryset(self, request):
        return permissions.message_policy.scoped(request.user)


# --- Screens and profiles ----------------------------------------------------------------------


class ScreenCreateView(CreateView):
    def get_success_url(self):
        # A new screen needs its token: go straight to the page that issues it.
        return reverse("screens_admin:token", args=[self.object.pk])


class ScreenEditView(ScopedObjectMixin, EditView):
    pass


class ScreenDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ScreenViewSet(SnippetViewSet):
    model = Screen
    icon = "desktop"
    menu_label = _("Screens")
    add_to_admin_menu = False
    add_view_class = ScreenCreateView
    edit_view_class = ScreenEditView
    delete_view_class = ScreenDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    list_display = ["name", "unit", "location", "profile", "last_seen_at"]
    list_filter = ["profile"]
    search_fields = ["name", "location"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("unit"),
            FieldPanel("location"),
            FieldPanel("profile"),
            FieldRowPanel([FieldPanel("poll_interval"), FieldPanel("time_zone")]),
            MultiFieldPanel(
                [
                    FieldPanel("show_news"),
                    FieldPanel("show_bulletin"),
                    FieldPanel("show_poll"),
                    FieldPanel("show_clock"),
                ],
                heading=_("Automatic content"),
            ),
        ],
        base_form_class=ScreenForm,
    )

    permission_policy = permissions.screen_policy

    def get_queryset(self, request):
        return permissions.visible_screens(request.user)


class DisplayProfileViewSet(SnippetViewSet):
    model = DisplayProfile
    icon = "resubmit"
    menu_label = _("Display profiles")
    add_to_admin_menu = False
    list_display = ["name", "kind", "width_px", "height_px", "text_lines", "max_title_chars", "max_text_chars"]


message_viewset = ScreenMessageViewSet()
screen_viewset = ScreenViewSet()
profile_viewset = DisplayProfileViewSet()
register_snippet(message_viewset)
register_snippet(screen_viewset)
register_snippet(profile_viewset)


# --- Admin URLs and menu -----------------------------------------------------------------------

admin_urls = [
    path("", admin_views.dashboard, name="dashboard"),
    path("queue/", admin_views.approval_queue, name="queue"),
    path("messages/<id:pk>/review/", admin_views.review, name="review"),
    path("messages/<id:pk>/end/", admin_views.end_now, name="end"),
    path("messages/<id:pk>/frame/<id:profile_id>.png", admin_views.message_frame, name="message_frame"),
    path("preview/frame.png", admin_views.frame_preview, name="frame_preview"),
    path("calendar/", admin_views.calendar, name="calendar"),
    path("screen/<id:pk>/token/", admin_views.screen_token, name="token"),
    path("plays/", admin_views.plays_report, name="plays"),
    path("plays/<id:pk>/", admin_views.plays_for_message, name="plays_message"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("screens/", include((admin_urls, "screens_admin"), namespace="screens_admin"))]


class RoleMenuItem(MenuItem):
    def __init__(self, *args, check=permissions.has_any_role, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


class QueueMenuItem(RoleMenuItem):
    """Shows how many messages wait for this approver, e.g. "Chờ duyệt (3)"."""

    def render_component(self, request):
        count = selectors.pending_messages(user=request.user).count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class SnippetMenuItem(RoleMenuItem):
    def __init__(self, viewset, *args, **kwargs):
        self.viewset = viewset
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.viewset.permission_policy.user_has_any_permission(request.user, ["add", "change", "view"])


@hooks.register("register_admin_menu_item")
def register_screens_menu():
    items = [
        RoleMenuItem(_("Dashboard"), reverse("screens_admin:dashboard"), icon_name="desktop", order=100),
        RoleMenuItem(_("What plays where"), reverse("screens_admin:calendar"), icon_name="date", order=150),
        QueueMenuItem(
            _("Approval queue"),
            reverse("screens_admin:queue"),
            name="screens-approval-queue",
            icon_name="tasks",
            order=200,
            check=permissions.can_approve,
        ),
        SnippetMenuItem(
            message_viewset, _("Messages"), reverse(message_viewset.get_url_name("list")), icon_name="mail", order=300
        ),
        SnippetMenuItem(
            screen_viewset, _("Screens"), reverse(screen_viewset.get_url_name("list")), icon_name="desktop", order=400
        ),
        SnippetMenuItem(
            profile_viewset,
            _("Display profiles"),
            reverse(profile_viewset.get_url_name("list")),
            icon_name="resubmit",
            order=500,
        ),
        RoleMenuItem(_("Proof of play"), reverse("screens_admin:plays"), icon_name="list-ul", order=600),
    ]
    return SubmenuMenuItem(_("Public screens"), Menu(items=items), icon_name="desktop", order=400)


@hooks.register("register_log_actions")
def register_screens_log_actions(actions):
    actions.register_action(services.END_NOW_ACTION, _("End now"), _("Ended now on every screen"))


# -- contributions to shared places (campaign_site registries) ------------------------------


register_app(label="screens", role_permissions=ROLE_PERMISSIONS, demo="screens.demo.load", demo_order=50)


@hooks.register(LINKABLE_CONTENT_HOOK)
def screen_messages_for_plans():
    return LinkableContent(
        key="screen_message",
        order=50,
        label=pgettext_lazy("content kind", "Screen messages"),
        model=ScreenMessage,
        channels=(Channel.SCREENS,),
        date_field="starts_at",
        # A screen message has gone out only once an approver approved it.
        published=lambda messages: messages.approved(),
    )


def _screens_online(query: SourceQuery):
    if not selectors.count_screens():
        return None  # no screen registered yet; 0 of 5 online is a real 0
    return Decimal(selectors.count_screens(online=True))


@hooks.register(INDICATOR_SOURCES_HOOK)
def screens_indicator_sources():
    return [
        IndicatorSource(
            key="screens_online",
            label=_("Public screens online now"),
            unit=IndicatorUnit.COUNT,
            measure=_screens_online,
        )
    ]


@hooks.register(ALERT_SOURCES_HOOK)
def screen_alerts():
    from screens.alerts import in_opening_hours, offline_screens

    return AlertSource(
        kind="screen_offline",
        label=_("a screen of my unit is offline"),
        roles=(SCREEN_OPERATOR, WARD_EDITOR, INFORMATION_OFFICER),
        check=offline_screens,
        opens_new=in_opening_hours,
    )
