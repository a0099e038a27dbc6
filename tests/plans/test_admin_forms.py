"""Editing a plan in the Wagtail admin: tasks and indicators inline; bad input gets a clear
Vietnamese refusal on the form (never a 500) and nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from plans.models import CampaignPlanPage, PlanIndicator, PlanTask


@pytest.fixture
def admin_client(client, make_user, roles):
    client.force_login(make_user(superuser=True, username="quantri"))
    return client


def task_form(units, **fields):
    data = {
        "content": "Đăng tin trên Cổng thông tin",
        "lead_unit": units["city"].pk,
        "partner_units": [units["ward_a"].pk],
        "channels": ["web_portal", "social"],
        "deadline": "2026-06-30",
        "deadline_quarter": "",
        "status": "in_progress",
        "progress": "40",
        "progress_note": "",
    }
    data.update(fields)
    return data


def indicator_form(**fields):
    data = {
        "name": "100% TTHC được công khai",
        "target_value": "100",
        "unit": "percent",
        "mode": "manual",
        "source": "",
        "source_category": "",
        "current_value": "84.57",
        "measured_how": "Rà soát danh mục",
        "measured_on": "2026-10-31",
    }
    data.update(fields)
    return data


def plan_post(units, *, year="2026", tasks=None, indicators=None, **fields):
    tasks = tasks if tasks is not None else [task_form(units)]
    # nested_form_data flattens lists; multiple-choice fields post one key with many values.
    lists = {}
    for index, task in enumerate(tasks):
        for name in ("partner_units", "channels"):
            lists[f"tasks-{index}-{name}"] = task.pop(name, [])
    data = {
        "title": f"Kế hoạch thông tin, tuyên truyền CCHC năm {year}",
        "slug": f"ke-hoach-{year}",
        "year": year,
        "document_number": "28/KH-UBND",
        "document_date": "2026-01-15",
        "issuing_unit": units["city"].pk,
        "document": "",
        "purposes": rich_text("<p>Nâng cao nhận thức.</p>"),
        "requirements": rich_text(""),
        "contents": rich_text(""),
        "tasks": inline_formset(tasks),
        "indicators": inline_formset(indicators if indicators is not None else [indicator_form()]),
        "action-publish": "publish",
    }
    data.update(fields)
    return {**nested_form_data(data), **lists}


def add_url(plan_index):
    return reverse("wagtailadmin_pages:add", args=["plans", "campaignplanpage", plan_index.pk])


def field_errors(response, field_name: str) -> str:
    """The rendered errors of a field, looked up in the response's form or its inline formsets."""
    form = response.context["form"]
    if field_name in form.errors:
        return " ".join(form.errors[field_name])
    found = []
    for formset in form.formsets.values():
        for child in formset.forms:
            found.extend(child.errors.get(field_name, []))
    return " ".join(found)


def test_officer_creates_a_plan_with_tasks_and_indicators(admin_client, plan_index, units):
    response = admin_client.post(add_url(plan_index), plan_post(units))
    assert response.status_code == 302, response.context["form"].errors
    plan = CampaignPlanPage.objects.get(year=2026)
    assert plan.live
    task = PlanTask.objects.get(plan=plan)
    assert task.channels == ["web_portal", "social"]
    assert task.progress == 40
    assert list(task.partner_units.all()) == [units["ward_a"]]
    assert PlanIndicator.objects.get(plan=plan).current_value == Decimal("84.57")


@pytest.mark.parametrize(
    ("value", "message"), [("101", "tối đa 100"), ("-5", "lớn hơn hoặc bằng với 0"), ("", "bắt buộc")]
)
def test_task_progress_outside_0_to_100_is_refused(admin_client, plan_index, units, value, message):
    data = plan_post(units, tasks=[task_form(units, progress=value)])
    assert message in refused(admin_client, plan_index, data, "progress")


def refused(admin_client, plan_index, data, field_name):
    with translation.override("vi"):
        response = admin_client.post(add_url(plan_index), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert not CampaignPlanPage.objects.exists() and not PlanTask.objects.exists()
    return field_errors(response, field_name)


def test_deadline_outside_the_year_is_refused_on_the_form(admin_client, plan_index, units):
    data = plan_post(units, tasks=[task_form(units, deadline="2027-01-10")])
    assert "Thời hạn phải nằm trong năm của kế hoạch (2026)." in refused(admin_client, plan_index, data, "deadline")


def test_partner_equal_to_lead_is_refused_on_the_form(admin_client, plan_index, units):
    data = plan_post(units, tasks=[task_form(units, partner_units=[units["ward_a"].pk, units["city"].pk])])
    message = refused(admin_client, plan_index, data, "partner_units")
    assert "Thành phố Hà Nội chủ trì nhiệm vụ này nên không thể đồng thời là đơn vị phối hợp." in message


@pytest.mark.parametrize(
    ("fields", "field_name", "message"),
    [
        ({"target_value": "-5"}, "target_value", "Mục tiêu không thể là số âm."),
        ({"current_value": "-1"}, "current_value", "Giá trị hiện đạt không thể là số âm."),
        ({"target_value": "một trăm"}, "target_value", "Nhập một số"),
        ({"current_value": "120"}, "current_value", "Tỷ lệ phần trăm không thể lớn hơn 100."),
        ({"mode": "computed", "source": ""}, "source", "Hãy chọn nguồn số liệu"),
    ],
)
def test_bad_indicator_values_are_refused_on_the_form(admin_client, plan_index, units, fields, field_name, message):
    data = plan_post(units, indicators=[indicator_form(**fields)])
    assert message in refused(admin_client, plan_index, data, field_name)


def test_second_plan_for_the_same_year_is_refused_on_the_form(admin_client, plan_index, units, make_plan):
    make_plan(2026)
    data = plan_post(units, slug="ke-hoach-2026-b")
    with translation.override("vi"):
        response = admin_client.post(add_url(plan_index), data)
    assert response.status_code == 200
    assert "Mục kế hoạch này đã có kế hoạch năm 2026." in field_errors(response, "year")
    assert CampaignPlanPage.objects.count() == 1


def test_editing_the_year_checks_existing_task_deadlines(admin_client, plan, make_task, units):
    task = make_task(plan, deadline="2026-05-01")
    data = plan_post(
        units, year="2027", slug=plan.slug, tasks=[{"id": task.pk, **task_form(units, deadline="2026-05-01")}]
    )
    with translation.override("vi"):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "(2027)" in field_errors(response, "deadline")
    plan.refresh_from_db()
    assert plan.year == 2026


def test_the_edit_form_renders(admin_client, plan, make_task, make_indicator):
    make_task(plan)
    make_indicator(plan)
    with translation.override("vi"):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="tasks-0-channels"' in html and 'value="radio"' in html
    # The category of an article count is chosen from a list, not typed.
    assert '<select name="indicators-0-source_category"' in html and "Tất cả chuyên mục" in html


def test_the_plan_previews(plan, make_task, make_indicator):
    make_task(plan, "Nhiệm vụ xem trước")
    make_indicator(plan)
    response = plan.make_preview_request()
    assert response.status_code == 200
    assert "Nhiệm vụ xem trước" in response.content.decode()
