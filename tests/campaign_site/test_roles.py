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
