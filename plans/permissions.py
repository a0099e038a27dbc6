"""Who may see plan progress (the dashboard, the period report and their menu item): the permission
policy that the admin views, the menu item and the permission-matrix test ask. The permission comes
from the roles (plans/roles.py, merged by campaign_site.access.roles); progress is city-wide, so no
unit scope narrows it."""

from wagtail.permission_policies import ModelPermissionPolicy

from plans.models import CampaignPlanPage

VIEW_PROGRESS = "view_plan_progress"  # CampaignPlanPage's own permission (Meta.permissions)


class PlanProgressPolicy(ModelPermissionPolicy):
    def __init__(self):
        super().__init__(CampaignPlanPage)

    def _get_permission_name(self, action):
        if action == VIEW_PROGRESS:
            return f"{self.app_label}.{VIEW_PROGRESS}"
        return super()._get_permission_name(action)

    def user_has_permission(self, user, action):
        return bool(user and user.is_authenticated and super().user_has_permission(user, action))


plan_policy = PlanProgressPolicy()


def can_view_progress(user) -> bool:
    return plan_policy.user_has_permission(user, VIEW_PROGRESS)
