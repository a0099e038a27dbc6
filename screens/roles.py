"""What each role may do with screens (merged into the role groups by campaign_site.access.roles.ensure_roles).
Model permissions open the admin screens; services.py and the scoped views narrow them to the user's unit."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, SCREEN_OPERATOR, WARD_EDITOR

_MESSAGE_AUTHOR = ["screens.add_screenmessage", "screens.change_screenmessage", "screens.view_screenmessage"]

ROLE_PERMISSIONS = {
    SCREEN_OPERATOR: [
        "screens.add_screen",
        "screens.change_screen",
        "screens.delete_screen",
        "screens.view_screen",
        "screens.add_displayprofile",
        "screens.change_displayprofile",
        "screens.view_displayprofile",
        "screens.view_screenmessage",
        "screens.view_screenplay",
    ],
    WARD_EDITOR: [*_MESSAGE_AUTHOR, "screens.delete_screenmessage", "screens.view_screen"],
    APPROVER: [*_MESSAGE_AUTHOR, "screens.view_screen", "screens.view_screenplay"],
    INFORMATION_OFFICER: [
        *_MESSAGE_AUTHOR,
        "screens.delete_screenmessage",
        "screens.add_screen",
        "screens.change_screen",
        "screens.view_screen",
        "screens.view_displayprofile",
        "screens.view_screenplay",
    ],
}
