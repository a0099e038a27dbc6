"""Who may do what with screens and their messages. Used by services (the rule) and the admin (the UI)."""

from django.db.models import QuerySet

from campaign_site.access.roles import (
    APPROVER,
    INFORMATION_OFFICER,
    SCREEN_OPERATOR,
    WARD_EDITOR,
    role_names,
    user_unit,
)
from campaign_site.access.scope import scope_unit
from campaign_site.models import AdministrativeUnit

AUTHOR_ROLES = (INFORMATION_OFFICER, WARD_EDITOR, APPROVER)


def within_scope(user, unit: AdministrativeUnit | None) -> bool:
    if unit is None:
        return False
    scope = scope_unit(user)
    return scope is None or unit.is_within(scope)


def is_city_officer(user) -> bool:
    """City information officers (or superusers) are the only ones who send emergency messages."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if INFORMATION_OFFICER not in role_names(user):
        return False
    unit = user_unit(user)
    return unit is None or unit.parent_id is None


def can_author(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = role_names(user)
    if WARD_EDITOR in roles and not (roles & {INFORMATION_OFFICER, APPROVER}) and user_unit(user) is None:
        return False  # a ward editor without a ward has no screens
    return bool(roles & set(AUTHOR_ROLES))


def can_target_unit(user, unit: AdministrativeUnit | None) -> bool:
    return can_author(user) and within_scope(user, unit)


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
    from screens.models import Screen

    return Screen.objects.select_related("unit", "profile").in_units(scope_unit(user))


def has_any_role(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or role_names(user)))
