"""What each staff role may do with the register (merged by campaign_site.access.roles.ensure_roles).
Register entries are pages: adding, editing and publishing them follows the page permissions."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR

_FIELDS = ["documents.add_documentfield", "documents.change_documentfield", "documents.delete_documentfield"]
_PROCEDURES = ["documents.add_procedure", "documents.change_procedure", "documents.delete_procedure"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [*_FIELDS, *_PROCEDURES, "documents.view_citation"],
    APPROVER: [*_FIELDS, *_PROCEDURES, "documents.view_citation"],
    # Ward editors choose procedures for their articles (the chooser needs a permission on the model).
    WARD_EDITOR: ["documents.view_documentfield", "documents.view_procedure", "documents.view_citation"],
}
