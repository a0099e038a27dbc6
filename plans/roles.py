"""Who may see the plan progress dashboard and reports (merged by campaign_site.access.roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: ["plans.view_plan_progress"],
    APPROVER: ["plans.view_plan_progress"],
}
