"""axe-core on the pages citizens use: no serious or critical violations (WCAG 2.1 A/AA rules)."""

import pytest

from . import content
from .support import assert_accessible, e2e_marks

pytestmark = e2e_marks


@pytest.fixture
def context(new_context):
    # axe-core is injected as an inline script, which the site's CSP (rightly) refuses.
    return new_context(bypass_csp=True)


@pytest.fixture
def public_content(site):
    """A little of everything the home page shows: news, today's bulletin, an open poll."""
    index = content.news_index(site.home)
    article = content.article(
        index,
        "Phường Tây Hồ trả kết quả thủ tục hành chính tại nhà",
        lead="Người dân không phải quay lại Bộ phận Một cửa để nhận kết quả.",
        body="Từ tháng 3, hồ sơ hộ tịch được trả qua bưu điện trong ngày.",
        units=[site.units["ward_a"]],
    )
    bulletin = content.published_bulletin(
        site.home,
        [
            ("Hà Nội cắt giảm 30% thủ tục hành chính cấp phường", "Danh mục thủ tục được cắt giảm."),
            ("Cải cách hành chính: trả kết quả hồ sơ tại nhà", "Kết quả được gửi qua bưu điện."),
        ],
    )
    poll = content.poll(unit=None)
    _kiosk, kiosk_token = content.kiosk(poll, site.units["ward_a"])
    return {"article": article, "bulletin": bulletin, "poll": poll, "kiosk_token": kiosk_token}


def _url(name: str, public_content) -> str:
    return {
        "home": "/",
        "article": public_content["article"].url,
        "bulletin": public_content["bulletin"].url,
        "poll vote page": f"/polls/{public_content['poll'].pk}/vote/",
        "poll results": f"/polls/{public_content['poll'].pk}/results/",
        "kiosk": f"/kiosk/{public_content['kiosk_token']}/",
    }[name]


@pytest.mark.parametrize("name", ["home", "article", "bulletin", "poll vote page", "poll results", "kiosk"])
def test_no_serious_accessibility_violations(name, public_content, page):
    response = page.goto(_url(name, public_content))
    assert response.status == 200, f"{name}: HTTP {response.status}"
    assert_accessible(page, name)


def test_no_serious_violations_on_a_small_phone_with_larger_text(public_content, new_page):
    """Mobile first: a 360 px wide phone, text two steps larger."""
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, bypass_csp=True)
    page.goto(public_content["article"].url)
    page.get_by_role("button", name="Danh mục").click()  # the text-size control is in the phone menu
    page.locator("[data-text-size=up]").click()
    page.locator("[data-text-size=up]").click()
    assert_accessible(page, "article on a phone, text +2")
    # Nothing wider than the screen: no sideways scrolling for the reader.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
