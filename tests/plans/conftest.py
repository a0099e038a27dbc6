"""Fixtures for plans: a plan index, plans of a year, tasks and indicators, and a fixed "today"."""

import datetime as dt
from decimal import Decimal

import pytest

from plans import periods
from plans.choices import IndicatorMode, IndicatorUnit, TaskStatus
from plans.models import CampaignPlanPage, PlanIndexPage, PlanIndicator, PlanTask

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
        fields.setdefault("title", f"Kế hoạch thông tin, tuyên truyền CCHC năm {year}")
        fields.setdefault("slug", f"ke-hoach-{year}")
        fields.setdefault("issuing_unit", units["city"])
        plan = plan_index.add_child(instance=CampaignPlanPage(year=year, live=live, **fields))
        if live:
            plan.save_revision().publish()
        return CampaignPlanPage.objects.get(pk=plan.pk)

    return _make


@pytest.fixture
def plan(make_plan) -> CampaignPlanPage:
    return make_plan(2026, document_number="28/KH-UBND", document_date=dt.date(2026, 1, 15))


@pytest.fixture
def make_task(units):
    def _make(plan, content="Đăng tin về cải cách hành chính", **fields) -> PlanTask:
        fields.setdefault("lead_unit", units["city"])
        fields.setdefault("status", TaskStatus.IN_PROGRESS)
        return PlanTask.objects.create(plan=plan, content=content, **fields)

    return _make


@pytest.fixture
def make_indicator():
    def _make(plan, name="100% TTHC được công khai", **fields) -> PlanIndicator:
        fields.setdefault("target_value", Decimal(100))
        fields.setdefault("unit", IndicatorUnit.PERCENT)
        fields.setdefault("mode", IndicatorMode.MANUAL)
        return PlanIndicator.objects.create(plan=plan, name=name, **fields)

    return _make


# -- content from other apps, linked to tasks (skipped while an app has not built its model) -----
def model_or_skip(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        pytest.skip(f"{label} does not exist yet")


def aware(year, month, day, hour=9):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture
def make_article(home):
    """make_article(task, published_at=..., category=None, live=True) -> a NewsArticlePage."""
    article_model = model_or_skip("news.NewsArticlePage")
    index_model = model_or_skip("news.NewsIndexPage")
    category_model = model_or_skip("news.Category")
    state = {"n": 0, "index": None}

    def _make(task=None, *, published_at=None, live=True, **fields):
        if "category" not in fields:
            fields["category"] = category_model.objects.get_or_create(slug="tin-cchc", defaults={"name": "Tin CCHC"})[0]
        if state["index"] is None:
            state["index"] = home.add_child(instance=index_model(title="Tin tức", slug="tin-tuc"))
            state["index"].save_revision().publish()
        state["n"] += 1
        n = state["n"]
        article = article_model(
            title=f"Tin cải cách số {n}",
            slug=f"tin-{n}",
            lead="Tóm tắt.",
            published_at=published_at or aware(2026, 3, 2),
            plan_task=task,
            **fields,
        )
        state["index"].add_child(instance=article)
        revision = article.save_revision()
        if live:
            revision.publish()
        else:
            article_model.objects.filter(pk=article.pk).update(live=False)
        return article_model.objects.get(pk=article.pk)

    return _make


@pytest.fixture
def make_bulletin(home):
    bulletin_model = model_or_skip("bulletins.BulletinPage")
    index_model = model_or_skip("bulletins.BulletinIndexPage")
    state = {"index": None}

    def _make(task=None, *, date):
        if state["index"] is None:
            state["index"] = home.add_child(instance=index_model(title="Bản tin", slug="ban-tin"))
            state["index"].save_revision().publish()
        page = bulletin_model(title=f"Bản tin CCHC ngày {date:%d/%m/%Y}", slug=f"ban-tin-{date:%Y%m%d}", date=date)
        page.plan_task = task
        state["index"].add_child(instance=page)
        page.save_revision().publish()
        return page

    return _make


@pytest.fixture
def make_polls(db):
    """make_polls(task, count, opens_at=...) -> bulk-created polls linked to `task` (cheap for 1,000)."""
    poll_model = model_or_skip("surveys.Poll")

    def _make(task, count=1, *, opens_at=None):
        opens_at = opens_at or aware(2026, 5, 10)
        return poll_model.objects.bulk_create(
            poll_model(question=f"Đánh giá số {n}", opens_at=opens_at, plan_task=task) for n in range(count)
        )

    return _make


@pytest.fixture
def make_screen_messages(units):
    message_model = model_or_skip("screens.ScreenMessage")

    def _make(task, count=1, *, starts_at=None, status="approved"):
        starts_at = starts_at or aware(2026, 6, 5)
        return message_model.objects.bulk_create(
            message_model(
                title=f"Thông báo số {n}", target_unit=units["city"], starts_at=starts_at, status=status, plan_task=task
            )
            for n in range(count)
        )

    return _make
