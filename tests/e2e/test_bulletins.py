"""An information officer composes today's bulletin in the Wagtail admin: picks press items from the
inbox into it, publishes it, and citizens read it."""

from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from bulletins.models import BulletinPage, FeedItem, ItemStatus
from campaign_site.access.roles import INFORMATION_OFFICER

from . import content
from .server import db_access
from .support import admin_login, e2e_marks

pytestmark = e2e_marks

PICKED = (
    "Hà Nội cắt giảm 30% thủ tục hành chính cấp phường",
    "Cải cách hành chính: trả kết quả hồ sơ tại nhà",
)
LEFT = "Cải cách hành chính trong lĩnh vực đất đai được đẩy nhanh"


def test_officer_picks_inbox_items_into_todays_bulletin_and_publishes_it(site, make_user, page, new_page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"], username="canbo.thongtin")
    index = content.bulletin_index(site.home)
    content.press_items(
        [
            (PICKED[0], "Thành phố công bố danh mục thủ tục hành chính được cắt giảm."),
            (PICKED[1], "Người dân nhận kết quả cải cách hành chính qua bưu điện."),
            (LEFT, "Thời gian cấp giấy chứng nhận rút ngắn còn 10 ngày."),
        ]
    )
    today = timezone.localdate()

    admin_login(page, officer.username)
    page.goto("/admin/bulletins/inbox/")
    for title in PICKED:
        page.get_by_label(f"Chọn “{title}”").check()
    page.get_by_role("button", name="Đưa vào bản tin").click()
    expect(page.get_by_text("Đã đưa 2 tin vào")).to_be_visible()
    with db_access():
        bulletin = BulletinPage.objects.get(date=today)
        assert not bulletin.live
        assert set(FeedItem.objects.filter(status=ItemStatus.PICKED).values_list("title", flat=True)) == set(PICKED)

    page.get_by_role("link", name="Sửa bản tin").first.click()
    page.wait_for_url(f"**/admin/pages/{bulletin.pk}/edit/")
    # "Publish" sits in the footer's "more actions" menu.
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("button[name=action-publish]").click()
    # Published, Wagtail goes back to the parent's listing; a refused form stays on the editor.
    try:
        page.wait_for_url(f"**/admin/pages/{index.pk}/")
    except PlaywrightTimeoutError:
        errors = page.locator(".error-message").all_inner_texts()
        raise AssertionError(f"the editor refused to publish the bulletin: {errors}") from None
    with db_access():
        bulletin.refresh_from_db()
        assert bulletin.live
        url = bulletin.url

    reader = new_page(page.context)
    reader.goto(url)
    expect(reader.locator("h1")).to_contain_text(today.strftime("%-d/%-m/%Y"))
    for title in PICKED:
        expect(reader.get_by_role("heading", name=title)).to_be_visible()
    expect(reader.get_by_text(LEFT)).to_have_count(0)
