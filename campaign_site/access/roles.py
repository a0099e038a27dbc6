"""The staff roles, their permissions, and the moderation workflow.

Each app adds permissions to the roles from its `wagtail_hooks.py`:

    @hooks.register(ROLE_PERMISSIONS_HOOK)
    def news_role_permissions() -> dict[str, list[str]]:
        return {INFORMATION_OFFICER: ["news.add_category", ...]}

`ensure_roles()` merges them, so the roles stay correct as apps arrive; it is idempotent and runs
from `load_demo_data` and `setup_roles`. It also retires Wagtail's English starter groups and
workflow (`wagtail_defaults.py`).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from campaign_site.access.wagtail_defaults import retire_wagtail_defaults

INFORMATION_OFFICER = "Cán bộ thông tin"
WARD_EDITOR = "Biên tập viên phường, xã"
APPROVER = "Lãnh đạo phê duyệt"
SCREEN_OPERATOR = "Vận hành màn hình"
ALL_ROLES = (INFORMATION_OFFICER, WARD_EDITOR, APPROVER, SCREEN_OPERATOR)
WORKFLOW_NAME = "Phê duyệt nội dung"
ROLE_PERMISSIONS_HOOK = "campaign_role_permissions"

# Page permissions on the home page (and so on every page below it).
PAGE_PERMISSIONS = {
    INFORMATION_OFFICER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    WARD_EDITOR: ["add_page", "change_page"],
    APPROVER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    SCREEN_OPERATOR: [],
}
# The home page's translations (the English tree under /en/) are edited by city-wide roles only:
# ward editors write about their ward in Vietnamese; translating is the information office's work.
TRANSLATION_ROLES = (INFORMATION_OFFICER, APPROVER)
COLLECTION_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    WARD_EDITOR: ["add_image", "choose_image", "add_document", "choose_document"],
    APPROVER: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    SCREEN_OPERATOR: ["add_image", "choose_image"],
}
BASE_PERMISSIONS = {
    INFORMATION_OFFICER: [
        "wagtailadmin.access_admin",
        "campaign_site.add_abbreviation",
        "campaign_site.change_abbreviation",
        "campaign_site.delete_abbreviation",
        "campaign_site.view_administrativeunit",
        "campaign_site.change_siteidentity",
        "simple_translation.submit_translation",
    ],
    WARD_EDITOR: ["wagtailadmin.access_admin", "campaign_site.view_administrativeunit"],
    APPROVER: ["wagtailadmin.access_admin", "campaign_site.view_administrativeunit"],
    SCREEN_OPERATOR: ["wagtailadmin.access_admin", "campaign_site.view_administrativeunit"],
}


def role_permissions() -> dict[str, set[str]]:
    """Every role's model permissions: the base ones plus what each app registers."""
    merged = {role: set(perms) for role, perms in BASE_PERMISSIONS.items()}
    for provide in hooks.get_hooks(ROLE_PERMISSIONS_HOOK):
        for role, perms in provide().items():
            merged.setdefault(role, set()).update(perms)
    return merged


@transaction.atomic
def ensure_roles(*, root_page: Page | None = None) -> dict[str, Group]:
    """Create or update the role groups; with `root_page`, also their page permissions and the
    moderation workflow that sends ward editors' pages to an approver."""
    retire_wagtail_defaults()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_ROLES}
    # Every permission in one query (a role names dozens; one query each made setup slow).
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in role_permissions().items():
        groups[role].permissions.add(*(known[d] for d in sorted(perms) if d in known))

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for role, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
                perm = Permission.objects.get(content_type__app_label=app, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[role], collection=root_collection, permission=perm
                )

    if root_page is not None:
        for role, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=groups[role], page=root_page, permission=perm)
                for translation in root_page.get_translations() if role in TRANSLATION_ROLES else ():
                    GroupPagePermission.objects.get_or_create(group=groups[role], page=translation, permission=perm)
        ensure_workflow(root_page=root_page, approvers=groups[APPROVER])
    return groups


def ensure_workflow(*, root_page: Page, approvers: Group) -> Workflow:
    from campaign_site.models import UnitApprovalTask

    task, _ = UnitApprovalTask.objects.get_or_create(name="Lãnh đạo phê duyệt")
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    # workflow_tasks is a modelcluster relation: create the row directly so it is saved.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Sites set up before approvals were scoped by unit had a plain group approval step: retire it.
    stale = WorkflowTask.objects.filter(workflow=workflow).exclude(task=task)
    GroupApprovalTask.objects.filter(pk__in=stale.values("task_id")).update(active=False)
    stale.delete()
    for page in [root_page, *root_page.get_translations()]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def user_unit(user):
    """The administrative unit a staff account works for, or None (city-wide staff, superusers)."""
    profile = getattr(user, "officer_profile", None) if user and user.is_authenticated else None
    return profile.unit if profile else None


def role_names(user) -> set[str]:
    """The role groups of an account, read once per user object (a listing asks once per row)."""
    if not user or not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def has_any_role(user) -> bool:
    """Staff with at least one role (or a superuser)."""
    return bool(user and user.is_authenticated and (user.is_superuser or role_names(user)))
