"""The plans permission policy: who sees plan progress (dashboard, report, menu item)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from plans.permissions import VIEW_PROGRESS, can_view_progress, plan_policy

pytestmark = pytest.mark.django_db


def test_the_roles_that_see_progress(officer, approver, ward_editor, screen_operator):
    assert can_view_progress(officer)
    assert can_view_progress(approver)
    assert not can_view_progress(ward_editor)
    assert not can_view_progress(screen_operator)


def test_nobody_without_an_account_or_the_permission(make_user):
    assert not can_view_progress(None)
    assert not can_view_progress(AnonymousUser())
    assert not can_view_progress(make_user())


def test_the_permission_itself_not_a_role_name_decides(make_user):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename=VIEW_PROGRESS, content_type__app_label="plans"))
    assert can_view_progress(type(user).objects.get(pk=user.pk))  # a fresh object: no permission cache


def test_an_inactive_account_sees_nothing(officer):
    officer.is_active = False
    officer.save()
    assert not can_view_progress(type(officer).objects.get(pk=officer.pk))


def test_the_policy_answers_the_models_own_actions_too(officer, ward_editor):
    """The same object answers Wagtail's usual actions from the model's permissions."""
    may_change = ward_editor.has_perm("plans.change_campaignplanpage")
    assert plan_policy.user_has_permission(ward_editor, "change") == may_change
    assert plan_policy.user_has_permission(officer, VIEW_PROGRESS)
