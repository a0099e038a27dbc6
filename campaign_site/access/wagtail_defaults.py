"""Wagtail's own starter objects, retired or renamed so the admin shows none of them in English.

Wagtail's migrations create the groups "Moderators" and "Editors", a "Moderators approval" workflow
(with its group approval task) attached to the tree's root, a root page titled "Root" and a root
collection called "Root". The site's roles and workflow replace the first three; the roots stay but
get Vietnamese names. Run by `ensure_roles()` (so by `setup_roles` on every release and by
`load_demo_data`); idempotent. Anything that still holds history or members is renamed, never
deleted, so no account loses its access and no page loses its moderation record.
"""

from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Task, Workflow, WorkflowPage

ROOT_TITLE = "Gốc"
# Wagtail's English name → the Vietnamese name kept when a group still has members.
STARTER_GROUPS = {"Moderators": "Người kiểm duyệt (cũ)", "Editors": "Người biên tập (cũ)"}
STARTER_WORKFLOW = "Moderators approval"
RETIRED_WORKFLOW = "Phê duyệt của người kiểm duyệt (cũ)"


def retire_wagtail_defaults() -> None:
    for english, vietnamese in STARTER_GROUPS.items():
        for group in Group.objects.filter(name=english):
            if group.user_set.exists():
                group.name = vietnamese
                group.save(update_fields=["name"])
            else:
                group.delete()  # its page and collection permissions go with it

    for workflow in Workflow.objects.filter(name=STARTER_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        tasks = list(Task.objects.filter(workflow_tasks__workflow=workflow).distinct())
        if workflow.workflow_states.exists():
            workflow.name, workflow.active = RETIRED_WORKFLOW, False
            workflow.save(update_fields=["name", "active"])
        else:
            workflow.delete()
        for task in tasks:
            if task.task_states.exists() or task.workflow_tasks.exists():
                Task.objects.filter(pk=task.pk, name=STARTER_WORKFLOW).update(name=RETIRED_WORKFLOW, active=False)
            else:
                task.specific.delete()

    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_TITLE)
