"""The public shell: landmarks, skip link, text-size control, menu, Vietnamese error pages."""

import pytest
from django.test import override_settings

from campaign_site.models import StandardPage


@pytest.fixture
def about(home):
    page = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    page.save_revision().publish()
    return page


def test_home_page_has_landmarks_and_skip_link(client, home):
    html = client.get("/").content.decode()
    assert '<html lang="vi"' in html
    assert '<a class="skip-link" href="#main">Chuyển đến nội dung chính</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_text_size_control_is_labelled_buttons(client, home):
    html = client.get("/").content.decode()
    assert 'role="group" aria-label="Cỡ chữ"' in html
    # The accessible name starts with the visible letters (WCAG 2.5.3), then says what it does.
    assert 'data-text-size="down">A-<span class="visually-hidden"> Chữ nhỏ hơn</span></button>' in html
    assert 'data-text-size="reset">A<span class="visually-hidden"> Cỡ chữ mặc định</span></button>' in html
    assert 'data-text-size="up">A+<span class="visually-hidden"> Chữ to hơn</span></button>' in html


def test_no_third_party_assets(client, home):
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<body")[0]  # nothing loaded from elsewhere in <head>
    assert "cdn" not in html.lower()


def test_menu_lists_pages_and_marks_current(client, about):
    html = client.get("/gioi-thieu/").content.decode()
    assert 'href="/gioi-thieu/" aria-current="page">Giới thiệu</a>' in html


def test_404_in_vietnamese(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_in_vietnamese(rf):
    from campaign_site.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_site_identity_in_footer(client, home):
    from wagtail.models import Site

    from campaign_site.models import SiteIdentity

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.governing_body = "Ủy ban nhân dân phường Tây Hồ"
    identity.email = "lienhe@tayho.example.vn"
    identity.save()
    html = client.get("/").content.decode()
    assert "Ủy ban nhân dân phường Tây Hồ" in html
    assert "mailto:lienhe@tayho.example.vn" in html


@pytest.mark.django_db(transaction=False)
def test_menu_is_cached_and_refreshed_when_a_section_is_published(client, about, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    client.get("/")  # fills the menu cache
    page = about.get_parent().add_child(instance=StandardPage(title="Liên hệ", slug="lien-he", show_in_menus=True))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/lien-he/">Liên hệ</a>' in html
    assert 'href="/gioi-thieu/">Giới thiệu</a>' in html


def test_menu_costs_no_query_once_cached(client, about, django_assert_max_num_queries):
    from django.core.cache import cache

    from campaign_site.menu import menu_entries

    cache.clear()
    site = about.get_site()
    first = menu_entries(site)
    with django_assert_max_num_queries(0):
        assert menu_entries(site) == first
