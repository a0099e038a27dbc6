"""The dashboard's progress bars and pace marks per task and indicator, and its edit links."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaign_site.access.roles import APPROVER
from plans.choices import TaskStatus
from plans.models import PlanTask

DASHBOARD = "/admin/plans/progress/"
# The fixed "today" of tests/plans/conftest.py is 21/11/2026: day 325 of 365 (89,04% of the year).


@pytest.fixture
def board_plan(plan, make_task, make_indicator):
    make_task(plan, "Clip hướng dẫn dịch vụ công", deadline=dt.date(2026, 12, 31), progress=95)
    make_task(plan, "Loa truyền thanh tại tổ dân phố", deadline=dt.date(2026, 12, 31), progress=40)
    make_task(plan, "Hội nghị tập huấn", deadline=dt.date(2026, 3, 31), status=TaskStatus.DONE, progress=10)
    make_indicator(plan, "Hộ dân tiếp cận thông tin", target_value=Decimal(100), current_value=Decimal("92.5"))
    make_indicator(plan, "Tin bài trên Cổng", unit="count", target_value=Decimal(200), current_value=Decimal(120))
    make_indicator(plan, "Phiếu khảo sát", unit="count", target_value=Decimal(50), current_value=None)
    return plan


def rows_by_content(board):
    (progress,) = board.plans
    return {row.task.content: row for row in progress.tasks}, {row.indicator.name: row for row in progress.indicators}


def test_every_task_and_indicator_of_the_year_has_a_pace(client, officer, board_plan):
    client.force_login(officer)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    tasks, indicators = rows_by_content(response.context["dashboard"])
    assert tasks["Clip hướng dẫn dịch vụ công"].expected == Decimal("89.04")
    assert tasks["Clip hướng dẫn dịch vụ công"].pace == "on_pace"
    assert tasks["Loa truyền thanh tại tổ dân phố"].pace == "behind"
    done = tasks["Hội nghị tập huấn"]
    assert done.progress == 100 and done.expected == Decimal(100) and done.pace == "on_pace"  # done counts as 100%
    assert indicators["Hộ dân tiếp cận thông tin"].pace == "on_pace"  # 92,5% of target ≥ 89,04%
    assert indicators["Tin bài trên Cổng"].pace == "behind"  # 60% of target
    assert indicators["Phiếu khảo sát"].pace == "no_data"
    html = response.content.decode()
    assert "Đúng tiến độ" in html and "Chậm tiến độ" in html and "Chưa có số liệu" in html
    # The bar says its numbers in words too (screen readers and print).
    assert 'aria-valuetext="Đã làm 40%, cần đạt 89,04% đến hôm nay"' in html
    assert 'aria-valuenow="40.00"' in html


def test_a_quarter_task_is_expected_done_when_its_quarter_has_ended(client, officer, plan, make_task):
    make_task(plan, "Tuyên truyền quý III", deadline_quarter=3, progress=80)
    client.force_login(officer)
    tasks, _ = rows_by_content(client.get(DASHBOARD).context["dashboard"])
    row = tasks["Tuyên truyền quý III"]
    assert row.expected == Decimal(100) and row.pace == "behind"


def test_edit_links_open_the_task_in_the_plan_editor(client, officer, board_plan):
    client.force_login(officer)
    html = client.get(DASHBOARD).content.decode()
    task = PlanTask.objects.get(content="Loa truyền thanh tại tổ dân phố")
    link = f"/admin/pages/{board_plan.pk}/edit/#plan-task-{task.pk}"
    assert link in html
    editor = client.get(link.split("#")[0])
    assert editor.status_code == 200
    body = editor.content.decode()
    assert "plans/task_anchor.js" in body  # scrolls to the task named in the address
    assert f'value="{task.pk}"' in body and 'name="tasks-1-progress"' in body


def test_no_edit_link_for_someone_who_may_not_edit_the_plan(client, make_user, units, board_plan):
    ward_approver = make_user(APPROVER, units["ward_a"])
    client.force_login(ward_approver)
    response = client.get(DASHBOARD)
    assert response.status_code == 200  # approvers follow progress…
    html = response.content.decode()
    assert "Loa truyền thanh tại tổ dân phố" in html
    assert f"/admin/pages/{board_plan.pk}/edit/" not in html  # …but only city staff edit a city plan
    assert client.get(f"/admin/pages/{board_plan.pk}/edit/").status_code != 200


def test_progress_above_100_is_refused_by_the_form_and_the_database(plan, make_task):
    task = make_task(plan, "Phát tờ rơi")
    task.progress = 101
    with pytest.raises(ValidationError) as refused:
        task.full_clean()
    assert refused.value.message_dict["progress"] == ["Tiến độ là phần việc đã làm: tối đa 100."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.filter(pk=task.pk).update(progress=101)
