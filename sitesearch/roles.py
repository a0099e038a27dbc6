"""What each staff role may do with search data (merged by campaign_site.access.roles.ensure_roles)."""

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER

_SYNONYMS = ["sitesearch.add_synonym", "sitesearch.change_synonym", "sitesearch.delete_synonym"]

ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: [*_SYNONYMS, "sitesearch.view_search_report"],
    APPROVER: ["sitesearch.view_search_report"],
}
