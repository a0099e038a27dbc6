"""Computed indicators measure the site's own data; a source with no data reads "chưa có số liệu"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from plans.choices import IndicatorMode, IndicatorUnit
from plans.registry import SourceQuery, indicator_sources
from plans.selectors import Measurements, plan_overview

from .conftest import aware, model_or_skip

SOURCES = indicator_sources()


def computed(make_indicator, plan, source, **fields):
    unit = SOURCES[source].unit
    fields.setdefault("target_value", Decimal(80 if unit == IndicatorUnit.PERCENT else 10))
    fields.setdefault("name", source)
    return make_indicator(plan, mode=IndicatorMode.COMPUTED, source=source, unit=unit, **fields)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_source_without_data_reads_no_data(client, plan, make_indicator, source):
    computed(make_indicator, plan, source)
    row = plan_overview(plan).indicators[0]
    assert row.value is None and row.below_target
    with translation.override("vi"):
        assert row.display_value == "chưa có số liệu"
    html = client.get(plan.url).content.decode()
    assert "chưa có số liệu" in html


def test_articles_published_this_year_optionally_in_a_category(plan, make_indicator, make_article):
    category_model = model_or_skip("news.Category")
    local = category_model.objects.create(name="Cải cách địa phương", slug="dia-phuong")
    other = category_model.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    make_article(published_at=aware(2026, 2, 1), category=local)
    make_article(published_at=aware(2026, 8, 1), category=other)
    make_article(published_at=aware(2025, 12, 31, 12), category=local)  # last year
    make_article(published_at=aware(2026, 4, 1), category=local, live=False)  # a draft
    everything = computed(make_indicator, plan, "articles_published")
    in_local = computed(make_indicator, plan, "articles_published", source_category="dia-phuong")
    in_missing = computed(make_indicator, plan, "articles_published", source_category="khong-co")
    measurements = Measurements()
    assert measurements.value_of(everything) == 2
    assert measurements.value_of(in_local) == 1
    assert measurements.value_of(in_missing) is None


def test_bulletins_published_this_year(plan, make_indicator, make_bulletin):
    make_bulletin(date=dt.date(2026, 3, 22))
    make_bulletin(date=dt.date(2026, 3, 23))
    make_bulletin(date=dt.date(2025, 3, 23))
    assert Measurements().value_of(computed(make_indicator, plan, "bulletins_published")) == 2


def test_ballots_and_satisfaction_share(make_plan, make_indicator):
    poll_model = model_or_skip("surveys.Poll")
    from surveys.models import PollChoice
    from surveys.services import cast_ballot

    # Ballots are cast now, so this plan is for the current year.
    plan = make_plan(timezone.localdate().year, slug="ke-hoach-nam-nay")
    poll = poll_model.objects.create(question="Đánh giá cán bộ Một cửa", opens_at=timezone.now() - dt.timedelta(days=1))
    choices = [
        PollChoice.objects.create(poll=poll, label=label, is_positive=positive, sort_order=n)
        for n, (label, positive) in enumerate([("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False)])
    ]
    for n, choice in enumerate([choices[0], choices[0], choices[1], choices[2]]):
        cast_ballot(poll=poll, choice=choice, channel="web", voter_key=f"voter-{n}", ip=f"10.0.0.{n + 1}")
    ballots = computed(make_indicator, plan, "ballots_received")
    share = computed(make_indicator, plan, "satisfaction_share")
    measurements = Measurements()
    assert measurements.value_of(ballots) == 4
    assert measurements.value_of(share) == Decimal("75.00")
    assert share.unit == IndicatorUnit.PERCENT


def test_screens_online(plan, make_indicator, units):
    screen_model = model_or_skip("screens.Screen")
    profile = model_or_skip("screens.DisplayProfile").objects.create(
        name="TV",
        kind="tv_landscape",
        width_px=1920,
        height_px=1080,
        text_lines=12,
        max_title_chars=120,
        max_text_chars=600,
    )
    indicator = computed(make_indicator, plan, "screens_online")
    screen_model.objects.create(name="Màn hình sảnh", unit=units["ward_a"], profile=profile)
    assert Measurements().value_of(indicator) == 0  # a screen exists and is offline: a real zero
    screen_model.objects.create(
        name="Màn hình quầy",
        unit=units["ward_a"],
        profile=profile,
        online_until=timezone.now() + dt.timedelta(minutes=5),
    )
    assert Measurements().value_of(indicator) == 1


def test_content_linked_to_this_plan(plan, make_plan, make_task, make_indicator, make_polls):
    other_plan = make_plan(2027)
    make_polls(make_task(plan), 3)
    make_polls(make_task(other_plan), 2)
    indicator = computed(make_indicator, plan, "linked_content")
    other = computed(make_indicator, other_plan, "linked_content")
    measurements = Measurements()
    measurements.prime([plan.pk, other_plan.pk])
    assert measurements.value_of(indicator) == 3
    assert measurements.value_of(other) == 2


def test_each_source_is_computed_once_per_request(plan, make_indicator, django_assert_num_queries):
    first = computed(make_indicator, plan, "stories_published", name="a")
    second = computed(make_indicator, plan, "stories_published", name="b")
    measurements = Measurements()
    first.plan, second.plan = plan, plan
    measurements.value_of(first)
    with django_assert_num_queries(0):
        measurements.value_of(second)


def test_a_source_query_is_plain_data():
    assert SourceQuery(year=2026) == SourceQuery(year=2026, category="", plan_id=None)
