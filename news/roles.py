"""What each staff role may do with news data (merged by campaign_site.access.roles.ensure_roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

_CATEGORY = ["news.add_category", "news.change_category", "news.delete_category"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [*_CATEGORY, "taggit.add_tag", "taggit.change_tag"],
    APPROVER: _CATEGORY,
    WARD_EDITOR: ["news.view_category"],
}
