"""Roles: groups, their permissions, and the moderation workflow for ward editors."""

from wagtail.models import Page, Workflow

from campaign_site.access.roles import (
    ALL_ROLES,
    WARD_EDITOR,
    WORKFLOW_NAME,
    ensure_roles,
    has_role,
    user_unit,
)
from campaign_site.models import StandardPage


def test_every_role_can_reach_the_admin(roles):
    for name in ALL_ROLES:
        assert roles[name].permissions.filter(codename="access_admin").exists()


def test_ensure_roles_is_idempotent(home):
    first = ensure_roles(root_page=home)
    counts = {name: group.permissions.count() for name, group in first.items()}
    second = ensure_roles(root_page=home)
    assert {name: group.permissions.count() for name, group in second.items()} == counts
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_ward_editor_cannot_touch_city_pages(ward_editor, home):
    """The home page belongs to the whole city: a ward editor may neither edit it nor add under it
    (ward pages are added under the news and story indexes: tests/news/test_ward_scope.py)."""
    perms = home.permissions_for_user(ward_editor)
    assert not perms.can_add_subpage()
    assert not perms.can_edit()
    assert not perms.can_publish()
    assert home.get_workflow().name == WORKFLOW_NAME


def test_approver_and_officer_can_publish(approver, officer, home):
    assert home.permissions_for_user(approver).can_publish()
    assert home.permissions_for_user(officer).can_publish()


def test_editor_page_goes_through_approver(ward_editor, approver, home):
    page = home.add_child(instance=StandardPage(title="Tin phường", slug="tin-phuong", live=False))
    page.save_revision(user=ward_editor)
    state = page.get_workflow().start(page, ward_editor)
    task = state.current_task_state.task.specific
    approver_actions = {name for name, *_ in task.get_actions(page, approver)}
    editor_actions = {name for name, *_ in task.get_actions(page, ward_editor)}
    assert "approve" in approver_actions
    assert "approve" not in editor_actions
    task.on_action(state.current_task_state, approver, "approve")
    assert Page.objects.get(pk=page.pk).live


def test_user_unit_and_has_role(ward_editor, units):
    assert user_unit(ward_editor) == units["ward_a"]
    assert has_role(ward_editor, WARD_EDITOR)
    assert not has_role(None, WARD_EDITOR)


def _wagtail_starter_objects():
    """What Wagtail's migrations create (made again here: a transactional test's flush removes them)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupApprovalTask, WorkflowPage, WorkflowTask

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Editors")
    task, _ = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name="Moderators approval")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    Page.objects.filter(pk=root.pk).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1).update(name="Root")
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow, task


def test_wagtails_english_groups_and_workflow_are_retired(home):
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Task, WorkflowPage

    _wagtail_starter_objects()
    ensure_roles(root_page=home)
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert Page.get_first_root_node().title == "Gốc"
    assert Collection.get_first_root_node().name == "Gốc"
    assert home.get_workflow().name == WORKFLOW_NAME  # the site's own workflow is untouched
    ensure_roles(root_page=home)  # idempotent
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_starter_objects_in_use_are_renamed_not_deleted(home, make_user):
    from django.contrib.auth.models import Group
    from wagtail.models import Task

    from campaign_site.access.wagtail_defaults import RETIRED_WORKFLOW

    workflow, task = _wagtail_starter_objects()
    member = make_user()
    member.groups.add(Group.objects.get(name="Editors"))
    page = StandardPage(title="Trang cũ đang chờ duyệt", slug="trang-cu")
    home.add_child(instance=page)
    page.save_revision(user=member)
    workflow.start(page, member)  # moderation history that must survive

    ensure_roles(root_page=home)

    member.refresh_from_db()
    assert [g.name for g in member.groups.all()] == ["Người biên tập (cũ)"]
    assert not Group.objects.filter(name="Moderators").exists()
    kept = Workflow.objects.get(pk=workflow.pk)
    assert (kept.name, kept.active) == (RETIRED_WORKFLOW, False)
    assert Task.objects.get(pk=task.pk).name == RETIRED_WORKFLOW
    assert kept.workflow_states.count() == 1
