"""The cached header and footer (campaign_site/templatetags/site_tags.py, base.html): a SiteIdentity
edit and a menu change show at once, the current section is marked per page, the search query is
never cached, previews render live, and a warm page never reads the SiteIdentity row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from campaign_site.models import SiteIdentity, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    page = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def _html(client, path, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') : html.index("</footer>", html.index("site-footer"))]


def _identity():
    return SiteIdentity.for_site(Site.objects.get(is_default_site=True))


def test_a_site_identity_edit_shows_at_once(client, about, django_capture_on_commit_callbacks):
    html = _html(client, "/gioi-thieu/")
    _html(client, "/gioi-thieu/")  # from the cache
    assert "Ủy ban nhân dân Thành phố Hà Nội" in _header(html)
    identity = _identity()
    identity.site_name = "Cổng cải cách phường Tây Hồ"
    identity.governing_body = "Ủy ban nhân dân phường Tây Hồ"
    identity.phone = "024 3823 0000"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    html = _html(client, "/gioi-thieu/")
    assert "<title>Giới thiệu | Cổng cải cách phường Tây Hồ</title>" in html
    assert "Ủy ban nhân dân phường Tây Hồ" in _header(html) and "Thành phố Hà Nội" not in _header(html)
    assert "Cổng cải cách phường Tây Hồ" in _footer(html) and "024 3823 0000" in _footer(html)
    home = _html(client, "/")
    assert "Cổng cải cách phường Tây Hồ" in home[home.index("<title>") : home.index("</title>")]


def test_the_shell_is_cached_until_something_it_shows_changes(client, about):
    _html(client, "/gioi-thieu/")
    SiteIdentity.objects.update(governing_body="Sửa thẳng trong cơ sở dữ liệu")  # no signal: nothing knows
    html = _html(client, "/gioi-thieu/")
    assert "Sửa thẳng trong cơ sở dữ liệu" not in html  # so the header and footer came from the cache
    identity = _identity()
    identity.save()  # what the admin does
    assert "Sửa thẳng trong cơ sở dữ liệu" in _header(_html(client, "/gioi-thieu/"))


def test_a_menu_change_shows_at_once(client, about, django_capture_on_commit_callbacks):
    assert 'href="/gioi-thieu/" aria-current="page">Giới thiệu</a>' in _header(_html(client, "/gioi-thieu/"))
    with django_capture_on_commit_callbacks(execute=True):
        contact = about.get_parent().add_child(
            instance=StandardPage(title="Liên hệ", slug="lien-he", show_in_menus=True)
        )
        contact.save_revision().publish()
    header = _header(_html(client, "/gioi-thieu/"))
    assert 'href="/lien-he/">Liên hệ</a>' in header
    page = StandardPage.objects.get(pk=about.pk)
    page.title = "Về chúng tôi"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    header = _header(_html(client, "/lien-he/"))
    assert 'href="/gioi-thieu/">Về chúng tôi</a>' in header and "Giới thiệu" not in header


def test_the_current_section_is_marked_on_its_own_pages_only(client, about):
    child = about.add_child(instance=StandardPage(title="Lịch sử", slug="lich-su"))
    child.save_revision().publish()
    for _ in range(2):  # computed, then from the cache
        assert 'href="/gioi-thieu/" aria-current="page"' in _header(_html(client, "/gioi-thieu/"))
        assert 'href="/gioi-thieu/" aria-current="page"' in _header(_html(client, "/gioi-thieu/lich-su/"))
        home = _header(_html(client, "/"))
        assert 'href="/" aria-current="page"' in home and 'href="/gioi-thieu/" aria-current' not in home
        not_found = _header(client.get("/khong-co-trang-nay/").content.decode())
        assert "aria-current" not in not_found


def test_the_search_query_is_shown_and_never_cached(client, about):
    _html(client, "/gioi-thieu/")
    assert 'value="thu tuc"' in _header(_html(client, "/search/", q="thu tuc"))
    assert 'value="ho so"' in _header(_html(client, "/search/", q="ho so"))
    assert 'value=""' in _header(_html(client, "/gioi-thieu/"))


def test_a_preview_renders_the_shell_live(client, about):
    _html(client, "/gioi-thieu/")
    SiteIdentity.objects.update(governing_body="Chưa lưu qua trang quản trị")  # the cache does not know
    assert "Chưa lưu qua trang quản trị" not in _html(client, "/gioi-thieu/")
    draft = StandardPage.objects.get(pk=about.pk)
    draft.title = "Bản nháp giới thiệu"
    preview = draft.make_preview_request().content.decode()
    assert "Chưa lưu qua trang quản trị" in preview  # neither read from the cache...
    assert "Chưa lưu qua trang quản trị" not in _html(client, "/gioi-thieu/")  # ...nor written to it


def test_a_warm_page_never_reads_the_site_identity(client, about):
    _html(client, "/gioi-thieu/")
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, "/gioi-thieu/")
    assert "Ủy ban nhân dân Thành phố Hà Nội" in html
    assert not [q for q in queries.captured_queries if "siteidentity" in q["sql"]]
