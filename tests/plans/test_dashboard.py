"""The officers' dashboard: overdue tasks, tasks due this quarter, indicators below target; only for
those with the permission; a fixed number of queries however much content is linked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign_site.access.roles import INFORMATION_OFFICER, WARD_EDITOR
from plans.choices import IndicatorMode, TaskStatus

DASHBOARD = "/admin/plans/progress/"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_dashboard_url_and_permission_roles(roles):
    assert reverse("plans_dashboard") == DASHBOARD
    assert roles[INFORMATION_OFFICER].permissions.filter(codename="view_plan_progress").exists()
    assert not roles[WARD_EDITOR].permissions.filter(codename="view_plan_progress").exists()


def test_dashboard_lists_overdue_due_and_below_target(
    officer_client, plan, make_plan, make_task, make_indicator, fixed_today
):
    make_task(plan, "Phát tờ rơi (quá hạn)", deadline=dt.date(2026, 10, 31))
    make_task(plan, "Loa truyền thanh quý III (quá hạn)", deadline_quarter=3, status=TaskStatus.NOT_STARTED)
    make_task(plan, "Hội nghị đã xong", deadline=dt.date(2026, 3, 31), status=TaskStatus.DONE)
    make_task(plan, "Clip hướng dẫn (đến hạn)", deadline=dt.date(2026, 12, 15))
    make_task(plan, "Mô hình điển hình quý IV (đến hạn)", deadline_quarter=4)
    make_task(plan, "Cuộc thi đã xong quý IV", deadline_quarter=4, status=TaskStatus.DONE)
    draft = make_plan(2025, live=False)
    make_task(draft, "Nhiệm vụ của bản nháp", deadline=dt.date(2025, 6, 1))
    make_indicator(plan, "Hộ dân tiếp cận thông tin", current_value=Decimal("86.5"))
    make_indicator(plan, "TTHC được công khai", current_value=Decimal(100))
    make_indicator(plan, "Phiếu đánh giá", mode=IndicatorMode.COMPUTED, source="ballots_received", unit="count")

    response = officer_client.get(DASHBOARD)
    assert response.status_code == 200
    board = response.context["dashboard"]
    assert [row.task.content for row in board.overdue] == [
        "Loa truyền thanh quý III (quá hạn)",
        "Phát tờ rơi (quá hạn)",
    ]
    assert [row.task.content for row in board.due_this_quarter] == [
        "Clip hướng dẫn (đến hạn)",
        "Mô hình điển hình quý IV (đến hạn)",
    ]
    assert [row.indicator.name for row in board.below_target] == ["Hộ dân tiếp cận thông tin", "Phiếu đánh giá"]
    html = response.content.decode()
    assert "Nhiệm vụ quá hạn (2)" in html and "Nhiệm vụ đến hạn trước 31/12/2026 (2)" in html
    assert "Chỉ tiêu chưa đạt (2)" in html
    assert "86,5%" in html and "chưa có số liệu" in html
    assert "Nhiệm vụ của bản nháp" not in html
    # A done task is in no "to do" list, only in its plan's own table further down.
    lists = html[: html.index('id="below-heading"')]
    assert "Hội nghị đã xong" not in lists and "Hội nghị đã xong" in html
    assert plan.task_url(board.overdue[0].task) in html


def test_dashboard_is_refused_without_the_permission(client, ward_editor, approver):
    client.force_login(ward_editor)
    # Wagtail's admin answers a PermissionDenied with a redirect home and an error message.
    for url in (DASHBOARD, reverse("plans_report") + "?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "xlsx" not in response.get("Content-Type", "")
    assert DASHBOARD not in client.get("/admin/").content.decode()
    client.force_login(approver)
    assert client.get(DASHBOARD).status_code == 200
    assert DASHBOARD in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, roles):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_queries_do_not_grow_with_linked_content(
    officer_client, plan, make_task, make_indicator, make_polls, make_screen_messages
):
    tasks = [make_task(plan, f"Nhiệm vụ {n}", deadline=dt.date(2026, 10 + n % 3, 1)) for n in range(6)]
    make_indicator(plan, current_value=Decimal(50))
    for source in ("linked_content", "ballots_received", "satisfaction_share", "screens_online"):
        make_indicator(plan, source, mode=IndicatorMode.COMPUTED, source=source, unit="count", target_value=10)
    make_polls(tasks[0], 5)
    make_screen_messages(tasks[1], 5)
    officer_client.get(DASHBOARD)  # warm up the admin's per-user rows

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert officer_client.get(DASHBOARD).status_code == 200
        return len(context)

    with_10 = count()
    for task in tasks:
        make_polls(task, 100)
        make_screen_messages(task, 65)
    with_1000 = count()
    assert with_10 == with_1000
    assert with_1000 <= 40
