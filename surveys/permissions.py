"""Who may do what with polls, kiosks and counters: the permission policies the admin views, the
services, the public result views and the tests ask. Model permissions come from the roles
(campaign_site.access.roles); where a ward's staff may act comes from the unit scope
(campaign_site.access.scope). Results per counter and per officer are for the unit's approvers and
city officers only, never public.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from campaign_site.access.roles import APPROVER, role_names
from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope, covers, is_city_officer, scope_unit
from surveys.models import Ballot, Counter, CounterDuty, Kiosk, Poll

# Poll's own permissions (Meta.permissions), named without the model: "surveys.view_results".
POLL_ACTIONS = ("view_results", "export_results", "moderate_comments")


class PollPermissionPolicy(ModelPermissionPolicy):
    def __init__(self):
        super().__init__(Poll)

    def _get_permission_name(self, action):
        if action in POLL_ACTIONS:
            return f"{self.app_label}.{action}"
        return super()._get_permission_name(action)

    def user_has_permission(self, user, action):
        return bool(user and user.is_authenticated and super().user_has_permission(user, action))

    def export_scope(self, user):
        """The unit whose ballots `user` may export (None: every unit); refused without the
        permission or without any scope. Ward staff export only their own unit's ballots."""
        if not self.user_has_permission(user, "export_results"):
            raise PermissionDenied
        scope = content_scope(user)
        if scope == NOWHERE:
            raise PermissionDenied
        return None if scope == EVERYWHERE else scope

    def instances_user_has_permission_for(self, user, action) -> QuerySet:
        return Poll.objects.all() if self.user_has_permission(user, action) else Poll.objects.none()


class UnitScopedPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to objects whose unit lies within the account's scope:
    a ward's staff see and change only their ward's kiosks, counters and duties."""

    unit_path = "unit__path"

    def unit_of(self, instance):
        return instance.unit

    def user_has_permission(self, user, action):
        return bool(user and user.is_authenticated and super().user_has_permission(user, action))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and covers(scope_unit(user), [self.unit_of(instance)])

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.within_scope(user, self.model._default_manager.all())

    def within_scope(self, user, queryset) -> QuerySet:
        scope = scope_unit(user)
        return queryset if scope is None else queryset.filter(**{f"{self.unit_path}__startswith": scope.path})


RESULTS = "view_counter_results"


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
    """Approvers (within their unit) and city information officers; no one else, never the public."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm(f"surveys.{RESULTS}"):
        return False
    return APPROVER in role_names(user) or is_city_officer(user)


poll_policy = PollPermissionPolicy()
kiosk_policy = UnitScopedPolicy(Kiosk)
counter_policy = CounterPolicy(Counter)
duty_policy = DutyPolicy(CounterDuty)


class CommentModerationPolicy(BasePermissionPolicy):
    """Which ballots' comments a user may moderate: holders of `surveys.moderate_comments` within
    their content scope — city staff every comment, a ward approver only ballots counted for a unit
    within their ward. The admin view, moderate_comment() and the tests ask this one policy."""

    def __init__(self):
        super().__init__(Ballot)

    def user_has_permission(self, user, action) -> bool:
        return action == MODERATE and poll_policy.user_has_permission(user, "moderate_comments")

    def instances_user_has_permission_for(self, user, action) -> QuerySet:
        ballots = Ballot.objects.exclude(comment="")
        if not self.user_has_permission(user, action):
            return ballots.none()
        scope = content_scope(user)
        if scope == EVERYWHERE:
            return ballots
        if scope == NOWHERE:
            return ballots.none()
        return ballots.filter(unit__path__startswith=scope.path)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()


MODERATE = "moderate"
comment_policy = CommentModerationPolicy()


def sees_all_results(user) -> bool:
    """Officers see every poll's results, whatever the poll's visibility setting."""
    return poll_policy.user_has_permission(user, "view_results")
