"""An information officer in the admin: a poll's results and its XLSX with real dates and numbers;
the plan dashboard's pace marks, its edit link, and the progress report as a DOCX in the format of
Nghị định 30/2020/NĐ-CP."""

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from campaign_site.access.roles import INFORMATION_OFFICER

from . import content
from .server import db_access
from .support import admin_login, e2e_marks

pytestmark = e2e_marks
SHOTS = Path("/tmp/pollsplans-shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_officer_reads_a_polls_results_and_downloads_its_xlsx(site, make_user, page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.thongtin")
    poll = content.poll()
    content.votes(poll, site.units)
    content.earlier_votes(poll, site.units)

    admin_login(page, officer.username)
    page.goto("/admin/snippets/surveys/poll/")
    row = page.locator("tr").filter(has=page.get_by_role("link", name=poll.question))
    row.locator("[data-w-dropdown-target=toggle]").click()
    row.get_by_role("link", name="Kết quả", exact=True).click()
    page.wait_for_url(f"**/admin/surveys/polls/{poll.pk}/results/")

    expect(page.locator("h1")).to_contain_text(poll.question)
    chart = page.get_by_role("list", name=poll.question)  # the chart is a labelled list, its figures in a table
    expect(chart).to_be_visible()
    answers = page.get_by_role("table", name="Số phiếu theo câu trả lời")
    total = answers.locator("tfoot td").first
    expect(total).to_have_text("7")
    months = page.locator("table").filter(has=page.get_by_role("columnheader", name="Tháng"))
    expect(months.locator("tbody tr")).to_have_count(2)  # two months of votes
    per_unit_month = page.locator("table").filter(has=page.get_by_role("rowheader", name="Phường Ba Đình"))
    expect(per_unit_month.last).to_contain_text("(1)")
    shot(page, "poll-admin-results")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kết quả theo ngày (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == f"poll-{poll.pk}-counts.xlsx"
    sheet = load_workbook(BytesIO(Path(download.path()).read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    assert header == ["Ngày", "Câu trả lời", "Tính là hài lòng", "Kênh", "Đơn vị", "Số phiếu"]
    rows = list(sheet.iter_rows(min_row=2))
    assert rows and all(isinstance(row[0].value, dt.datetime) and row[0].number_format == "d/m/yyyy" for row in rows)
    assert all(isinstance(row[5].value, int) and row[5].number_format == "#,##0" for row in rows)
    assert sum(row[5].value for row in rows) == 7
    days = {row[0].value.date() for row in rows}
    assert timezone.localdate() in days and min(days) < timezone.localdate() - dt.timedelta(days=60)


def test_officer_follows_plan_progress_and_downloads_the_report_as_docx(site, make_user, page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.kehoach")
    plan, task = content.plan(site.home, site.units)
    today = timezone.localdate()
    with db_access():
        # This year's plan, whatever year the suite runs in; a task well behind a whole-year pace.
        type(plan).objects.filter(pk=plan.pk).update(year=today.year, document_number="28/KH-UBND")
        type(task).objects.filter(pk=task.pk).update(progress=3, deadline=dt.date(today.year, 12, 31))
        task.refresh_from_db()
        task.save()  # recomputes the stored due day

    admin_login(page, officer.username)
    page.goto("/admin/plans/progress/")
    section = page.locator("section").filter(has=page.get_by_role("heading", name=f"Tiến độ “{plan.title}”"))
    task_row = section.locator(f"#task-{task.pk}-plan-{plan.pk}")
    bar = task_row.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "3.00")
    expect(bar).to_have_attribute("aria-valuetext", re.compile(r"^Đã làm 3%, cần đạt .+ đến hôm nay$"))
    if today > dt.date(today.year, 1, 2):  # from the third day of the year 3% is behind a whole-year pace
        expect(task_row).to_contain_text("Chậm tiến độ")
    indicator = section.locator("tr").filter(has_text="Tỷ lệ thủ tục hành chính được công khai")
    expect(indicator.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "84.57")
    shot(page, "plan-dashboard")

    # "Sửa" opens the plan in the page editor, at this task's panel.
    task_row.get_by_role("link", name="Sửa").click()
    page.wait_for_url(f"**/admin/pages/{plan.pk}/edit/#plan-task-{task.pk}")
    panel = page.locator("[data-inline-panel-child].plan-task-target")
    expect(panel).to_have_count(1)
    expect(panel.locator(f'input[name$="-id"][value="{task.pk}"]')).to_have_count(1)
    expect(panel.get_by_label("Tiến độ (%)")).to_have_value("3")

    page.goto("/admin/plans/progress/")
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_text("Thể thức văn bản (Nghị định 30/2020/NĐ-CP)").click()
    page.get_by_label("Số", exact=True).fill("15")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn An")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page.get_by_role("heading", name=plan.title)).to_be_visible()
    shot(page, "plan-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về DOCX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(BytesIO(Path(download.path()).read_bytes()))
    header = document.tables[0].rows[0].cells
    issuer = [p.text for p in header[0].paragraphs]
    nation = [p.text for p in header[1].paragraphs]
    assert issuer[:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"] and issuer[-1] == "Số: 15/BC-UBND"
    assert nation[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    day, month = f"{today.day:02d}", f"{today.month:02d}" if today.month <= 2 else str(today.month)
    assert nation[-1] == f"Hà Nội, ngày {day} tháng {month} năm {today.year}"
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    tasks = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert tasks[1][1] == task.content and tasks[1][5] == "3%"
    closing = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert closing[0] == "KT. CHỦ TỊCH" and closing[-1] == "Nguyễn Văn An"
