"""Who may do what with polls: the permission policy the admin views, the public result views and
the tests ask. Model permissions come from the roles (campaign_site.access.roles); where a ward's
staff may export comes from the unit scope (campaign_site.access.scope).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope
from surveys.models import Kiosk, Poll

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


poll_policy = PollPermissionPolicy()
kiosk_policy = ModelPermissionPolicy(Kiosk)


def sees_all_results(user) -> bool:
    """Officers see every poll's results, whatever the poll's visibility setting."""
    return poll_policy.user_has_permission(user, "view_results")
