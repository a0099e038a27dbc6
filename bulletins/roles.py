"""What each staff role may do with feeds, rules and the inbox (merged by campaign_site.access.roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER

_EDIT = [
    "bulletins.add_feedsource",
    "bulletins.change_feedsource",
    "bulletins.delete_feedsource",
    "bulletins.view_feedsource",
    "bulletins.change_feeditem",
    "bulletins.view_feeditem",
    "bulletins.add_keywordrule",
    "bulletins.change_keywordrule",
    "bulletins.delete_keywordrule",
    "bulletins.view_keywordrule",
    "bulletins.add_bulletinsection",
    "bulletins.change_bulletinsection",
    "bulletins.view_bulletinsection",
]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: _EDIT,
    APPROVER: ["bulletins.view_feedsource", "bulletins.view_feeditem", "bulletins.view_keywordrule"],
}
