"""Who may do what with screens and their messages: the rules, and the permission policies the
admin viewsets, the services and the tests all ask (Wagtail's pattern, as in
`wagtail.images.permissions`). Roles and unit scope come from `campaign_site.access`.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

from campaign_site.access.roles import (
    APPROVER,
    INFORMATION_OFFICER,
    SCREEN_OPERATOR,
    WARD_EDITOR,
    has_any_role,
    role_names,
    user_unit,
)
from campaign_site.access.scope import acts_within, is_city_officer, scope_unit
from campaign_site.models import AdministrativeUnit
from screens.models import MessageKind, Screen, ScreenMessage

AUTHOR_ROLES = (INFORMATION_OFFICER, WARD_EDITOR, APPROVER)

__all__ = [
    "can_approve",
    "can_author",
    "can_manage_screens",
    "has_any_role",
    "is_city_officer",
    "message_policy",
    "scope_unit",
    "screen_policy",
    "targetable_units",
    "visible_screens",
]


def can_author(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = role_names(user)
    if WARD_EDITOR in roles and not (roles & {INFORMATION_OFFICER, APPROVER}) and user_unit(user) is None:
        return False  # a ward editor without a ward has no screens
    return bool(roles & set(AUTHOR_ROLES))


def can_approve(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or APPROVER in role_names(user)))


def can_manage_screens(user) -> bool:
    if user and user.is_authenticated and user.is_superuser:
        return True
    return bool(role_names(user) & {SCREEN_OPERATOR, INFORMATION_OFFICER})


def targetable_units(user) -> QuerySet:
    scope = scope_unit(user)
    units = AdministrativeUnit.objects.active()
    return units if scope is None else units.subtree_of(scope)


def visible_screens(user) -> QuerySet:
    return Screen.objects.select_related("unit", "profile").in_units(scope_unit(user))


def _target_unit(message: ScreenMessage):
    if message.target_screen_id:
        return Screen.objects.select_related("unit").get(pk=message.target_screen_id).unit
    return message.target_unit


class ScreenMessagePermissionPolicy(ModelPermissionPolicy):
    """Messages: the model permissions of the user's roles, within the user's unit; emergencies
    only for city officers; reviews only by approvers, never of one's own message."""

    def __init__(self):
        super().__init__(ScreenMessage)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in {"change", "delete"} and instance.is_emergency and not is_city_officer(user):
            return False
        return acts_within(user, instance.target_unit_for_permissions())

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return ScreenMessage.objects.none()
        return self.scoped(user)

    def scoped(self, user) -> QuerySet:
        """Every message aimed within the user's unit, whatever its status."""
        queryset = ScreenMessage.objects.select_related("target_screen__unit", "target_unit", "created_by")
        return queryset.within(scope_unit(user))

    def save_refusal(self, user, message: ScreenMessage) -> str | None:
        """Why `user` may not save `message` as it stands, or None when they may."""
        if not can_author(user):
            return _("You may not write screen messages.")
        if not acts_within(user, _target_unit(message)):
            return _("You may only send messages to the screens of your own unit.")
        if message.kind == MessageKind.EMERGENCY and not is_city_officer(user):
            return _("Only city information officers may send emergency messages.")
        return None

    def review_refusal(self, user, message: ScreenMessage) -> str | None:
        """Why `user` may not approve or reject `message`, or None when they may."""
        if not can_approve(user):
            return _("You may not approve screen messages.")
        if message.created_by_id and message.created_by_id == user.pk:
            return _("You cannot approve or reject your own message.")
        if not acts_within(user, _target_unit(message)):
            return _("This message targets screens outside your unit.")
        return None


class ScreenPermissionPolicy(ModelPermissionPolicy):
    """Screens: the model permissions of the user's roles, within the user's unit."""

    def __init__(self):
        super().__init__(Screen)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and acts_within(user, instance.unit)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Screen.objects.none()
        return visible_screens(user)


message_policy = ScreenMessagePermissionPolicy()
screen_policy = ScreenPermissionPolicy()
