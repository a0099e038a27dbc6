"""Numbers: statistics per unit and month, the chart and exports, the plan indicators, the overdue
panel on the admin dashboard."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback import indicators, selectors, services
from feedback.models import FeedbackItem, IdeaStatus, Kind, State
from plans.registry import SourceQuery, indicator_sources


def _answered(make_item, advance, *, days_to_answer: int, unit="ward_a", received=None):
    item = advance(make_item(unit=unit), State.ANSWERED, unit=unit)
    received = received or timezone.now() - dt.timedelta(days=40)
    FeedbackItem.objects.filter(pk=item.pk).update(
        received_at=received, due_at=received + dt.timedelta(days=15),
        answered_at=received + dt.timedelta(days=days_to_answer),
    )  # fmt: skip
    return item


@pytest.fixture
def year_items(make_item, advance, staff):
    """In March 2026: ward A answers one on time (3 days) and one late (20 days); ward B has one
    overdue; one spam item is not counted."""
    march = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    _answered(make_item, advance, days_to_answer=3, received=march)
    _answered(make_item, advance, days_to_answer=20, received=march)
    late = advance(make_item(unit="ward_b"), State.PROCESSING, unit="ward_b")
    FeedbackItem.objects.filter(pk=late.pk).update(received_at=march, due_at=march + dt.timedelta(days=15))
    spam = advance(make_item(), State.SPAM)
    FeedbackItem.objects.filter(pk=spam.pk).update(received_at=march)
    return march


@pytest.mark.django_db
def test_stats_per_unit_and_month(year_items, staff):
    rows = selectors.stats(staff["officer"], year=2026)
    by_unit = {row.unit: row for row in rows}
    assert set(by_unit) == {"Phường Tây Hồ", "Phường Ba Đình"}
    a, b = by_unit["Phường Tây Hồ"], by_unit["Phường Ba Đình"]
    assert (a.month, a.received, a.answered, a.on_time, a.overdue) == (dt.date(2026, 3, 1), 2, 2, 1, 0)
    assert a.on_time_share == Decimal("50.00") and a.average_days == Decimal("11.5")
    assert (b.received, b.answered, b.overdue, b.average_days, b.on_time_share) == (1, 0, 1, None, None)
    # Ward staff count only their ward.
    assert [row.unit for row in selectors.stats(staff["approver_a"], year=2026)] == ["Phường Tây Hồ"]
    assert selectors.stats(staff["officer"], year=2025) == []


@pytest.mark.django_db
def test_the_numbers_page_chart_and_exports(client, year_items, staff):
    client.force_login(staff["officer"])
    response = client.get(reverse("feedback_admin:stats"), {"year": 2026})
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body and "03/2026" in body and "50%" in body
    csv_response = client.get(reverse("feedback_admin:export", args=["csv"]), {"year": 2026})
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tháng", "Đơn vị xử lý", "Đã tiếp nhận"]
    assert ["03/2026", "Phường Tây Hồ", "2", "2", "1", "50.0", "0", "11.5"] in rows
    xlsx = client.get(reverse("feedback_admin:export", args=["xlsx"]), {"year": 2026})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]][:3] == ["03/2026", "Phường Ba Đình", 1]
    for junk in ({"year": "abc"}, {"year": "99999"}, {"year": "-1"}):
        assert client.get(reverse("feedback_admin:stats"), junk).status_code == 200
    assert client.get(reverse("feedback_admin:export", args=["pdf"])).status_code == 404
    client.force_login(staff["editor_a"])  # no export permission: Wagtail's refusal, back to the dashboard
    for url in (reverse("feedback_admin:stats"), reverse("feedback_admin:export", args=["csv"])):
        response = client.get(url)
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"


@pytest.mark.django_db
def test_on_time_share_indicator(make_item, advance):
    assert indicators.on_time_share(SourceQuery(year=timezone.now().year)) is None  # nothing answered yet
    received = timezone.now().replace(month=1, day=5) if timezone.now().month > 1 else timezone.now()
    for days in (3, 10, 15, 30):  # on time up to and including the due date
        _answered(make_item, advance, days_to_answer=days, received=received)
    share = indicators.on_time_share(SourceQuery(year=(received + dt.timedelta(days=3)).year))
    assert share is not None and Decimal("50") <= share <= Decimal("75")
    assert indicators.on_time_share(SourceQuery(year=2001)) is None


@pytest.mark.django_db
def test_adopted_ideas_indicator(make_item, advance, staff):
    year = timezone.now().year
    assert indicators.adopted_ideas(SourceQuery(year=year)) is None
    for status in (IdeaStatus.ADOPTED, IdeaStatus.ADOPTED, IdeaStatus.ACCEPTED):
        idea = advance(make_item(kind=Kind.IDEA, unit=None), State.PROCESSING)
        services.set_idea_status(item=idea, status=status, note="", user=staff["officer"])
    assert indicators.adopted_ideas(SourceQuery(year=year)) == Decimal(2)
    assert indicators.adopted_ideas(SourceQuery(year=year - 1)) is None


def test_the_indicator_sources_are_registered():
    sources = indicator_sources()
    assert sources["feedback_answered_on_time"].measure is indicators.on_time_share
    assert str(sources["feedback_answered_on_time"].label) == "Tỷ lệ ý kiến được trả lời đúng hạn"
    assert str(sources["feedback_ideas_adopted"].label) == "Số sáng kiến được áp dụng"


@pytest.mark.django_db
def test_overdue_items_are_highlighted_on_the_dashboard(client, make_item, advance, staff):
    late = advance(make_item(title="Quá hạn rồi"), State.PROCESSING)
    FeedbackItem.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    advance(make_item(title="Còn hạn"), State.PROCESSING)
    client.force_login(staff["editor_a"])
    body = client.get("/admin/").content.decode()
    assert "1 ý kiến người dân quá hạn" in body and "Quá hạn rồi" in body and "Còn hạn" not in body
    client.force_login(staff["editor_b"])  # not their ward
    assert "quá hạn" not in client.get("/admin/").content.decode()
