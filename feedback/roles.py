"""Permissions the feedback app adds to the shared roles (merged by campaign_site.access.roles).
Each is narrowed to the account's unit by feedback.permissions."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "feedback.view_feedbackitem",
        "feedback.triage_feedbackitem",
        "feedback.answer_feedbackitem",
        "feedback.export_feedbackitem",
    ],
    WARD_EDITOR: ["feedback.view_feedbackitem", "feedback.answer_feedbackitem"],
    APPROVER: ["feedback.view_feedbackitem", "feedback.approve_feedbackitem", "feedback.export_feedbackitem"],
}
