"""An information officer (canbo.thongtin) at work on the press feeds in Chromium: "Lấy tin ngay"
on the database task backend (as `make run` has it) until the new items appear by themselves, and a
bulletin composed from the top items where a story carried by two outlets is marked and taken once."""

from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from bulletins.models import BulletinPage, BulletinSection, FeedItem, FeedSource, ItemStatus, KeywordRule
from campaign_site.access.roles import INFORMATION_OFFICER
from campaign_site.models import JobRun
from tests.bulletins.conftest import FeedServer, Reply

from . import content
from .server import db_access
from .support import admin_login, assert_accessible, e2e_marks

pytestmark = e2e_marks
SHOTS = Path("/tmp/feeds-shots")
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
FRESH = (
    ("Phường Tây Hồ trả kết quả thủ tục hành chính tại nhà", "Người dân không phải đến bộ phận một cửa."),
    ("Cải cách hành chính: 100% hồ sơ được số hoá", "Thành phố hoàn thành số hoá hồ sơ cấp phường."),
)


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def rules():
    section, _ = BulletinSection.objects.get_or_create(name="LĨNH VỰC CẢI CÁCH", defaults={"sort_order": 10})
    KeywordRule.objects.get_or_create(phrase="cải cách hành chính", defaults={"weight": 10, "section": section})
    KeywordRule.objects.get_or_create(phrase="thủ tục hành chính", defaults={"weight": 8, "section": section})
    return section


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_fetch_now_shows_progress_then_the_new_items(site, make_user, page, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.thongtin")
    content.bulletin_index(site.home)
    server = FeedServer()
    try:
        section = rules()
        FeedSource.objects.create(
            url=server.serve("/rss.xml", Reply(200, content.rss(list(FRESH)), RSS)),
            name="Báo Thử",
            credit_label="Baothu.vn",
            default_section=section,
            next_attempt_at=timezone.now() + timezone.timedelta(hours=2),  # not due: "ngay" means now
        )
        FeedSource.objects.create(
            url=server.serve("/hong.xml", Reply(500, b"")),
            name="Báo Hỏng",
            credit_label="Baohong.vn",
            last_error="HTTPConnectionPool(host=baohong.vn):_Max_retries_exceeded_" + "x" * 600,
            last_error_kind="unreachable",
            consecutive_failures=2,
        )
        JobRun.objects.all().delete()  # no worker has finished anything yet

        page.set_viewport_size({"width": 1280, "height": 900})
        admin_login(page, officer.username)
        page.goto("/admin/bulletins/inbox/")
        expect(page.locator("[data-no-worker]")).to_contain_text("Không có tiến trình nền nào đang chạy")
        # The failing source: a short reason; the long detail folded away and never widening the page.
        expect(page.get_by_text("Không kết nối được").first).to_be_visible()
        expect(page.get_by_text("HTTPConnectionPool").first).to_be_hidden()
        assert no_horizontal_scroll(page)
        shot(page, "inbox-no-worker")

        page.get_by_role("button", name="Lấy tin ngay").click()
        progress = page.locator(".bulletins-progress")
        expect(progress).to_contain_text("Không có tiến trình nền nào đang chạy")
        with db_access():  # a worker appears and finishes the heartbeat job, then takes the fetch
            JobRun.objects.create(name="campaign_site.publish_scheduled", last_finished_at=timezone.now())
        expect(progress).to_contain_text("Đang chờ tiến trình nền bắt đầu lấy tin…")
        expect(page.get_by_text("READY")).to_have_count(0)
        shot(page, "inbox-waiting")
        with db_access():
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
        # No reload by hand: the page follows the task and shows the new items.
        expect(page.get_by_text("Đã lấy tin từ 2 nguồn: 2 tin mới, 1 nguồn lỗi.")).to_be_visible()
        for title, _summary in FRESH:
            expect(page.locator("label strong", has_text=title)).to_be_visible()
        expect(progress).to_have_count(0)
        shot(page, "inbox-fetched")

        page.goto("/admin/bulletins/health/")
        expect(page.get_by_text("Máy chủ trả lỗi 500")).to_be_visible()
        page.get_by_text("Chi tiết kỹ thuật").first.click()
        expect(page.get_by_text("(Internal Server Error)", exact=False).first).to_be_visible()
        shot(page, "health")
        assert no_horizontal_scroll(page)
        # At a desktop width the whole table fits, its last column ("Lấy ngay") included.
        button = page.get_by_role("button", name="Lấy ngay Báo Hỏng").bounding_box()
        region = page.locator(".bulletins-table-scroll").bounding_box()
        assert button["x"] + button["width"] <= min(region["x"] + region["width"], 1280), (button, region)
        assert_accessible(page, "the source health page")
    finally:
        server.close()


STORY = "Hà Nội cắt giảm 30% thủ tục hành chính cấp phường"
OTHER = "Cải cách hành chính: trả kết quả hồ sơ tại nhà"


def test_compose_a_bulletin_where_duplicates_are_marked(site, make_user, page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.thongtin")
    content.bulletin_index(site.home)
    # One publication time for both outlets: a twin stamped a second later would rank first.
    when = timezone.now()
    first = content.press_items(
        [(STORY, "Thành phố công bố danh mục thủ tục được cắt giảm."), (OTHER, "Qua bưu điện.")], when=when
    )
    section = BulletinSection.objects.get()
    twin_source = FeedSource.objects.create(
        url="https://baokhac.vn/rss.xml", name="Báo Khác", credit_label="Baokhac.vn", default_section=section
    )
    from bulletins.services import ingest_feed_bytes

    body = content.rss([(STORY + "!", "Cùng một tin, báo khác đưa lại.")], when=when).replace(b"bt-1", b"bk-1")
    ingest_feed_bytes(twin_source, body.replace(b"baothu.vn/bai", b"baokhac.vn/bai"))
    twin = FeedItem.objects.get(source=twin_source)
    assert twin.story_lead_id == first[0].pk

    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login(page, officer.username)
    page.goto("/admin/bulletins/inbox/")
    expect(page.get_by_text("Cùng nội dung với Baothu.vn")).to_be_visible()  # the duplicate is marked
    page.locator("summary", has_text="Xem trước trong bản tin").first.click()
    today = timezone.localdate()
    expect(page.get_by_text(f"(Baothu.vn {today.day}/{today.month})").first).to_be_visible()
    shot(page, "inbox-duplicates")
    assert_accessible(page, "the press inbox")

    page.get_by_role("button", name="Soạn từ các tin điểm cao").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    with db_access():
        bulletin = BulletinPage.objects.get(date=today)
        headings = [item.heading for item in bulletin.get_latest_revision_as_object().items.all()]
        assert sorted(headings) == sorted([STORY, OTHER])  # the story once, from its first outlet
        assert FeedItem.objects.get(pk=twin.pk).status == ItemStatus.COVERED

    page.goto("/admin/bulletins/inbox/?status=all")
    row = page.locator("tr", has_text=STORY + "!")
    expect(row).to_contain_text("Đã có tin cùng nội dung trong bản tin")
    shot(page, "inbox-covered")
