"""Citizens' voice in a real browser, on a 390 px phone for the citizen and the admin for staff:
send with an attachment, follow the code, assign, answer, approve, read it on Hỏi đáp and in the
search; support an idea once."""

import os
from pathlib import Path

from playwright.sync_api import expect

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR
from feedback import services
from feedback.models import FeedbackIndexPage, FeedbackItem, IdeaSupport, Kind, State

from .server import db_access
from .support import admin_login, assert_accessible, e2e_marks

pytestmark = e2e_marks
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def shot(page, name: str) -> None:
    """Screenshots for a person to look at, when E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"feedback-{name}.png"), full_page=True)


def accessible(new_page, url: str, label: str) -> None:
    """axe-core on `url` at 390 px (its script needs the CSP bypassed: the other pages keep the CSP)."""
    page = new_page(bypass_csp=True, **PHONE)
    page.goto(url)
    assert_accessible(page, label)


def test_a_question_from_sending_to_the_published_answer(site, make_user, new_page, settings, tmp_path):
    settings.FEEDBACK_PRIVATE_ROOT = tmp_path
    with db_access():
        index = site.home.add_child(instance=FeedbackIndexPage(title="Hỏi đáp", slug="hoi-dap"))
        index.save_revision().publish()
        officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo")
        editor = make_user(WARD_EDITOR, site.units["ward_a"], username="bientap_tayho")
        approver = make_user(APPROVER, site.units["ward_a"], username="lanhdao_tayho")

    # The citizen, on a phone.
    citizen = new_page(**PHONE)
    citizen.goto("/y-kien/")
    expect(citizen.locator("h1")).to_have_text("Gửi câu hỏi, phản ánh, sáng kiến")
    accessible(new_page, "/y-kien/", "the send form")
    citizen.get_by_label("Hỏi về thủ tục hành chính").check()
    citizen.get_by_label("Đơn vị liên quan").select_option(str(site.units["ward_a"].pk))
    citizen.get_by_label("Lĩnh vực thủ tục").select_option("residence")
    citizen.get_by_label("Tiêu đề").fill("Đăng ký tạm trú cho sinh viên thuê trọ")
    citizen.get_by_label("Nội dung").fill("Con tôi thuê trọ để đi học, xin hỏi đăng ký tạm trú trực tuyến thế nào?")
    citizen.get_by_label("Tệp đính kèm 1").set_input_files(
        {"name": "hop-dong-thue.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    citizen.get_by_label("Thư điện tử", exact=True).fill("phuhuynh@example.vn")
    citizen.get_by_label("Tôi muốn được trả lời riêng").check()
    citizen.get_by_label("Tôi đồng ý để cơ quan phụ trách").check()
    citizen.get_by_label("Tôi đồng ý để câu hỏi và câu trả lời").check()
    shot(citizen, "1-send-form")
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    expect(citizen.get_by_role("status")).to_contain_text("Cảm ơn bạn, ý kiến đã được tiếp nhận.")
    code = citizen.locator("dd.fb-code").inner_text().strip()
    expect(citizen.locator(".fb-state")).to_have_text("Đã tiếp nhận")
    accessible(new_page, f"/y-kien/{code}/", "the status page")
    shot(citizen, "2-status-received")
    with db_access():
        item = FeedbackItem.objects.get(code=code)
        assert [a.original_name for a in item.attachments.all()] == ["hop-dong-thue.pdf"]

    # Later, from another browser, the citizen follows the code typed by hand.
    later = new_page(**PHONE)
    later.goto("/y-kien/tra-cuu/")
    later.get_by_label("Mã tra cứu").fill(f"{code[:6].lower()} {code[6:]}")
    later.get_by_role("button", name="Tra cứu").click()
    expect(later.locator("dd.fb-code")).to_have_text(code)

    # The city officer assigns it to ward A.
    staff = new_page()
    admin_login(staff, officer.username)
    staff.goto(f"/admin/feedback/{item.pk}/")
    expect(staff.get_by_text("phuhuynh@example.vn")).to_be_visible()
    staff.locator("select[name=unit]").select_option(str(site.units["ward_a"].pk))
    staff.get_by_role("button", name="Giao xử lý").click()
    expect(staff.locator(".messages")).to_contain_text("Đã giao cho Phường Tây Hồ")

    # The ward drafts the answer and sends it for approval.
    ward = new_page()
    admin_login(ward, editor.username)
    ward.goto("/admin/feedback/")
    ward.get_by_role("link", name="Đăng ký tạm trú cho sinh viên thuê trọ").click()
    ward.locator("textarea[name=public_question]").fill(
        "Xin hỏi đăng ký tạm trú trực tuyến cho sinh viên thuê trọ thế nào?"
    )
    ward.locator("textarea[name=answer]").fill(
        "Chủ hộ hoặc người thuê đăng nhập Cổng dịch vụ công bằng tài khoản định danh điện tử, chọn thủ tục "
        "đăng ký tạm trú và tải ảnh hợp đồng thuê nhà. Kết quả trả trong 3 ngày làm việc."
    )
    ward.get_by_role("button", name="Trình duyệt").click()
    expect(ward.locator(".messages")).to_contain_text("Đã gửi câu trả lời để lãnh đạo duyệt")
    shot(ward, "3-admin-awaiting")

    # The ward's approver approves it.
    boss = new_page()
    admin_login(boss, approver.username)
    boss.goto(f"/admin/feedback/{item.pk}/")
    boss.get_by_role("button", name="Duyệt và gửi").click()
    expect(boss.locator(".messages")).to_contain_text("Đã duyệt câu trả lời")
    expect(boss.locator("table.listing").last).to_contain_text("Duyệt và phát hành câu trả lời")

    # The citizen sees the answer; it is on Hỏi đáp and in the search, without personal data.
    citizen.reload()
    expect(citizen.locator(".fb-state")).to_have_text("Đã trả lời")
    expect(citizen.locator(".fb-answer")).to_contain_text("Kết quả trả trong 3 ngày làm việc.")
    shot(citizen, "4-status-answered")
    citizen.get_by_role("link", name="Xem trên trang Hỏi đáp").click()
    expect(citizen.locator("h1")).to_have_text("Đăng ký tạm trú cho sinh viên thuê trọ")
    expect(citizen.locator("body")).not_to_contain_text("phuhuynh@example.vn")
    citizen.goto("/hoi-dap/")
    expect(citizen.get_by_role("link", name="Đăng ký tạm trú cho sinh viên thuê trọ")).to_be_visible()
    accessible(new_page, "/hoi-dap/", "the Hỏi đáp page")
    shot(citizen, "5-hoi-dap")
    citizen.goto("/search/?q=tam+tru+sinh+vien")
    expect(citizen.get_by_role("link", name="Đăng ký tạm trú cho sinh viên thuê trọ")).to_be_visible()
    shot(citizen, "6-search")


def test_an_idea_is_supported_once(site, make_user, new_page):
    with db_access():
        officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo")
        idea, _ = services.submit_feedback(
            kind=Kind.IDEA, field="online", title="Nhắn tin khi hồ sơ có kết quả",
            content="Đề nghị gửi tin nhắn khi hồ sơ có kết quả để người dân khỏi phải hỏi nhiều lần.",
            consent_publish=True,
        )  # fmt: skip
        idea = services.assign(item=idea, unit=site.units["ward_a"], user=officer)
        assert idea.state == State.PROCESSING
    citizen = new_page(**PHONE)
    citizen.goto("/y-kien/sang-kien/")
    card = citizen.locator(f"#y-tuong-{idea.pk}")
    expect(card.locator(".fb-support__count")).to_have_text("0 người ủng hộ")
    accessible(new_page, "/y-kien/sang-kien/", "the ideas page")
    second_tab = new_page(citizen.context)
    second_tab.goto("/y-kien/sang-kien/")
    card.get_by_role("button", name="Ủng hộ sáng kiến").click()
    card = citizen.locator(f"#y-tuong-{idea.pk}")
    expect(card.get_by_role("status")).to_have_text("Cảm ơn bạn, lượt ủng hộ đã được ghi nhận.")
    expect(card.locator(".fb-support__count")).to_have_text("1 người ủng hộ")
    expect(card.get_by_role("button", name="Ủng hộ sáng kiến")).to_have_count(0)
    shot(citizen, "7-idea-supported")
    # The same browser's second tab, opened before, submits the form again: nothing more is counted.
    second_tab.get_by_role("button", name="Ủng hộ sáng kiến").click()
    expect(second_tab.locator(f"#y-tuong-{idea.pk}").get_by_role("status")).to_have_text(
        "Bạn đã ủng hộ sáng kiến này rồi."
    )
    with db_access():
        assert IdeaSupport.objects.filter(item=idea).count() == 1
