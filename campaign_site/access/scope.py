"""Where a staff account may act: its administrative unit and everything below it.

One rule for every app. An account whose unit is a ward (or a district, or a department) acts within
that unit's subtree; superusers, accounts without a unit and accounts of the city itself (a unit at
the top of the tree) act everywhere. Pages add one thing: city information officers write for the
whole city whatever their unit, and a ward editor without a ward may touch no page at all.
"""

from typing import TYPE_CHECKING

from campaign_site.access.roles import INFORMATION_OFFICER, WARD_EDITOR, role_names, user_unit

if TYPE_CHECKING:
    from campaign_site.models import AdministrativeUnit

# content_scope() answers with a unit, or with one of these.
EVERYWHERE = "everywhere"
NOWHERE = "nowhere"


def scope_unit(user) -> "AdministrativeUnit | None":
    """The unit whose subtree the account works in; None means city-wide."""
    if not user or not user.is_authenticated or user.is_superuser:
        return None
    unit = user_unit(user)
    if unit is None or unit.parent_id is None:
        return None
    return unit


def covers(scope: "AdministrativeUnit | None", units) -> bool:
    """True when every one of `units` lies within `scope`. No units means the whole city, which only a
    city-wide scope (None) covers."""
    units = list(units)
    if scope is None:
        return True
    return bool(units) and all(unit is not None and unit.is_within(scope) for unit in units)


def acts_within(user, unit: "AdministrativeUnit | None") -> bool:
    """True when `unit` lies within the account's unit scope; no unit is never within."""
    return unit is not None and covers(scope_unit(user), [unit])


def is_city_officer(user) -> bool:
    """A city information officer (or a superuser): the only ones who act for the whole city in
    emergencies."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if INFORMATION_OFFICER not in role_names(user):
        return False
    unit = user_unit(user)
    return unit is None or unit.parent_id is None


def content_scope(user):
    """EVERYWHERE, NOWHERE or the unit whose pages (and ballots) this account may edit, publish,
    approve and export."""
    if not user or not user.is_authenticated:
        return NOWHERE
    if user.is_superuser:
        return EVERYWHERE
    roles = role_names(user)
    if INFORMATION_OFFICER in roles:
        return EVERYWHERE
    if roles == {WARD_EDITOR} and user_unit(user) is None:
        return NOWHERE  # a ward editor without a ward writes for nobody
    unit = scope_unit(user)
    return EVERYWHERE if unit is None else unit


def content_scope_covers(user, units) -> bool:
    scope = content_scope(user)
    if scope == EVERYWHERE:
        return True
    if scope == NOWHERE:
        return False
    return covers(scope, units)
