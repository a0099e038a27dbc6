"""The public plan page: tasks and indicators with progress bars and numbers in Vietnamese; a task's
page shows what was published for it per channel and per month; a fixed number of queries."""

import datetime as dt
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.choices import IndicatorMode, TaskStatus
from tests.factories import aware


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_plan_page_shows_tasks_statuses_and_indicators(client, plan, make_task, make_indicator, units):
    late = make_task(plan, "Phát tờ rơi hướng dẫn VNeID", deadline=dt.date(2026, 10, 31))
    late.partner_units.add(units["ward_a"], units["ward_b"])
    late.save()
    make_task(plan, "Hội nghị tập huấn", deadline=dt.date(2026, 3, 31), status=TaskStatus.DONE)
    make_task(plan, "Clip hướng dẫn", deadline_quarter=4, channels=["clips", "social"])
    make_indicator(plan, "Tỷ lệ hộ dân được tiếp cận thông tin", current_value=Decimal("84.57"))
    make_indicator(plan, "Số hội nghị", unit="count", target_value=Decimal(4), current_value=Decimal(3))
    html = html_of(client, plan.url)

    assert "Số 28/KH-UBND ngày 15/1/2026" in html
    assert "Ủy ban nhân dân Thành phố Hà Nội" in html
    assert "Đã hoàn thành 1/3 nhiệm vụ" in html
    assert '<span class="plan-status plan-status--overdue">Quá hạn</span>' in html
    assert '<span class="plan-status plan-status--done">Đã hoàn thành</span>' in html
    assert "31/10/2026" in html and "Quý IV/2026" in html
    assert "Phường Tây Hồ, Phường Ba Đình" in html  # in tree order
    assert "Clip, video, Mạng xã hội" in html
    # Indicators: Vietnamese numbers, and an accessible bar with the number in it.
    assert "84,57%" in html and ">100%<" in html
    assert "Đạt 84,57% mục tiêu" in html and "Đạt 75% mục tiêu" in html
    bars = re.findall(r'role="progressbar"[^>]*aria-valuenow="([\d.]+)"', html)
    assert "84.57" in bars and "75.00" in bars
    assert 'aria-valuemin="0" aria-valuemax="100"' in html
    assert "<script>" not in html and " onclick=" not in html


def test_task_page_shows_what_was_published_per_channel_and_month(
    client, plan, make_task, make_article, make_bulletin, make_polls, make_screen_messages
):
    task = make_task(plan, channels=["web_portal", "press"])
    other = make_task(plan, "Nhiệm vụ khác")
    make_article(task, published_at=aware(2026, 3, 2))
    make_article(task, published_at=aware(2026, 3, 20))
    make_article(task, published_at=aware(2026, 5, 1))
    make_article(task, published_at=aware(2026, 5, 2), live=False)  # a draft does not count
    make_article(other, published_at=aware(2026, 5, 3))
    make_bulletin(task, date=dt.date(2026, 3, 22))
    make_polls(task, 2, opens_at=aware(2026, 5, 10))
    make_screen_messages(task, 1, starts_at=aware(2026, 6, 5))
    make_screen_messages(task, 1, starts_at=aware(2026, 6, 6), status="pending")  # not approved yet

    html = html_of(client, plan.task_url(task))
    table = html[html.index('<table class="plan-monthly') : html.index("</table>")]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)</th>(.*?)</tr>", table, re.S)
    cells = {month.strip(): re.findall(r"<td[^>]*>([^<]*)</td>", rest) for month, rest in rows}
    header = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert header == ["Tháng", "Báo chí", "Cổng thông tin điện tử", "Màn hình LED, bảng tin công cộng"]
    assert cells["3/2026"] == ["1", "3", "0"]  # a bulletin counts for the press and the portal
    assert cells["5/2026"] == ["0", "3", "0"]  # one article and two polls
    assert cells["6/2026"] == ["0", "0", "1"]
    assert cells["Tổng"] == ["1", "6", "1"]
    assert "7 nội dung đã đăng cho nhiệm vụ này" in html
    assert "Tin cải cách số 1" in html and "Tin cải cách số 5" not in html
    # The plan page counts the same items per kind.
    plan_html = html_of(client, plan.url)
    assert "Tin, bài: 3; Bản tin: 1; Bình chọn: 2; Thông báo trên màn hình: 1" in plan_html


def test_task_page_refuses_a_task_of_another_plan(client, plan, make_plan, make_task):
    other = make_task(make_plan(2027))
    assert client.get(plan.task_url(other)).status_code == 404
    assert client.get(plan.url + "nhiem-vu/999999/").status_code == 404


def test_draft_plan_is_not_public(client, make_plan):
    draft = make_plan(2027, live=False)
    assert client.get(f"/ke-hoach/{draft.slug}/").status_code == 404


def test_index_lists_live_plans_newest_year_first(client, plan, make_plan, plan_index):
    make_plan(2025)
    make_plan(2027, live=False)
    html = html_of(client, plan_index.url)
    assert html.index("năm 2026") < html.index("năm 2025")
    assert "năm 2027" not in html


def test_plan_and_task_pages_run_the_same_queries_with_10_and_1000_linked_items(
    client, plan, make_task, make_indicator, make_polls, make_screen_messages, make_article
):
    tasks = [make_task(plan, f"Nhiệm vụ {n}", channels=["web_portal"]) for n in range(5)]
    make_indicator(plan)
    for source in ("linked_content", "ballots_received", "satisfaction_share", "articles_published"):
        make_indicator(plan, source, mode=IndicatorMode.COMPUTED, source=source, unit="count", target_value=10)
    make_article(tasks[0])
    make_polls(tasks[0], 5)
    make_screen_messages(tasks[1], 4)
    urls = [plan.url, plan.task_url(tasks[0]), plan.task_url(tasks[1])]
    for url in urls:
        client.get(url)  # warm up: the first request creates the site settings row

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            counts.append(len(context))
        return counts

    with_10 = queries()
    for task in tasks:
        make_polls(task, 100)
        make_screen_messages(task, 98)
    with_1000 = queries()
    assert with_10 == with_1000
    assert max(with_1000) <= 30
    html = client.get(plan.url).content.decode()
    assert "Bình chọn: 105" in html and "Thông báo trên màn hình: 102" in html
