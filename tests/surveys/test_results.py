"""Results: from the count buckets, honest numbers, chart plus table, visibility rules, JSON."""

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Ballot, CommentStatus, PollResultCount, ResultsVisibility
from surveys.security import voter_hash
from surveys.services import cast_ballot, rebuild_counts

from .conftest import stored

pytestmark = pytest.mark.django_db


def add_ballots(poll, spread, *, unit=None, days_ago=0, start=0):
    """Bulk rows (as the demo and imports do), then rebuilt counts."""
    choices = list(poll.choices.all())
    rows, n = [], start
    for index, count in enumerate(spread):
        for _ in range(count):
            n += 1
            rows.append(
                Ballot(
                    poll=poll,
                    choice=choices[index],
                    channel="web",
                    unit=unit,
                    voter_hash=voter_hash(f"bulk-{poll.pk}-{n}"),
                    created_at=timezone.now() - timedelta(days=days_ago),
                )
            )
    Ballot.objects.bulk_create(rows)
    rebuild_counts(poll=poll)


def results_url(poll):
    return reverse("surveys:results", args=[poll.pk])


def json_url(poll):
    return reverse("surveys:results_json", args=[poll.pk])


def test_results_page_shows_counts_percentages_chart_table_and_note(client, poll, units):
    add_ballots(poll, [1, 1, 1], unit=units["ward_a"])
    add_ballots(poll, [3, 0, 1], unit=units["ward_b"], days_ago=40, start=100)
    response = client.get(results_url(poll))
    html = response.content.decode()
    assert response.status_code == 200
    assert "7 phiếu" in html
    # Largest remainder: 4/7, 1/7, 2/7 -> 57,1 + 14,3 + 28,6 = 100.
    assert "57,1%" in html and "14,3%" in html and "28,6%" in html
    # The chart: one row per answer, label and share as text (readable at any text size), the bar drawn.
    chart = re.search(r'<ul class="bar-chart" aria-label="[^"]+">.*?</ul>', html, re.S).group(0)
    assert chart.count('<li class="bar-chart__row">') == 3 and "57,1%" in chart
    assert chart.count('aria-hidden="true"') == 3  # the bars themselves are decoration
    assert '<th scope="col">Tỷ lệ</th>' in html  # the data table beside the chart
    assert "Sai số" in html and "±" in html
    assert "mẫu tự chọn" in html  # the self-selection note
    assert "Theo đơn vị" in html and "Tây Hồ" in html and "Ba Đình" in html
    assert "Diễn biến theo tháng" in html
    week = client.get(results_url(poll), {"period": "week"}).content.decode()
    assert "Diễn biến theo tuần" in week


def test_results_are_read_from_the_counts_not_the_rows(client, poll):
    """Rows added without their counts do not show; a rebuild brings them in."""
    Ballot.objects.create(poll=poll, choice=poll.choices.first(), channel="web", voter_hash="x" * 64)
    assert '"total": 0' in client.get(json_url(poll)).content.decode()
    call_command("rebuild_poll_counts", poll=poll.pk, stdout=StringIO())
    assert client.get(json_url(poll)).json()["total"] == 1


def test_results_take_the_same_queries_for_few_and_many_ballots(client, poll, units, django_assert_max_num_queries):
    add_ballots(poll, [2, 1, 1], unit=units["ward_a"])
    client.get(results_url(poll))  # a first request fills the process's site and locale memos
    with django_assert_max_num_queries(12):
        client.get(results_url(poll))
    add_ballots(poll, [400, 300, 50], unit=units["ward_b"], days_ago=3, start=1000)
    with django_assert_max_num_queries(12):
        assert "754 phiếu" in client.get(results_url(poll)).content.decode()


def test_json_results(client, poll, units):
    add_ballots(poll, [2, 1, 0], unit=units["ward_a"])
    data = client.get(json_url(poll)).json()
    assert data["total"] == 3
    assert [c["count"] for c in data["choices"]] == [2, 1, 0]
    assert sum(Decimal(c["percent"]) for c in data["choices"]) == 100
    assert data["choices"][0]["interval_95"][0] < 66.7 < data["choices"][0]["interval_95"][1]
    assert data["units"][0]["unit"] == "Phường Tây Hồ"
    assert data["positive_share"] == 100
    assert data["trend"]["period"] == "month"


def test_after_vote_visibility(poll):
    poll.results_visibility = ResultsVisibility.AFTER_VOTE
    poll.save()
    client = Client()
    assert client.get(results_url(poll)).status_code == 403
    assert client.get(json_url(poll)).status_code == 403
    client.post(reverse("surveys:vote", args=[poll.pk]), {"choice": poll.choices.first().pk})
    response = client.get(results_url(poll))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # depends on the visitor: never shared by a cache
    assert Client().get(results_url(poll)).status_code == 403
    poll.closes_at = timezone.now()
    poll.save()
    assert Client().get(results_url(poll)).status_code == 200


def test_after_close_visibility(client, poll):
    poll.results_visibility = ResultsVisibility.AFTER_CLOSE
    poll.save()
    hidden = client.get(results_url(poll))
    assert hidden.status_code == 403 and "khi cuộc bình chọn kết thúc" in hidden.content.decode()
    poll.closes_at = timezone.now()
    poll.save()
    public = client.get(results_url(poll))
    assert public.status_code == 200
    assert "private" not in public.get("Cache-Control", "")  # public now: cacheable


def test_officers_only_visibility(client, poll, officer, ward_editor, units):
    add_ballots(poll, [3, 1, 0], unit=units["ward_a"])
    poll.results_visibility = ResultsVisibility.OFFICERS
    poll.closes_at = timezone.now()
    poll.save()
    refused = client.get(results_url(poll))
    assert refused.status_code == 403 and "75%" not in refused.content.decode()
    assert client.get(json_url(poll)).status_code == 403
    client.force_login(officer)
    response = client.get(results_url(poll))
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # officers' numbers never sit in a shared cache
    # The officer reads the real numbers: 3 + 1 + 0 ballots, 75% / 25% / 0%.
    assert "4 phiếu" in html and "75%" in html and "25%" in html and "Tây Hồ" in html
    data = client.get(json_url(poll)).json()
    assert data["total"] == 4 and [c["count"] for c in data["choices"]] == [3, 1, 0]
    assert [Decimal(c["percent"]) for c in data["choices"]] == [75, 25, 0]


def test_comments_show_only_after_approval(client, poll):
    cast_ballot(poll=poll, choice=poll.choices.first(), channel="web", voter_key="a", ip="1.1.1.1", comment="Rất tốt")
    assert "Rất tốt" not in client.get(results_url(poll)).content.decode()
    Ballot.objects.update(comment_status=CommentStatus.APPROVED)
    assert "Rất tốt" in client.get(results_url(poll)).content.decode()


def test_rebuild_command_restores_counts(poll, units):
    for n in range(5):
        cast_ballot(poll=poll, choice=poll.choices.first(), channel="web", voter_key=f"k{n}", ip="1.1.1.1")
    PollResultCount.objects.update(count=999)
    call_command("rebuild_poll_counts", stdout=StringIO())
    assert stored(poll) == (5, 5)


def test_counts_follow_unit_channel_and_local_day(poll, units):
    cast_ballot(
        poll=poll, choice=poll.choices.first(), channel="web", voter_key="a", ip="1.1.1.1", unit=units["ward_a"]
    )
    cast_ballot(
        poll=poll, choice=poll.choices.first(), channel="web", voter_key="b", ip="1.1.1.1", unit=units["ward_a"]
    )
    cast_ballot(poll=poll, choice=poll.choices.first(), channel="web", voter_key="c", ip="1.1.1.1")
    rows = {(r.unit_id, r.channel, r.day): r.count for r in PollResultCount.objects.all()}
    today = timezone.localdate()
    assert rows == {(units["ward_a"].pk, "web", today): 2, (None, "web", today): 1}
    rebuild_counts(poll=poll)
    assert {(r.unit_id, r.channel, r.day): r.count for r in PollResultCount.objects.all()} == rows


def test_trend_chart_draws_the_share_satisfied_per_month_against_the_target(client, poll, units):
    positive = [choice.is_positive for choice in poll.choices.all()]
    add_ballots(poll, [1, 1, 1], unit=units["ward_a"])
    add_ballots(poll, [3, 0, 1], unit=units["ward_b"], days_ago=40, start=100)
    html = client.get(results_url(poll)).content.decode()
    svg = re.search(r'<svg class="trend-chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and "Mục tiêu 80%" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    now, before = timezone.localdate(), timezone.localdate() - timedelta(days=40)
    share_now = 100 * sum(n for n, good in zip([1, 1, 1], positive, strict=True) if good) / 3
    assert f"{before.month:02d}/{before.year}:" in desc and f"{now.month:02d}/{now.year}:" in desc
    assert f"{share_now:.1f}".replace(".", ",") in desc  # the same figure as the table, Vietnamese style
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 2
    assert "style=" not in svg  # the public CSP allows no inline styles


def test_no_trend_chart_for_a_single_period(client, poll, units):
    add_ballots(poll, [2, 1, 0], unit=units["ward_a"])
    assert 'class="trend-chart"' not in client.get(results_url(poll)).content.decode()


def test_trend_chart_geometry():
    from surveys import charts

    assert charts.trend_chart([("01/2026", 50.0)], title="t", chart_id="c") is None
    chart = charts.trend_chart(
        [("01", 100.0), ("02", 0.0), ("03", None), ("04", 80.0), ("05", 60.0)], title="t", chart_id="c"
    )
    ys = [point.y for point in chart["points"]]
    assert ys[0] == charts.TREND_TOP and ys[1] == chart["baseline"] and ys[2] is None
    assert chart["target"]["y"] == ys[3]  # 80% sits on the target line
    assert len(chart["lines"]) == 2  # a period without votes breaks the line instead of dropping to 0%
    xs = [point.x for point in chart["points"]]
    assert xs[0] == chart["left"] and xs[-1] == chart["right"] and xs == sorted(xs)
    many = charts.trend_chart([(f"{n}", 50.0) for n in range(30)], title="t", chart_id="c")
    assert len(many["labels"]) <= 6 and many["labels"][-1]["text"] == "29"
    assert [label["anchor"] for label in chart["labels"]] == ["start", "middle", "middle", "middle", "end"]
