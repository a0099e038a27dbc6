"""Reading news in a real browser: text size that sticks, accent-free search, rating without a reload."""

import re

from playwright.sync_api import expect

from . import content
from .server import db_access
from .support import e2e_marks

pytestmark = e2e_marks


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def test_read_article_and_larger_text_persists_after_reload(site, page):
    index = content.news_index(site.home)
    article = content.article(
        index,
        "Phường Tây Hồ giảm một nửa thời gian chờ tại Bộ phận Một cửa",
        lead="Người dân chờ trung bình 12 phút thay vì 25 phút như năm trước.",
        units=[site.units["ward_a"]],
    )
    page.goto(article.url)
    expect(page.locator("h1")).to_have_text(article.title)
    expect(page.locator(".lead")).to_have_text(article.lead)
    before = font_px(page, ".lead")

    page.locator("[data-text-size=up]").click()
    assert font_px(page, ".lead") > before
    page.reload()
    # Applied again from the saved choice (before first paint, by text-size-early.js).
    assert font_px(page, ".lead") > before
    assert page.evaluate("localStorage.getItem('textSize')") == "1"
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--text-step').trim()") == "1"

    page.locator("[data-text-size=reset]").click()
    assert font_px(page, ".lead") == before


def test_search_without_accents_finds_the_accented_article(site, page):
    index = content.news_index(site.home)
    wanted = content.article(
        index,
        "Đẩy mạnh cải cách thủ tục hành chính ở phường Tây Hồ",
        lead="Thủ tục đăng ký hộ tịch được giải quyết trong ngày.",
    )
    content.article(index, "Khai trương thư viện số", lead="Bạn đọc mượn sách điện tử miễn phí.")
    page.goto("/")
    page.get_by_label("Tìm kiếm trên trang").fill("cai cach thu tuc")
    page.get_by_label("Tìm kiếm trên trang").press("Enter")
    page.wait_for_url("**/search/?q=cai+cach+thu+tuc*")
    results = page.locator("main")
    expect(results.get_by_role("link", name=wanted.title)).to_be_visible()
    expect(results.get_by_text("Khai trương thư viện số")).to_have_count(0)


def test_rate_article_with_javascript_updates_the_count_without_reload(site, page):
    index = content.news_index(site.home)
    article = content.article(index, "Một cửa điện tử ở phường Ba Đình", lead="Hồ sơ nộp trực tuyến tăng gấp đôi.")
    page.goto(article.url)
    rating = page.locator("#rating")
    expect(rating.locator("[data-rating-summary]")).to_have_text("Chưa có đánh giá nào. Hãy là người đầu tiên!")
    page.evaluate("window.__sameDocument = true")

    rating.locator("label[for=stars-4]").click()
    rating.get_by_role("button", name="Gửi đánh giá").click()
    expect(rating.locator("[data-rating-status]")).to_have_text("Xin cảm ơn! Đánh giá của bạn đã được ghi nhận.")
    expect(rating.locator("[data-rating-summary]")).to_have_text(
        re.compile(r"^Trung bình 4(,0)?/5 từ 1 lượt đánh giá$")
    )
    expect(rating.locator("form")).to_be_hidden()
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded"
    with db_access():
        from news.models import Rating

        assert list(Rating.objects.filter(page=article).values_list("stars", flat=True)) == [4]
