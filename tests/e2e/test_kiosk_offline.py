"""The counter kiosk in Chromium: ratings given with the network off arrive exactly once when it comes
back, even when a sync is cut and repeated; a SIPAS survey on the kiosk; a receipt QR answered once on a
phone; results per counter and officer only for the right roles."""

import time
import uuid
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from campaign_site.access.roles import APPROVER, WARD_EDITOR

from . import content
from .server import db_access
from .support import admin_login, assert_accessible, e2e_marks

pytestmark = e2e_marks


def _make_kiosk(site, **fields):
    from surveys.models import Counter, Kiosk
    from surveys.services import issue_kiosk_token

    counter = Counter.objects.create(unit=site.units["ward_a"], name="Quầy số 3")
    fields.setdefault("min_interval_seconds", 0)
    kiosk = Kiosk.objects.create(name="Máy quầy 3", unit=site.units["ward_a"], counter=counter, **fields)
    return kiosk, issue_kiosk_token(kiosk=kiosk)


def _ballots(poll):
    from surveys.models import Ballot

    with db_access():
        return Ballot.objects.filter(poll=poll).count()


def _wait_for(page, predicate, timeout=10.0):
    """Poll `predicate`, letting Playwright run its event handlers (routes) in between."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(100)
    return predicate()


def _rate(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("body")).to_have_attribute("data-kiosk-step", "thanks")
    expect(page.locator("h1")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    expect(page.get_by_text("Đã ghi nhận, cảm ơn ông/bà.")).to_be_visible()
    page.get_by_role("button", name="Người tiếp theo").click()
    expect(page.locator("body")).to_have_attribute("data-kiosk-step", "choose")


def test_three_offline_ratings_arrive_once_even_when_the_sync_is_cut(site, context, new_page):
    with db_access():
        poll = content.poll(unit=site.units["ward_a"])
        _kiosk, token = _make_kiosk(site, poll=poll)
    page = new_page(context)
    page.goto(f"/kiosk/{token}/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-kiosk-online", "1")

    context.set_offline(True)
    for label in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        _rate(page, label)
    expect(body).to_have_attribute("data-kiosk-waiting", "3")
    expect(page.locator(".kiosk__staff")).to_contain_text("Câu trả lời chờ gửi: 3")
    assert _ballots(poll) == 0
    queued = page.evaluate(
        "Object.keys(localStorage).filter(k => k.endsWith('-queue')).map(k => JSON.parse(localStorage[k]).length)"
    )
    assert queued == [3]

    # The network returns, but the first sync's answer is lost on the way back: stored, not confirmed.
    cut = []

    def lose_the_response(route):
        route.fetch()  # the server stores the answers…
        cut.append(1)
        route.abort("connectionreset")  # …and the tablet never hears back

    page.route("**/kiosk/api/sync", lose_the_response)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert _wait_for(page, lambda: cut), "the tablet did not sync when the network came back"
    assert _wait_for(page, lambda: _ballots(poll) == 3)
    expect(body).to_have_attribute("data-kiosk-waiting", "3")  # still queued: never confirmed

    page.unroute("**/kiosk/api/sync")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the sync is repeated
    expect(body).to_have_attribute("data-kiosk-waiting", "0")
    assert _ballots(poll) == 3
    with db_access():
        from surveys.models import Ballot

        assert sorted(Ballot.objects.filter(poll=poll).values_list("choice__label", flat=True)) == sorted(
            ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
        )


def test_a_revoked_kiosk_shows_staff_why_its_queue_was_refused(site, context, new_page):
    from surveys.models import KioskAnswer
    from surveys.services import revoke_kiosk

    with db_access():
        poll = content.poll(unit=site.units["ward_a"])
        kiosk, token = _make_kiosk(site, poll=poll)
    page = new_page(context)
    page.goto(f"/kiosk/{token}/")
    context.set_offline(True)
    _rate(page, "Hài lòng")
    _rate(page, "Rất hài lòng")
    with db_access():
        revoke_kiosk(kiosk=kiosk)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("body")).to_have_attribute("data-kiosk-step", "error")
    expect(page.locator(".kiosk__error")).to_contain_text("thu hồi")
    expect(page.locator(".kiosk__staff")).to_contain_text("bị máy chủ từ chối: 2")
    assert _ballots(poll) == 0
    with db_access():
        assert KioskAnswer.objects.filter(kiosk=kiosk, status="refused", reason="revoked").count() == 2


def _sipas(site):
    from surveys.models import QuestionKind, SipasFactor, SurveyPage, SurveyQuestion

    page = SurveyPage(
        title="Khảo sát SIPAS tại Bộ phận Một cửa", slug="sipas", opens_at=timezone.now() - timedelta(days=1)
    )
    specs = [
        ("Thủ tục được niêm yết đầy đủ, dễ tìm", QuestionKind.LIKERT, SipasFactor.ACCESS, "", True),
        ("Ông/bà nộp hồ sơ theo cách nào?", QuestionKind.SINGLE, SipasFactor.PROCEDURE, "Trực tiếp\nTrực tuyến", True),
        ("Cán bộ tiếp nhận lịch sự, tận tình", QuestionKind.LIKERT, SipasFactor.CIVIL_SERVANTS, "", True),
        ("Ông/bà muốn góp ý thêm điều gì?", QuestionKind.TEXT, SipasFactor.FEEDBACK, "", False),
    ]
    for order, (text, kind, factor, options, required) in enumerate(specs):
        page.questions.add(
            SurveyQuestion(text=text, kind=kind, factor=factor, options=options, required=required, sort_order=order)
        )
    site.home.add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def test_a_sipas_survey_completed_on_the_kiosk(site, new_page):
    from surveys.models import SurveyAnswer, SurveySubmission

    with db_access():
        survey = _sipas(site)
        _kiosk, token = _make_kiosk(site, survey_page=survey, ask_case_code=True)
    page = new_page(viewport={"width": 1024, "height": 768}, has_touch=True, bypass_csp=True)  # for axe
    page.goto(f"/kiosk/{token}/")
    body = page.locator("body")
    expect(page.locator("h1")).to_have_text(survey.title)
    page.get_by_role("button", name="Bắt đầu").click()

    expect(page.locator("label[for=kiosk-progress]")).to_have_text("Câu 1/4")
    expect(page.locator("h1")).to_be_focused()  # a screen reader hears the new question
    assert page.get_by_role("button", name="Bỏ qua").count() == 0  # required
    # Every target is at least 48 px tall.
    heights = page.eval_on_selector_all("main button", "nodes => nodes.map(n => n.getBoundingClientRect().height)")
    assert heights and min(heights) >= 48, heights
    assert_accessible(page, "kiosk survey question")
    page.get_by_role("button", name="4 – Hài lòng").click()

    expect(page.locator("label[for=kiosk-progress]")).to_have_text("Câu 2/4")
    page.get_by_role("button", name="Câu trước").click()  # back, and change the answer by keyboard
    expect(page.get_by_role("button", name="4 – Hài lòng")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="5 – Rất hài lòng").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Trực tuyến").click()
    page.get_by_role("button", name="5 – Rất hài lòng").click()
    expect(page.locator("h1")).to_have_text("Ông/bà muốn góp ý thêm điều gì?")
    page.get_by_role("button", name="Bỏ qua").click()

    expect(body).to_have_attribute("data-kiosk-step", "finish")
    page.get_by_label("Mã hồ sơ trên giấy biên nhận (không bắt buộc)").fill("hs-2026/15")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(body).to_have_attribute("data-kiosk-step", "thanks")
    expect(page.get_by_text("Đã ghi nhận, cảm ơn ông/bà.")).to_be_visible()
    expect(body).to_have_attribute("data-kiosk-waiting", "0")
    with db_access():
        submission = SurveySubmission.objects.get(page=survey)
        assert submission.case_code == "HS-2026/15"
        answers = {
            a.question.text: (a.score, a.option_index) for a in SurveyAnswer.objects.filter(submission=submission)
        }
    assert answers == {
        "Thủ tục được niêm yết đầy đủ, dễ tìm": (5, None),
        "Ông/bà nộp hồ sơ theo cách nào?": (None, 1),
        "Cán bộ tiếp nhận lịch sự, tận tình": (5, None),
    }


def test_an_idle_survey_counts_down_and_resets(site, new_page):
    with db_access():
        survey = _sipas(site)
        _kiosk, token = _make_kiosk(site, survey_page=survey, idle_seconds=10)
    page = new_page()
    page.goto(f"/kiosk/{token}/")
    page.get_by_role("button", name="Bắt đầu").click()
    idle = page.locator(".kiosk__idle")
    expect(idle).to_contain_text("Màn hình trở về đầu sau", timeout=3_000)
    expect(page.locator("body")).to_have_attribute("data-kiosk-step", "start", timeout=15_000)


def test_the_kiosk_survey_works_without_javascript(site, new_page):
    from surveys.models import SurveySubmission

    with db_access():
        survey = _sipas(site)
        _kiosk, token = _make_kiosk(site, survey_page=survey)
    page = new_page(java_script_enabled=False)
    page.goto(f"/kiosk/{token}/")
    page.get_by_role("button", name="Bắt đầu").click()
    for label in ("3 – Bình thường", "Trực tiếp", "4 – Hài lòng"):
        page.get_by_label(label).check()
        page.get_by_role("button", name="Câu tiếp theo").click()
    page.get_by_role("button", name="Bỏ qua").click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận, cảm ơn ông/bà.")).to_be_visible()
    with db_access():
        assert SurveySubmission.objects.filter(page=survey).count() == 1


def test_a_receipt_qr_is_answered_once_on_a_phone(site, new_page, make_user):
    with db_access():
        poll = content.poll(unit=site.units["ward_a"])
        kiosk, _token = _make_kiosk(site, poll=poll, ask_case_code=True)
        make_user(WARD_EDITOR, site.units["ward_a"], username="bien_tap_a")
    staff = new_page()
    admin_login(staff, "bien_tap_a")
    staff.goto(f"/admin/surveys/kiosks/{kiosk.pk}/receipt/")
    staff.get_by_label("Mã hồ sơ").fill("HS-000.123")
    staff.get_by_role("button", name="Tạo mã QR").click()
    expect(staff.locator("svg.receipt-qr")).to_be_visible()
    url = staff.locator("code.receipt-url").inner_text()
    assert "/kiosk/receipt/" in url

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True)
    phone.goto(url)
    expect(phone.get_by_text("HS-000.123")).to_be_visible()
    phone.get_by_label("Hài lòng", exact=True).check()
    phone.get_by_role("button", name="Gửi câu trả lời").click()
    expect(phone.get_by_text("Đã ghi nhận, cảm ơn ông/bà.")).to_be_visible()
    assert_accessible(phone, "receipt answered on a phone")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    again = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    response = again.goto(url)
    assert response.status == 409
    expect(again.get_by_text("Hồ sơ này đã được đánh giá. Xin cảm ơn!")).to_be_visible()
    assert _ballots(poll) == 1


def test_results_per_counter_and_officer_only_for_the_right_roles(site, new_page, make_user):
    from surveys.kiosk.services import record_answer, start_duty

    with db_access():
        poll = content.poll(unit=site.units["ward_a"])
        kiosk, _token = _make_kiosk(site, poll=poll)
        clerk = make_user(None, site.units["ward_a"], username="mot_cua", first_name="Hoa", last_name="Trần Thị")
        editor = make_user(WARD_EDITOR, site.units["ward_a"], username="bien_tap_a")
        make_user(APPROVER, site.units["ward_a"], username="lanh_dao_a")
        make_user(APPROVER, site.units["ward_b"], username="lanh_dao_b")
        start_duty(counter=kiosk.counter, officer=clerk, user=editor, now=timezone.now() - timedelta(hours=1))
        for choice in list(poll.choices.all())[:2]:
            record_answer(
                kiosk=kiosk, client_id=uuid.uuid4(), answered_at=timezone.now(), data={"choice": str(choice.pk)}
            )

    leader = new_page()
    admin_login(leader, "lanh_dao_a")
    leader.goto("/admin/surveys/counters/results/")
    table = leader.locator("table.counter-results--officer").first
    row = table.locator("tbody tr").filter(has_text="Trần Thị Hoa")
    expect(row).to_contain_text("Quầy số 3")
    expect(row.locator("td").nth(3)).to_have_text("2")
    expect(row.locator("td").nth(4)).to_have_text("100%")

    other = new_page()
    admin_login(other, "lanh_dao_b")
    other.goto("/admin/surveys/counters/results/")
    expect(other.get_by_text("Trần Thị Hoa")).to_have_count(0)

    ward_editor = new_page()
    admin_login(ward_editor, "bien_tap_a")
    response = ward_editor.goto("/admin/surveys/counters/results/")
    assert response.status in (302, 403) or (
        "/admin/" in ward_editor.url and "Trần Thị Hoa" not in ward_editor.content()
    )
    ward_editor.goto("/admin/")
    expect(ward_editor.get_by_role("link", name="Đánh giá theo quầy")).to_have_count(0)

    citizen = new_page()
    citizen.goto("/admin/surveys/counters/results/")
    assert "/admin/login/" in citizen.url
