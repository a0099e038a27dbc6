"""Permissions the surveys app adds to the shared roles (merged by campaign_site.access.roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

_RESULTS = ["surveys.view_results", "surveys.export_results"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "surveys.add_poll",
        "surveys.change_poll",
        "surveys.delete_poll",
        "surveys.view_poll",
        "surveys.add_kiosk",
        "surveys.change_kiosk",
        "surveys.view_kiosk",
        "surveys.moderate_comments",
        *_RESULTS,
    ],
    APPROVER: ["surveys.view_poll", "surveys.moderate_comments", *_RESULTS],
    WARD_EDITOR: ["surveys.view_poll", *_RESULTS],
}
