"""The one rule of where staff act (campaign_site/scope.py), and the approval step that follows it."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupApprovalTask, Site, Workflow, WorkflowTask

from campaign_site.access.roles import (
    APPROVER,
    INFORMATION_OFFICER,
    SCREEN_OPERATOR,
    WARD_EDITOR,
    WORKFLOW_NAME,
    ensure_roles,
)
from campaign_site.access.scope import EVERYWHERE, NOWHERE, content_scope, covers, scope_unit
from campaign_site.models import UnitApprovalTask


def test_scope_unit_is_none_for_city_wide_accounts(make_user, units, roles):
    assert scope_unit(None) is None
    assert scope_unit(make_user(superuser=True, username="root")) is None
    assert scope_unit(make_user(APPROVER, units["city"], username="city")) is None  # the top of the tree
    assert scope_unit(make_user(APPROVER, None, username="nounit")) is None
    assert scope_unit(make_user(APPROVER, units["district"], username="district")) == units["district"]


def test_covers(units):
    assert covers(None, [])  # city-wide scope covers city-wide content
    assert covers(None, [units["ward_a"]])
    assert not covers(units["ward_a"], [])  # a ward does not speak for the whole city
    assert covers(units["ward_a"], [units["ward_a"]])
    assert not covers(units["ward_a"], [units["ward_a"], units["ward_b"]])
    assert covers(units["district"], [units["ward_c"], units["district"]])
    assert not covers(units["ward_c"], [units["district"]])  # a ward does not cover its district


def test_content_scope_by_role(make_user, units, roles):
    assert content_scope(None) == NOWHERE
    assert content_scope(make_user(INFORMATION_OFFICER, units["ward_a"], username="io")) == EVERYWHERE
    assert content_scope(make_user(WARD_EDITOR, units["ward_a"], username="we")) == units["ward_a"]
    assert content_scope(make_user(WARD_EDITOR, None, username="lost")) == NOWHERE
    assert content_scope(make_user(APPROVER, units["ward_b"], username="ap")) == units["ward_b"]
    assert content_scope(make_user(APPROVER, units["city"], username="apc")) == EVERYWHERE
    assert content_scope(make_user(SCREEN_OPERATOR, None, username="op")) == EVERYWHERE


def test_ensure_roles_retires_an_unscoped_approval_step(home):
    """Sites set up before approvals were scoped had a plain group approval step in the workflow."""
    workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    old = GroupApprovalTask.objects.create(name="Lãnh đạo phê duyệt")
    WorkflowTask.objects.create(workflow=workflow, task=old, sort_order=0)
    ensure_roles(root_page=home)
    tasks = [link.task.specific for link in WorkflowTask.objects.filter(workflow=workflow)]
    assert len(tasks) == 1 and isinstance(tasks[0], UnitApprovalTask)
    old.refresh_from_db()
    assert not old.active
    assert home.get_workflow() == workflow


def test_setup_roles_command(home, db):
    Site.objects.update(is_default_site=False)
    with pytest.raises(CommandError):
        call_command("setup_roles")
    Site.objects.create(hostname="cchc.example", root_page=home, is_default_site=True)
    call_command("setup_roles")
    call_command("setup_roles")  # idempotent
    assert Group.objects.filter(name=WARD_EDITOR).count() == 1
    assert home.get_workflow().name == WORKFLOW_NAME
