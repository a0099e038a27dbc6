"""The organisation pages and the English site in Chromium (issue #18 §4): a citizen on a 390 px phone
with the largest text reads the chart and a unit's contacts in both languages, switches language with
the links in the header, and an English-speaking browser still gets the Vietnamese site at /."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from organisation.models import UnitIndexPage, UnitPage, UnitPerson
from tests.organisation.conftest import translate

from .support import axe_violations, describe_violations, e2e_marks

pytestmark = e2e_marks

SHOTS = Path("/tmp/org-shots")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
LARGEST_STEP = 4


@pytest.fixture
def organisation(site):
    units = site.units
    index = site.home.add_child(
        instance=UnitIndexPage(
            title="Cơ cấu tổ chức",
            slug="co-cau-to-chuc",
            show_in_menus=True,
            intro="<p>Sơ đồ tổ chức và thông tin liên hệ của thành phố và các phường, xã.</p>",
        )
    )
    index.save_revision().publish()
    city = UnitPage(
        title="Ủy ban nhân dân Thành phố Hà Nội",
        slug="thanh-pho-ha-noi",
        unit=units["city"],
        functions="<p>Chỉ đạo công tác cải cách hành chính của các sở, ngành và các phường, xã.</p>",
        address="Số 12 Lê Lai, phường Hoàn Kiếm, Hà Nội",
        phone="024 0000 0101",
        email="dau-moi.cchc@demo.cchc.hanoi.gov.vn",
        office_hours="Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
        one_stop_location="Trung tâm Phục vụ hành chính công Thành phố",
        one_stop_hours="Sáng thứ Bảy: 8:00–12:00",
    )
    city.people = [
        UnitPerson(sort_order=1, role="leader", name="Nguyễn Văn Minh", title="Phó Chủ tịch Ủy ban nhân dân Thành phố"),
        UnitPerson(
            sort_order=2,
            role="focal",
            name="Trần Thị Hồng",
            title="Chuyên viên Sở Nội vụ",
            responsibility="Đầu mối thông tin, tuyên truyền cải cách hành chính",
            phone="024 0000 0102",
            email="dau-moi.cchc@demo.cchc.hanoi.gov.vn",
        ),
    ]
    index.add_child(instance=city)
    city.save_revision().publish()
    ward = UnitPage(title="Ủy ban nhân dân phường Tây Hồ", slug="phuong-tay-ho", unit=units["ward_a"])
    index.add_child(instance=ward)
    ward.save_revision().publish()
    english = Locale.objects.get_or_create(language_code="en")[0]
    translate(site.home, english, title="Administrative reform in Hanoi", intro="The reform portal, in English.")
    translate(index, english, title="Organisation and contacts", slug="organisation")
    translate(
        UnitPage.objects.get(pk=city.pk),
        english,
        title="Hanoi People's Committee",
        slug="hanoi",
        office_hours="Monday to Friday: 8:00–12:00 and 13:30–17:00",
        functions="<p>Directs the administrative reform work of the city departments, wards and communes.</p>",
    )
    return site


PAGES = {
    "org-chart": "/co-cau-to-chuc/",
    "org-unit": "/co-cau-to-chuc/thanh-pho-ha-noi/",
    "org-ward": "/co-cau-to-chuc/phuong-tay-ho/",
    "en-home": "/en/",
    "en-chart": "/en/organisation/",
    "en-unit": "/en/organisation/hanoi/",
    "en-contact": "/en/contact/",
    "vi-contact": "/thong-tin-lien-he/",
}


def test_pages_fit_a_phone_with_the_largest_text_and_pass_axe(organisation, new_page):
    page = new_page(bypass_csp=True, **PHONE)  # axe-core is injected inline, which the CSP refuses
    page.context.add_init_script(f"window.localStorage.setItem('textSize', '{LARGEST_STEP}')")
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for name, url in PAGES.items():
        response = page.goto(url)
        if response.status != 200:
            problems.append(f"{name}: HTTP {response.status}")
            continue
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > viewport:
            problems.append(f"{name}: {width} px wide on a {viewport} px screen")
        page.screenshot(path=SHOTS / f"phone-largest-{name}.png", full_page=True)
        violations = axe_violations(page)
        if violations:
            problems.append(f"{name}:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)


def test_citizen_switches_language_with_the_header_links(organisation, new_page):
    page = new_page(**PHONE)
    page.goto("/co-cau-to-chuc/thanh-pho-ha-noi/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    switcher = page.get_by_role("navigation", name="Ngôn ngữ")
    expect(switcher.get_by_role("link", name="Tiếng Việt")).to_have_attribute("aria-current", "page")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/organisation/hanoi/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hanoi People's Committee")
    expect(page.get_by_text("Office hours", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/co-cau-to-chuc/thanh-pho-ha-noi/$"))
    # A page without an English version offers no switch.
    page.goto("/co-cau-to-chuc/phuong-tay-ho/")
    expect(page.get_by_role("navigation", name="Ngôn ngữ")).to_have_count(0)


def test_an_english_browser_still_gets_the_vietnamese_site(organisation, new_page):
    page = new_page(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    response = page.goto("/")
    assert response.url.endswith("/") and "/en/" not in response.url  # no redirect
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Chuyển đến nội dung chính")).to_have_count(1)


def test_without_javascript_the_chart_is_a_readable_nested_list(organisation, new_page):
    page = new_page(java_script_enabled=False, **PHONE)
    page.goto("/co-cau-to-chuc/")
    chart = page.locator(".org-chart")
    expect(chart.get_by_role("heading", name="Sơ đồ tổ chức")).to_be_visible()
    expect(chart.get_by_role("heading", level=3, name="Ủy ban nhân dân Thành phố Hà Nội")).to_be_visible()
    ward = chart.get_by_role("link", name="Ủy ban nhân dân phường Tây Hồ")
    expect(ward).to_be_visible()
    ward.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ủy ban nhân dân phường Tây Hồ")
    expect(page.get_by_text("Trực thuộc")).to_be_visible()
