"""The plans demo builds this year's plan with 10+ tasks across units and channels, indicators of
both kinds, content linked to tasks, and runs twice without duplicating anything."""

from io import StringIO

import pytest
from django.apps import apps

from campaign_site import demo as site_demo
from plans import demo
from plans.choices import IndicatorMode, TaskStatus
from plans.models import CampaignPlanPage, PlanIndexPage, PlanIndicator, PlanTask
from plans.selectors import dashboard, linked_totals_by_plan, plan_overview

pytestmark = pytest.mark.timeout(300)  # loading the whole demo takes minutes on a busy machine


def test_demo_builds_the_plan_and_is_idempotent(db, client, fixed_today):
    home, units = site_demo.load()
    poll = None
    if apps.is_installed("surveys"):
        from surveys.models import Poll

        poll = Poll.objects.create(question="Đánh giá thái độ của cán bộ Một cửa")
    lines = demo.load(home=home, units=units, stdout=StringIO())
    counts = (PlanIndexPage.objects.count(), CampaignPlanPage.objects.count(), PlanTask.objects.count())
    demo.load(home=home, units=units, stdout=StringIO())
    assert counts == (PlanIndexPage.objects.count(), CampaignPlanPage.objects.count(), PlanTask.objects.count())
    assert counts[:2] == (1, 1)

    plan = CampaignPlanPage.objects.get()
    assert plan.live and plan.year == 2026 and plan.document_number == "28/KH-UBND"
    assert plan.document.file_extension == "pdf" and plan.document.file_size > 1000
    assert plan.document.file.read(5) == b"%PDF-"
    tasks = list(plan.tasks.all())
    assert len(tasks) >= 10
    assert len({task.lead_unit_id for task in tasks}) >= 5
    assert sum(task.partner_units.count() for task in tasks) >= 10
    assert len({channel for task in tasks for channel in task.channels}) == 8
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED} <= {task.status for task in tasks}
    modes = set(PlanIndicator.objects.filter(plan=plan).values_list("mode", flat=True))
    assert modes == {IndicatorMode.MANUAL, IndicatorMode.COMPUTED}

    board = dashboard()
    assert board.overdue and board.due_this_quarter and board.below_target
    overview = plan_overview(plan)
    assert overview.status_counts["overdue"] >= 2
    if poll is not None:
        poll.refresh_from_db()
        assert poll.plan_task.content.startswith("Khảo sát")
        assert linked_totals_by_plan([plan.pk])[plan.pk] >= 1
    assert any(plan.url in line for line in lines)
    html = client.get(plan.url).content.decode()
    assert "Tải văn bản kế hoạch (PDF, " in html and "0 byte" not in html
    assert client.get("/ke-hoach/").status_code == 200
