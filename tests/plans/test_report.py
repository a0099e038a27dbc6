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
    assert "Báo cáo tiến độ thực hiện kế hoạch" in html and "Kế hoạch số 28/KH-UBND ngày 15/1/2026" in html
    assert '<table class="report-tasks">' in html and '<th scope="col">' in html
    # The format of Nghị định 30/2020/NĐ-CP, with what the plan's issuing unit gives by default.
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "Hà Nội, ngày 21 tháng 11 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ):
        assert part in html, part
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in html  # the number left blank
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


FORMAT = {
    "issuing_body": "Sở Nội vụ Hà Nội",
    "superior_body": "UBND Thành phố Hà Nội",
    "number": "125",
    "symbol": "bc-snv",
    "place": "Hà Nội",
    "signed_on": "2026-02-03",
    "signer_authority": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Thị Minh Hằng",
    "recipients": "UBND Thành phố (để báo cáo);\n- Các phường, xã;\nLưu: VT, CCHC.",
}


def read_docx(content: bytes):
    from docx import Document

    return Document(BytesIO(content))


def all_text(document) -> list[str]:
    """Every paragraph, those inside tables included, in reading order."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


def test_report_exports_docx_in_the_official_format(officer_client, report_plan):
    response = officer_client.get(REPORT, params(report_plan, format="docx", **FORMAT))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (
        'filename="bao-cao-ke-hoach-thong-tin-tuyen-truyen-cchc-nam-2026-20260401-20260630.docx"'
        in (response["Content-Disposition"])
    )
    document = read_docx(response.content)
    header, body_tasks, body_indicators, closing = document.tables
    issuer, nation = ([p.text for p in cell.paragraphs] for cell in header.rows[0].cells)
    assert issuer[:2] == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ HÀ NỘI"]
    assert issuer[-1] == "Số: 125/BC-SNV"
    assert nation[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and nation[1] == "Độc lập - Tự do - Hạnh phúc"
    assert nation[-1] == "Hà Nội, ngày 03 tháng 02 năm 2026"  # ND 30: a leading zero for days < 10 and Jan, Feb
    assert nation[0] and header.rows[0].cells[1].paragraphs[0].runs[0].bold

    paragraphs = [p.text for p in document.paragraphs]
    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 1].startswith("Kết quả thực hiện “Kế hoạch thông tin, tuyên truyền CCHC năm 2026”")
    assert "từ 1/4/2026 đến 30/6/2026" in paragraphs[title + 1]
    opening = "Thực hiện Kế hoạch số 28/KH-UBND ngày 15/1/2026, Sở Nội vụ Hà Nội báo cáo kết quả thực hiện"
    assert any(p.startswith(opening) for p in paragraphs)
    assert "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ" in paragraphs and "II. CÁC CHỈ TIÊU" in paragraphs

    tasks = [[cell.text for cell in row.cells] for row in body_tasks.rows]
    assert tasks[0][:3] == ["STT", "Nhiệm vụ", "Đơn vị chủ trì"]
    first = next(row for row in tasks if row[1] == "Đăng tin trên Cổng thông tin")
    assert first[3] == "31/10/2026" and first[4] == "Quá hạn" and first[6] == "3"
    indicators = [[cell.text for cell in row.cells] for row in body_indicators.rows]
    manual = next(row for row in indicators if row[1] == "Hộ dân tiếp cận thông tin")
    assert manual[2:6] == ["100%", "86,5%", "86,5%", "1/10/2026"]

    recipients, signature = ([p.text for p in cell.paragraphs] for cell in closing.rows[0].cells)
    assert recipients == ["Nơi nhận:", "- UBND Thành phố (để báo cáo);", "- Các phường, xã;", "- Lưu: VT, CCHC."]
    assert signature[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and signature[-1] == "Nguyễn Thị Minh Hằng"

    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 13
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_docx_of_a_plan_without_a_document_number_reads_well(officer_client, make_plan, make_task):
    bare = make_plan(2027, title="Kế hoạch năm 2027")
    make_task(bare, "Đăng tin")
    response = officer_client.get(REPORT, {"plan": bare.pk, "since": "2027-01-01", "until": "2027-01-31",
                                           "format": "docx"})  # fmt: skip
    assert response.status_code == 200
    text = all_text(read_docx(response.content))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in text
    assert any(line.startswith("Ủy ban nhân dân Thành phố Hà Nội báo cáo kết quả thực hiện kế hoạch") for line in text)
    assert "Kế hoạch chưa có chỉ tiêu nào." in text


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"number": "12a"}, "number", "Số văn bản chỉ gồm chữ số"),
        ({"number": "1234567"}, "number", "tối đa 6 kí tự"),
        ({"symbol": "KH-UBND"}, "symbol", "Ký hiệu bắt đầu bằng BC-"),
        ({"symbol": "BC-UB ND"}, "symbol", "Ký hiệu bắt đầu bằng BC-"),
        ({"signed_on": "31/02/2026"}, "signed_on", "Nhập một ngày hợp lệ."),
        ({"recipients": "\n".join(f"Nơi {n};" for n in range(16))}, "recipients", "Chỉ ghi tối đa 15 nơi nhận."),
        ({"signer_name": "A" * 81}, "signer_name", "tối đa 80 kí tự"),
    ],
)
def test_bad_document_format_is_refused_and_keeps_what_was_typed(officer_client, report_plan, bad, field, message):
    given = {"signer_name": "Trần Văn Bình", **bad}
    response = officer_client.get(REPORT, params(report_plan, format="docx", **given))
    assert response.status_code == 400
    assert "wordprocessingml" not in response.get("Content-Type", "")
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert '<details class="report-format" open>' in html  # the errors are not hidden in a closed box
    if field != "signer_name":
        assert 'value="Trần Văn Bình"' in html
