"""The plan's rules at save: deadlines within the plan's year, one plan per year, PDF only,
indicator values that make sense — refused with a clear message and by the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.documents import get_document_model

from news.models import Category
from plans.choices import IndicatorMode, IndicatorUnit, TaskStatus
from plans.forms import partner_error
from plans.models import CampaignPlanPage, PlanIndicator, PlanTask


def errors_of(instance) -> dict[str, list[str]]:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# -- tasks -------------------------------------------------------------------------------------
def test_deadline_outside_the_plan_year_is_refused(plan, units):
    task = PlanTask(plan=plan, content="Treo băng rôn", lead_unit=units["city"], deadline=dt.date(2027, 1, 5))
    messages = errors_of(task)
    assert messages["deadline"] == ["Thời hạn phải nằm trong năm của kế hoạch (2026)."]
    task.deadline = dt.date(2026, 12, 31)
    task.full_clean()


def test_deadline_day_and_quarter_together_are_refused(plan, units):
    task = PlanTask(plan=plan, content="Phát tờ rơi", lead_unit=units["city"], deadline=dt.date(2026, 5, 1))
    task.deadline_quarter = 2
    assert "deadline_quarter" in errors_of(task)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.create(plan=plan, content="x", deadline=dt.date(2026, 5, 1), deadline_quarter=2)


def test_quarter_out_of_range_is_refused_by_the_database(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.create(plan=plan, content="x", deadline_quarter=5)


@pytest.mark.parametrize(
    ("deadline", "quarter", "due_on", "label"),
    [
        (dt.date(2026, 9, 30), None, dt.date(2026, 9, 30), "30/9/2026"),
        (None, 2, dt.date(2026, 6, 30), "Quý II/2026"),
        (None, 4, dt.date(2026, 12, 31), "Quý IV/2026"),
        (None, None, dt.date(2026, 12, 31), "Cả năm 2026"),
    ],
)
def test_due_date_comes_from_the_day_the_quarter_or_the_year(plan, make_task, deadline, quarter, due_on, label):
    task = make_task(plan, deadline=deadline, deadline_quarter=quarter)
    assert task.due_on == due_on
    with translation.override("vi"):
        assert task.deadline_label == label


def test_overdue_is_computed_not_stored(plan, make_task):
    late = make_task(plan, deadline=dt.date(2026, 11, 20), status=TaskStatus.IN_PROGRESS)
    late_quarter = make_task(plan, deadline_quarter=3, status=TaskStatus.NOT_STARTED)
    done = make_task(plan, deadline=dt.date(2026, 3, 1), status=TaskStatus.DONE)
    due_today = make_task(plan, deadline=dt.date(2026, 11, 21))
    assert late.is_overdue and late.display_status == "overdue"
    assert late_quarter.is_overdue
    assert not done.is_overdue and done.display_status == TaskStatus.DONE
    assert not due_today.is_overdue
    late.refresh_from_db()
    assert late.status == TaskStatus.IN_PROGRESS
    with translation.override("vi"):
        assert str(late.display_status_label) == "Quá hạn"


def test_invalid_status_is_refused_by_the_database(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTask.objects.create(plan=plan, content="x", status="overdue")


def test_changing_the_plan_year_moves_quarter_deadlines(plan, make_task):
    task = make_task(plan, deadline_quarter=1)
    plan.year = 2027
    plan.slug = "ke-hoach-2027"
    plan.save_revision().publish()
    task.refresh_from_db()
    assert task.due_on == dt.date(2027, 3, 31)


def test_partner_equal_to_lead_is_refused(units):
    with translation.override("vi"):
        message = str(partner_error(units["ward_a"], [units["ward_b"], units["ward_a"]]))
    assert message == "Phường Tây Hồ chủ trì nhiệm vụ này nên không thể đồng thời là đơn vị phối hợp."
    assert partner_error(units["ward_a"], [units["ward_b"]]) is None
    assert partner_error(None, [units["ward_b"]]) is None


def test_channels_are_checked_and_kept_in_order(plan, make_task):
    task = make_task(plan, channels=["social", "press"])
    task.refresh_from_db()
    assert task.channels == ["press", "social"]
    with translation.override("vi"):
        assert task.get_channels_display() == ["Báo chí", "Mạng xã hội"]
    task.channels = ["press", "television"]
    assert "channels" in errors_of(task)


# -- the plan page -----------------------------------------------------------------------------
def test_one_plan_per_year_in_an_index(plan, make_plan, plan_index, home):
    with pytest.raises(ValidationError) as caught:
        make_plan(2026, slug="ke-hoach-2026-lan-2")
    assert "year" in caught.value.message_dict
    assert CampaignPlanPage.objects.count() == 1
    make_plan(2027)
    # Another index may hold its own plan for 2026.
    other = home.add_child(instance=type(plan_index)(title="Kế hoạch của phường", slug="ke-hoach-phuong"))
    other.add_child(instance=CampaignPlanPage(title="Kế hoạch 2026 của phường", slug="kh-2026", year=2026))
    # Editing a plan into a year its index already has is refused too.
    second = CampaignPlanPage.objects.get(year=2027)
    second.year = 2026
    assert "year" in errors_of(second)


def test_official_document_must_be_a_pdf(plan):
    document_model = get_document_model()
    docx = document_model(title="Kế hoạch (bản Word)")
    docx.file.save("ke-hoach.docx", ContentFile(b"PK\x03\x04 not really"), save=False)
    docx.save()
    plan.document = docx
    assert errors_of(plan)["document"] == ["Văn bản kế hoạch phải là tệp PDF."]
    pdf = document_model(title="Kế hoạch (PDF)")
    pdf.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pdf.save()
    plan.document = pdf
    plan.full_clean()


def test_plan_is_found_by_folded_search(plan):
    plan.purposes = "<p>Nâng cao nhận thức về cải cách hành chính.</p>"
    plan.save_revision().publish()
    assert "cai cach hanh chinh" in plan.folded_search_text
    assert "28/kh-ubnd" in plan.folded_search_text
    results = CampaignPlanPage.objects.live().search("ke hoach cai cach")
    assert plan.pk in [page.pk for page in results]


def test_document_label_reads_like_the_paper(plan):
    with translation.override("vi"):
        assert plan.document_label == "Số 28/KH-UBND ngày 15/1/2026"


# -- indicators --------------------------------------------------------------------------------
def indicator(plan, **fields):
    fields.setdefault("name", "100% hộ dân được tiếp cận thông tin")
    fields.setdefault("target_value", Decimal(100))
    fields.setdefault("unit", IndicatorUnit.PERCENT)
    return PlanIndicator(plan=plan, **fields)


def test_negative_target_is_refused(plan):
    assert "target_value" in errors_of(indicator(plan, target_value=Decimal(-1)))
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator(plan, target_value=Decimal(-1), unit=IndicatorUnit.COUNT).save()


def test_target_that_is_not_a_number_is_refused(plan):
    messages = errors_of(indicator(plan, target_value="một trăm"))
    assert messages["target_value"]


def test_percentage_above_100_is_refused(plan):
    messages = errors_of(indicator(plan, current_value=Decimal("100.5")))
    assert messages["current_value"] == ["Tỷ lệ phần trăm không thể lớn hơn 100."]
    assert "target_value" in errors_of(indicator(plan, target_value=Decimal(120)))
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator(plan, current_value=Decimal(101)).save()
    # A count may be above 100.
    indicator(plan, unit=IndicatorUnit.COUNT, target_value=Decimal(500), current_value=Decimal(320)).full_clean()


def test_computed_indicator_needs_a_source_and_takes_its_unit(plan):
    assert "source" in errors_of(indicator(plan, mode=IndicatorMode.COMPUTED))
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator(plan, mode=IndicatorMode.COMPUTED, source="").save()
    computed = indicator(plan, mode=IndicatorMode.COMPUTED, source="ballots_received", target_value=Decimal(500))
    computed.full_clean()
    assert computed.unit == IndicatorUnit.COUNT
    assert "source_category" in errors_of(
        indicator(plan, mode=IndicatorMode.COMPUTED, source="ballots_received", source_category="tin-tuc")
    )
    assert "source" in errors_of(indicator(plan, mode=IndicatorMode.COMPUTED, source="no_such_source"))


def test_article_count_category_must_exist(plan):
    Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    fields = {"mode": IndicatorMode.COMPUTED, "source": "articles_published", "target_value": Decimal(50)}
    indicator(plan, source_category="chuyen-doi-so", **fields).full_clean()
    messages = errors_of(indicator(plan, source_category="khong-co", **fields))
    assert messages["source_category"] == ["Không có chuyên mục tin nào có địa chỉ này."]
