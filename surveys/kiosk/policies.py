"""Who may see and change kiosks, counters and duties, and who may read results per counter and officer.

Built on the one access layer (campaign_site.access.scope): ward staff act within their unit's subtree.
Results per counter and per officer are for the unit's approvers and city officers only, never public.
"""

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, role_names
from campaign_site.access.scope import covers, scope_unit

RESULTS = "view_counter_results"


class UnitScopedPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to objects whose unit lies within the account's scope."""

    unit_path = "unit__path"

    def unit_of(self, instance):
        return instance.unit

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and covers(scope_unit(user), [self.unit_of(instance)])

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.within_scope(user, self.model._default_manager.all())

    def within_scope(self, user, queryset) -> QuerySet:
        scope = scope_unit(user)
        return queryset if scope is None else queryset.filter(**{f"{self.unit_path}__startswith": scope.path})


class CounterPolicy(UnitScopedPolicy):
    def user_has_permission(self, user, action):
        if action == RESULTS:
            return may_read_counter_results(user)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class DutyPolicy(UnitScopedPolicy):
    unit_path = "counter__unit__path"

    def unit_of(self, instance):
        return instance.counter.unit


def may_read_counter_results(user) -> bool:
    """Approvers (within their unit) and city-wide information officers; no one else, never the public."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(f"surveys.{RESULTS}"):
        return False
    roles = role_names(user)
    return APPROVER in roles or (INFORMATION_OFFICER in roles and scope_unit(user) is None)


def counter_policy() -> CounterPolicy:
    from surveys.models import Counter

    return CounterPolicy(Counter)


def kiosk_policy() -> UnitScopedPolicy:
    from surveys.models import Kiosk

    return UnitScopedPolicy(Kiosk)


def duty_policy() -> DutyPolicy:
    from surveys.models import CounterDuty

    return DutyPolicy(CounterDuty)
