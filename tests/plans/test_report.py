"""The progress report for a chosen period: on screen, as XLSX, and as a clean print view."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from plans.choices import IndicatorMode, TaskStatus
from tests.factories import aware

REPORT = "/admin/plans/report/"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def report_plan(plan, make_task, make_indicator, make_polls, make_screen_messages, units):
    task = make_task(plan, "Đăng tin trên Cổng thông tin", deadline=dt.date(2026, 10, 31))
    task.partner_units.add(units["ward_a"])
    task.save()
    make_task(plan, "Hội nghị tập huấn", deadline=dt.date(2026, 3, 31), status=TaskStatus.DONE)
    make_polls(task, 2, opens_at=aware(2026, 4, 10))
    make_polls(task, 3, opens_at=aware(2026, 9, 10))  # outside the period below
    make_screen_messages(task, 1, starts_at=aware(2026, 5, 1))
    make_indicator(plan, "Hộ dân tiếp cận thông tin", current_value=Decimal("86.5"), measured_on=dt.date(2026, 10, 1))
    make_indicator(plan, "Phiếu đánh giá", mode=IndicatorMode.COMPUTED, source="ballots_received", unit="count")
    return plan


def params(plan, **extra):
    return {"plan": plan.pk, "since": "2026-04-01", "until": "2026-06-30", **extra}


def test_report_form_opens_with_this_year(officer_client, report_plan):
    response = officer_client.get(REPORT)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["plan"] == report_plan and form.initial["since"] == dt.date(2026, 1, 1)


def test_report_on_screen_counts_content_in_the_period(officer_client, report_plan):
    response = officer_client.get(REPORT, params(report_plan))
    assert response.status_code == 200
    report = response.context["report"]
    row = next(row for row in report.tasks if row.task.content.startswith("Đăng tin"))
    assert row.counts == {"poll": 2, "screen_message": 1}
    assert report.status_counts == {"not_started": 0, "in_progress": 0, "done": 1, "overdue": 1}
    html = response.content.decode()
    assert "Kỳ báo cáo: 1/4/2026 – 30/6/2026" in html
    assert "format=xlsx" in html and "format=print" in html


def test_report_exports_xlsx(officer_client, report_plan):
    response = officer_client.get(REPORT, params(report_plan, format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        'filename="bao-cao-ke-hoach-thong-tin-tuyen-truyen-cchc-nam-2026-20260401-20260630.xlsx"'
        in (response["Content-Disposition"])
    )
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Nhiệm vụ", "Chỉ tiêu"]
    tasks = [[cell.value for cell in row] for row in workbook["Nhiệm vụ"].iter_rows()]
    header = next(row for row in tasks if row[0] == "STT")
    assert header[:7] == [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Hình thức, kênh",
        "Thời hạn",
        "Trạng thái",
    ]
    first = next(row for row in tasks if row[1] == "Đăng tin trên Cổng thông tin")
    assert first[3] == "Phường Tây Hồ" and first[5] == "31/10/2026" and first[6] == "Quá hạn"
    assert first[header.index("Bình chọn")] == 2
    assert first[header.index("Thông báo trên màn hình")] == 1
    assert first[header.index("Đã đăng trong kỳ")] == 3
    indicators = [[cell.value for cell in row] for row in workbook["Chỉ tiêu"].iter_rows()]
    manual = next(row for row in indicators if row[1] == "Hộ dân tiếp cận thông tin")
    assert manual[2:6] == [100, 86.5, "%", 86.5]
    computed = next(row for row in indicators if row[1] == "Phiếu đánh giá")
    assert computed[3] == "chưa có số liệu"


def test_report_print_view_is_clean(officer_client, report_plan):
    response = officer_client.get(REPORT, params(report_plan, format="print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo tiến độ thực hiện kế hoạch" in html and "Số 28/KH-UBND ngày 15/1/2026" in html
    assert '<table class="report-tasks">' in html and '<th scope="col">' in html
    assert "plans/plans.css" in html and "plans/print.js" in html
    assert "<script>" not in html and "onclick" not in html and "wagtail" not in html.lower()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"since": "2026-07-01", "until": "2026-06-30"}, "Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu."),
        ({"since": "ngày mai"}, "Nhập một ngày hợp lệ."),
        ({"until": "2026-02-30"}, "Nhập một ngày hợp lệ."),
        ({"plan": "999999"}, "Hãy chọn một lựa chọn hợp lệ."),
        ({"plan": "abc"}, "Hãy chọn một lựa chọn hợp lệ."),
        ({"since": "2020-01-01"}, "Một báo cáo chỉ bao gồm tối đa ba năm."),
        ({"format": "pdf"}, "Định dạng báo cáo không hợp lệ."),
    ],
)
def test_bad_report_input_is_refused(officer_client, report_plan, bad, message):
    response = officer_client.get(REPORT, {**params(report_plan), **bad})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "report" not in response.context or response.context.get("report") is None
