"""Dates are typed and shown day first in a browser set to English (issue 15, item 12).

Chromium shows its own <input type="date"> month first in an English browser whatever the page's
lang says, so the public date picker is a day-first text input, and the admin's date widgets show
and take WAGTAIL_DATETIME_FORMAT (05/03/2026 09:00).
"""

import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from campaign_site.access.roles import INFORMATION_OFFICER
from news.models import NewsArticlePage

from . import content
from .server import db_access
from .support import admin_login, e2e_marks

pytestmark = e2e_marks
SHOTS = Path("/tmp/adminvi-shots")
ENGLISH_BROWSER = {"locale": "en-US", "timezone_id": "Asia/Ho_Chi_Minh"}


def test_the_public_date_picker_takes_a_day_first_date_in_an_english_browser(site, new_page):
    index = content.news_index(site.home)
    article = content.article(index, "Một cửa phường trả kết quả sớm", lead="Trả kết quả sớm hơn hẹn.")
    page = new_page(**ENGLISH_BROWSER, viewport={"width": 390, "height": 844})
    page.goto(article.url)
    picker = page.get_by_label("Tìm theo ngày")
    expect(picker).to_have_attribute("type", "text")
    expect(picker).to_have_attribute("placeholder", "nn/tt/nnnn")
    picker.fill("05/03/2026")  # 5 March, never 3 May
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dates-public-picker-en-US.png"))
    picker.press("Enter")
    page.wait_for_url(f"**{index.url}2026/03/05/")


def test_the_admin_date_widget_is_day_first_in_an_english_browser(site, make_user, new_page):
    officer = make_user(INFORMATION_OFFICER, site.units["city"])
    index = content.news_index(site.home)
    article = content.article(index, "Tin về giờ làm việc của Bộ phận Một cửa", lead="Giờ làm việc mới.")
    with db_access():
        NewsArticlePage.objects.filter(pk=article.pk).update(
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 21, 8, 30))
        )
    page = new_page(**ENGLISH_BROWSER)
    admin_login(page, officer.username)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    field = page.locator("#id_published_at")
    expect(field).to_have_value(re.compile(r"^21/11/2026 08:30$"))

    field.fill("05/03/2026 09:00")
    page.locator("footer").get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật trang")
    with db_access():
        draft = NewsArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
        moment = timezone.localtime(draft.published_at)
    assert (moment.day, moment.month, moment.hour, moment.minute) == (5, 3, 9, 0)
