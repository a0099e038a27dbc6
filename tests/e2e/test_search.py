"""Search as a citizen on a phone (issue #16), in Debian's Chromium: 390 px with the largest text,
suggestions while typing as an ARIA combobox driven by the keyboard, and the type filter, date
filter and sort as plain links that work without JavaScript."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

from . import content
from .support import axe_violations, describe_violations, e2e_marks

pytestmark = e2e_marks

SHOTS = Path("/tmp/search-shots")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
LARGEST_STEP = 4


@pytest.fixture
def searchable(site):
    from sitesearch import vocabulary

    index = content.news_index(site.home)
    pages = [
        content.article(index, "Đăng ký thường trú trực tuyến qua VNeID", lead="Không phải đến Bộ phận Một cửa."),
        content.article(index, "Đăng ký tạm trú cho sinh viên", lead="Hướng dẫn TTHC mới.", days_ago=3),
        content.article(index, "Phường Láng công khai thủ tục hành chính", lead="Niêm yết tại trụ sở.", days_ago=40),
    ]
    for page in pages:  # the date search sorts and filters by: the article's own
        Page.objects.filter(pk=page.pk).update(first_published_at=page.published_at)
    content.glossary(site.home)
    vocabulary.rebuild()
    return pages


def _phone_page(new_page, javascript=True):
    page = new_page(**PHONE, java_script_enabled=javascript)
    page.context.add_init_script(f"window.localStorage.setItem('textSize', '{LARGEST_STEP}')")
    return page


def test_suggestions_are_a_keyboard_combobox_on_a_phone(new_page, searchable):
    SHOTS.mkdir(exist_ok=True)
    page = _phone_page(new_page)
    page.goto("/search/")
    field = page.get_by_role("combobox", name="Từ cần tìm (có dấu hoặc không dấu)")
    field.fill("dang k")
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=SHOTS / "suggestions-phone.png", full_page=True)
    field.press("ArrowDown")
    field.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    field.press("ArrowDown")  # wraps to the first
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    field.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
    field.press("ArrowDown")  # reopens the list on the first option
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    label = options.nth(0).inner_text().splitlines()[0]
    with page.expect_navigation():
        field.press("Enter")
    expect(page.locator("h1")).to_have_text(label)

    # axe-core is injected inline: a second visitor whose browser lets it past the CSP (the
    # combobox above ran under the site's own CSP).
    page = new_page(bypass_csp=True, **PHONE)
    page.context.add_init_script(f"window.localStorage.setItem('textSize', '{LARGEST_STEP}')")
    page.goto("/search/?q=thu+tuc+hanh+chinh")
    expect(page.locator(".search-result")).to_have_count(2)  # the title and "TTHC" in a lead
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("combobox").fill("thu t")
    expect(page.get_by_role("option").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.screenshot(path=SHOTS / "results-phone-largest-text.png", full_page=True)


def test_filters_and_sort_work_without_javascript(new_page, searchable):
    page = _phone_page(new_page, javascript=False)
    page.goto("/search/?q=dang+ky")
    expect(page.get_by_role("status").filter(has_text="kết quả")).to_contain_text("2 kết quả")
    page.get_by_role("link", name=re.compile(r"^Mới nhất")).click()
    expect(page).to_have_url(re.compile(r"sap-xep=moi-nhat"))
    titles = page.locator(".search-result__title")
    expect(titles.nth(0)).to_have_text("Đăng ký thường trú trực tuyến qua VNeID")
    page.get_by_role("link", name=re.compile(r"^7 ngày qua")).click()
    expect(page).to_have_url(re.compile(r"thoi-gian=7-ngay"))
    expect(page.locator(".search-result")).to_have_count(2)
    page.goto("/search/?q=thu+tuc+hanh+chinh")
    page.get_by_role("link", name=re.compile(r"^Tin \(2\)")).click()
    expect(page).to_have_url(re.compile(r"loai=tin"))
    expect(page.locator(".search-result__meta").first).to_contain_text("Tin")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "filters-no-js.png", full_page=True)
