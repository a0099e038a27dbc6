"""Who may see and act on citizens' feedback: one Wagtail permission policy on the shared scope.

An item belongs to its handling unit once assigned, and before that to the unit it concerns (ideas
without a unit belong to the city). Staff of a ward act within their unit's subtree
(campaign_site.access.scope); city-wide staff (no unit, the city itself, superusers) act everywhere.
Actions are the model permissions `view`, `triage`, `answer`, `approve` and `export`, each narrowed by
that scope. Personal data is shown only to the handling unit's staff and city-wide staff.
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from campaign_site.access.scope import acts_within, scope_unit
from feedback.models import FeedbackItem


def responsible_unit(item):
    return item.assigned_unit if item.assigned_unit_id else item.unit


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return scope_unit(user) is None or acts_within(user, responsible_unit(instance))

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return FeedbackItem.objects.none()
        return scoped_items(user)

    def user_can_see_personal_data(self, user, instance) -> bool:
        if not self.user_has_permission_for_instance(user, "view", instance):
            return False
        return scope_unit(user) is None or acts_within(user, instance.assigned_unit)


def scoped_items(user):
    """Every item within the user's scope (whatever the permission: callers check that first)."""
    queryset = FeedbackItem.objects.all()
    scope = scope_unit(user)
    if scope is None:
        return queryset
    return queryset.filter(
        Q(assigned_unit__path__startswith=scope.path) | Q(assigned_unit__isnull=True, unit__path__startswith=scope.path)
    )


feedback_permission_policy = FeedbackPermissionPolicy(FeedbackItem)
