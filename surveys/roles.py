"""Permissions the surveys app adds to the shared roles (merged by campaign_site.access.roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

_RESULTS = ["surveys.view_results", "surveys.export_results"]
# Counters and their duty roster, for the staff of the counter's unit (the policy narrows to it).
_COUNTERS = ["surveys.view_counter", "surveys.change_counter"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "surveys.add_poll",
        "surveys.change_poll",
        "surveys.delete_poll",
        "surveys.view_poll",
        "surveys.add_answerscale",
        "surveys.change_answerscale",
        "surveys.delete_answerscale",
        "surveys.view_answerscale",
        "surveys.add_kiosk",
        "surveys.change_kiosk",
        "surveys.view_kiosk",
        "surveys.moderate_comments",
        *_RESULTS,
        *_COUNTERS,
        "surveys.add_counter",
        "surveys.view_counter_results",
    ],
    # Approvers read ratings per counter and officer within their unit; editors keep the roster only.
    APPROVER: [
        "surveys.view_poll",
        "surveys.moderate_comments",
        *_RESULTS,
        *_COUNTERS,
        "surveys.view_kiosk",
        "surveys.view_counter_results",
    ],
    WARD_EDITOR: ["surveys.view_poll", *_RESULTS, *_COUNTERS, "surveys.view_kiosk"],
}
