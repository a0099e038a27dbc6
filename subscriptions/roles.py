"""What each role may do with subscribers (merged by campaign_site.access.roles). The permission
policy narrows these further to city-wide officers (personal data)."""

from campaign_site.access.roles import INFORMATION_OFFICER

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "subscriptions.add_subscriber",
        "subscriptions.change_subscriber",
        "subscriptions.delete_subscriber",
        "subscriptions.view_subscriber",
        "subscriptions.change_mailsettings",
    ],
}
