"""What each staff role may do with the register (merged by campaign_site.access.roles.ensure_roles).
Register entries are pages: adding, editing and publishing them follows the page permissions."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

_FIELDS = ["documents.add_documentfield", "documents.change_documentfield", "documents.delete_documentfield"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [*_FIELDS, "documents.view_citation"],
    APPROVER: [*_FIELDS, "documents.view_citation"],
    WARD_EDITOR: ["documents.view_documentfield", "documents.view_citation"],
}
