"""The English site under /en/ (Wagtail localisation): Vietnamese stays the default at / whatever the
browser asks for, English pages render English chrome, translations are linked both ways (language
switcher, hreflang, sitemap), and the English tree is edited by city-wide officers only."""

import re

import pytest

from campaign_site.access.roles import APPROVER, INFORMATION_OFFICER, WARD_EDITOR, ensure_roles
from tests.organisation.conftest import translate

pytestmark = pytest.mark.django_db


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr", "en", ""])
def test_vietnamese_stays_the_default_whatever_the_browser_asks(client, english_site, accept):
    response = client.get("/co-cau-to-chuc/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200  # never a redirect to /en/
    html = response.content.decode()
    assert '<html lang="vi"' in html and "Skip to main content" not in html
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Content-Language"] == "vi"


def test_english_pages_render_english_chrome(client, english_site):
    response = client.get("/en/organisation/hanoi/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and response["Content-Language"] == "en"
    assert "Skip to main content" in html and "Office hours" in html and "Mon–Fri 8:00–17:00" in html
    assert "Giờ làm việc" not in html and "Trang chủ" not in html
    # The breadcrumb, the brand and the menu lead to the English home and the English sections.
    assert 'class="site-brand" href="/en/"' in html
    assert '<a href="/en/organisation/">Organisation</a>' in html
    assert "Cơ cấu tổ chức" not in html  # no Vietnamese section in the English menu
    # The brand and the <title> name the site by the English home page's title.
    assert '<span class="site-brand__name">Administrative reform</span>' in html
    assert "<title>Hanoi People&#x27;s Committee | Administrative reform</title>" in html
    vi = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/").content.decode()
    assert "Administrative reform" not in vi


def test_translated_pages_link_each_other_with_hreflang_and_a_switcher(client, english_site):
    vi = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/").content.decode()
    en = client.get("/en/organisation/hanoi/").content.decode()
    for html in (vi, en):
        assert _alternates(html) == {
            "vi": "http://testserver/co-cau-to-chuc/thanh-pho-ha-noi/",
            "x-default": "http://testserver/co-cau-to-chuc/thanh-pho-ha-noi/",
            "en": "http://testserver/en/organisation/hanoi/",
        }
    switcher = vi.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/en/organisation/hanoi/" hreflang="en" lang="en">English</a>' in switcher
    assert 'aria-current="page" lang="vi">Tiếng Việt</a>' in switcher
    assert vi.split('class="language-switcher"')[1].startswith(' aria-label="Ngôn ngữ"')
    assert en.split('class="language-switcher"')[1].startswith(' aria-label="Languages"')


def test_no_switcher_or_hreflang_where_there_is_no_translation(client, english_site):
    html = client.get("/co-cau-to-chuc/phuong-tay-ho/").content.decode()  # ward A: Vietnamese only
    assert "language-switcher" not in html and not _alternates(html)


def test_a_draft_translation_is_not_offered(client, english_site):
    english_site["city"].unpublish()
    html = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/").content.decode()
    assert "language-switcher" not in html and not _alternates(html)
    assert client.get("/en/organisation/hanoi/").status_code == 404


def test_vietnamese_addresses_are_unchanged_and_english_lives_under_en(client, english_site):
    assert client.get("/").status_code == 200
    assert client.get("/co-cau-to-chuc/").status_code == 200
    assert client.get("/thong-tin-lien-he/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/en/contact/").status_code == 200
    assert client.get("/en/co-cau-to-chuc/").status_code == 404  # English pages have English slugs
    assert client.get("/vi/co-cau-to-chuc/").status_code == 404  # no second address for Vietnamese


def test_english_home_shows_its_introduction_and_sections_not_vietnamese_news(client, english_site):
    html = client.get("/en/").content.decode()
    assert "The reform portal in English." in html
    assert '<a href="/en/organisation/">Organisation</a>' in html
    assert "News, bulletins, plans and polls are published in Vietnamese." in html
    assert 'href="/en/contact/"' in html


def test_contact_page_in_both_languages(client, english_site):
    vi = client.get("/thong-tin-lien-he/").content.decode()
    en = client.get("/en/contact/").content.decode()
    assert "<h1>Liên hệ</h1>" in vi and "<h1>Contact</h1>" in en
    assert _alternates(en)["vi"] == "http://testserver/thong-tin-lien-he/"
    assert _alternates(vi)["en"] == "http://testserver/en/contact/"
    # The organisation's box, in each language, with the way to every unit's contacts.
    assert 'href="/co-cau-to-chuc/"' in vi and "Trung tâm Phục vụ hành chính công" in vi
    assert 'href="/en/organisation/"' in en and "Mon–Fri 8:00–17:00" in en
    assert "Organisation chart, leaders and contacts of every unit" in en


def test_sitemap_lists_both_languages_with_alternates(client, english_site):
    xml = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert (
        "http://testserver/en/organisation/hanoi/" in locs
        and "http://testserver/co-cau-to-chuc/thanh-pho-ha-noi/" in locs
    )
    assert "http://testserver/co-cau-to-chuc/phuong-tay-ho/" in locs
    entry = xml.split("<loc>http://testserver/en/organisation/hanoi/</loc>")[1].split("</url>")[0]
    assert 'hreflang="vi" href="http://testserver/co-cau-to-chuc/thanh-pho-ha-noi/"' in entry
    ward = xml.split("<loc>http://testserver/co-cau-to-chuc/phuong-tay-ho/</loc>")[1].split("</url>")[0]
    assert "hreflang" not in ward


def test_page_cache_keeps_the_languages_apart(client, english_site, settings):
    from wagtail.models import Site

    from campaign_site.models import SiteIdentity

    settings.PAGE_CACHE_ENABLED = True
    SiteIdentity.for_site(Site.objects.get(is_default_site=True))  # a first render would create it
    first_vi = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/")
    first_en = client.get("/en/organisation/hanoi/")
    again_vi = client.get("/co-cau-to-chuc/thanh-pho-ha-noi/", HTTP_ACCEPT_LANGUAGE="en")
    again_en = client.get("/en/organisation/hanoi/", HTTP_ACCEPT_LANGUAGE="vi")
    assert first_vi.get("X-Cache") == "MISS" and again_vi.get("X-Cache") == "HIT"
    assert again_en.get("X-Cache") == "HIT"
    assert again_vi.content == first_vi.content and again_en.content == first_en.content
    assert b'lang="vi"' in again_vi.content and b'lang="en"' in again_en.content


def test_english_tree_is_edited_by_city_wide_officers_only(home, english_site, organisation, make_user, units):
    ensure_roles(root_page=home)  # the home page, and its translations for the city-wide roles
    ward_editor = make_user(WARD_EDITOR, units["ward_a"])
    officer = make_user(INFORMATION_OFFICER, units["city"])
    approver = make_user(APPROVER, units["city"])
    city_en = english_site["city"]
    assert officer.has_perm("simple_translation.submit_translation")
    assert not ward_editor.has_perm("simple_translation.submit_translation")
    assert city_en.permissions_for_user(officer).can_edit()
    assert city_en.permissions_for_user(approver).can_publish()
    assert not english_site["index"].permissions_for_user(ward_editor).can_add_subpage()
    assert not city_en.permissions_for_user(ward_editor).can_edit()
    # English pages go through the same approval workflow as Vietnamese ones.
    assert english_site["home"].get_workflow() == home.get_workflow() is not None


def test_ward_editor_cannot_edit_the_english_page_of_their_own_ward(
    home, english_site, organisation, make_user, units, english
):
    ward_en = translate(organisation["ward"], english, title="Tay Ho Ward", slug="tay-ho-ward")
    ensure_roles(root_page=home)
    ward_editor = make_user(WARD_EDITOR, units["ward_a"])
    assert organisation["ward"].permissions_for_user(ward_editor).can_edit()
    assert not ward_en.permissions_for_user(ward_editor).can_edit()
    assert not ward_en.permissions_for_user(ward_editor).can_publish()


def test_english_copy_of_a_unit_page_is_its_own_row(english_site, organisation):
    city_en = english_site["city"]
    assert city_en.unit_id == organisation["city"].unit_id
    assert city_en.unit_locale != organisation["city"].unit_locale
    assert city_en.translation_key == organisation["city"].translation_key
    assert [p.name for p in city_en.people.all()] == ["Nguyễn Văn Minh", "Trần Thị Hồng"]


def test_officer_translates_a_unit_page_into_the_english_tree_and_a_ward_editor_cannot(
    client, home, english_site, organisation, make_user, units, english
):
    ensure_roles(root_page=home)
    ward = organisation["ward"]
    url = f"/admin/translation/submit/page/{ward.pk}/"
    editor = make_user(WARD_EDITOR, units["ward_a"])
    client.force_login(editor)
    assert client.post(url, {"locales": [english.pk]}).status_code in (302, 403)
    assert ward.get_translation_or_none(english) is None  # refused: nothing copied

    officer = make_user(INFORMATION_OFFICER, units["city"])
    client.force_login(officer)
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    copy = ward.get_translation(english).specific
    assert copy.get_parent().pk == english_site["index"].pk  # under the English index
    assert not copy.live  # a draft, to be rewritten in English and sent for approval
    assert copy.unit_id == ward.unit_id and copy.unit_locale == f"{ward.unit_id}:{english.pk}"


def test_translating_the_home_page_opens_the_english_tree_to_city_wide_officers(
    client, home, roles, make_user, units, english
):
    officer = make_user(INFORMATION_OFFICER, units["city"])
    editor = make_user(WARD_EDITOR, units["ward_a"])
    client.force_login(officer)
    assert client.post(f"/admin/translation/submit/page/{home.pk}/", {"locales": [english.pk]}).status_code == 302
    home_en = home.get_translation(english)
    assert home_en.get_parent().is_root()  # a sibling of the Vietnamese home, served at /en/
    assert home_en.permissions_for_user(officer).can_edit()
    assert home_en.permissions_for_user(officer).can_add_subpage()
    assert not home_en.permissions_for_user(editor).can_edit()
    assert home_en.get_workflow() == home.get_workflow() is not None
