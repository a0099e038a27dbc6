"""Fixtures for plans: a plan index, plans of a year, tasks and indicators, and a fixed "today"."""

import datetime as dt

import factory
import pytest

from bulletins.models import BulletinIndexPage, BulletinPage
from plans import periods
from plans.models import CampaignPlanPage, PlanIndexPage, PlanIndicator, PlanTask
from screens.models import ScreenMessage
from surveys.models import Poll
from tests.factories import (
    CampaignPlanPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    PlanIndicatorFactory,
    PlanTaskFactory,
    PollFactory,
    ScreenMessageFactory,
    aware,
)

TODAY = dt.date(2026, 11, 21)  # a Saturday in quarter IV


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Plans read "today" through plans.periods.today; pin it so deadlines do not drift."""
    monkeypatch.setattr(periods, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan_index(home) -> PlanIndexPage:
    index = home.add_child(instance=PlanIndexPage(title="Kế hoạch tuyên truyền", slug="ke-hoach"))
    index.save_revision().publish()
    return PlanIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def make_plan(plan_index, units):
    def _make(year: int = 2026, *, live: bool = True, **fields) -> CampaignPlanPage:
        fields.setdefault("issuing_unit", units["city"])
        return CampaignPlanPageFactory(parent=plan_index, year=year, live=live, **fields)

    return _make


@pytest.fixture
def plan(make_plan) -> CampaignPlanPage:
    return make_plan(2026, document_number="28/KH-UBND", document_date=dt.date(2026, 1, 15))


@pytest.fixture
def make_task(units):
    def _make(plan, content="Đăng tin về cải cách hành chính", **fields) -> PlanTask:
        fields.setdefault("lead_unit", units["city"])
        return PlanTaskFactory(plan=plan, content=content, **fields)

    return _make


@pytest.fixture
def make_indicator():
    def _make(plan, name="100% TTHC được công khai", **fields) -> PlanIndicator:
        return PlanIndicatorFactory(plan=plan, name=name, **fields)

    return _make


# -- content from other apps, linked to tasks ------------------------------------------------
@pytest.fixture
def make_article(home):
    """make_article(task, published_at=..., category=None, live=True) -> a NewsArticlePage."""
    NewsArticlePageFactory.reset_sequence()
    state = {"index": None}

    def _make(task=None, *, published_at=None, live=True, **fields):
        if state["index"] is None:
            state["index"] = NewsIndexPageFactory(parent=home)
        return NewsArticlePageFactory(
            parent=state["index"],
            publish=live,
            title=factory.Sequence(lambda n: f"Tin cải cách số {n}"),
            slug=factory.Sequence(lambda n: f"tin-{n}"),
            lead="Tóm tắt.",
            body=[],
            published_at=published_at or aware(2026, 3, 2),
            plan_task=task,
            **fields,
        )

    return _make


@pytest.fixture
def make_bulletin(home):
    state = {"index": None}

    def _make(task=None, *, date):
        if state["index"] is None:
            state["index"] = home.add_child(instance=BulletinIndexPage(title="Bản tin", slug="ban-tin"))
            state["index"].save_revision().publish()
        page = BulletinPage(title=f"Bản tin CCHC ngày {date:%d/%m/%Y}", slug=f"ban-tin-{date:%Y%m%d}", date=date)
        page.plan_task = task
        state["index"].add_child(instance=page)
        page.save_revision().publish()
        return page

    return _make


@pytest.fixture
def make_polls(db):
    """make_polls(task, count, opens_at=...) -> bulk-created polls linked to `task` (cheap for 1,000)."""

    def _make(task, count=1, *, opens_at=None):
        PollFactory.reset_sequence()
        polls = PollFactory.build_batch(count, opens_at=opens_at or aware(2026, 5, 10), plan_task=task)
        return Poll.objects.bulk_create(polls)

    return _make


@pytest.fixture
def make_screen_messages(units):
    def _make(task, count=1, *, starts_at=None, status="approved"):
        ScreenMessageFactory.reset_sequence()
        messages = ScreenMessageFactory.build_batch(
            count,
            title=factory.Sequence(lambda n: f"Thông báo số {n}"),
            text="",
            target_unit=units["city"],
            starts_at=starts_at or aware(2026, 6, 5),
            ends_at=None,
            status=status,
            plan_task=task,
        )
        return ScreenMessage.objects.bulk_create(messages)

    return _make
