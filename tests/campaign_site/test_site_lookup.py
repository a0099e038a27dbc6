"""The request's Wagtail Site comes from a per-process memo that every site or root-page change clears."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from campaign_site import site_lookup
from campaign_site.models import HomePage, StandardPage


def get(client, url="/", **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["wagtailcore_site", "campaign_site_homepage", "wagtailcore_locale"])
def test_a_warm_request_reads_no_site_home_or_locale_row(client, home, table):
    client.get("/")
    response, queries = get(client)
    assert response.status_code == 200
    assert not any(f'FROM "{table}"' in sql for sql in queries)


@pytest.mark.django_db
def test_publishing_the_home_page_shows_at_once(client, home):
    client.get("/")
    home.intro = "Chào mừng đến Cổng cải cách hành chính"
    home.save_revision().publish()
    assert "Chào mừng đến Cổng cải cách hành chính" in client.get("/").content.decode()
    home.refresh_from_db()
    home.unpublish()
    assert client.get("/").status_code == 404


@pytest.mark.django_db
def test_a_new_site_and_a_new_root_are_found_at_once(client, home, settings):
    settings.ALLOWED_HOSTS = ["testserver", "phuong.example.vn"]
    client.get("/", HTTP_HOST="phuong.example.vn")  # the default site answers, and is remembered
    ward_home = home.get_parent().add_child(instance=HomePage(title="Cổng phường", slug="cong-phuong"))
    ward_home.save_revision().publish()
    Site.objects.create(hostname="phuong.example.vn", port=80, root_page=ward_home, site_name="Phường")
    response = client.get("/", HTTP_HOST="phuong.example.vn")
    assert response.context["page"].pk == ward_home.pk

    # The default site moved to another root.
    intro = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    intro.save_revision().publish()
    site = Site.objects.get(hostname="testserver")
    site.root_page = intro
    site.save()
    assert client.get("/").context["page"].pk == intro.pk


@pytest.mark.django_db
def test_a_deleted_site_is_forgotten(client, home):
    assert client.get("/").status_code == 200
    Site.objects.all().delete()
    assert client.get("/").status_code == 404


@pytest.mark.django_db
def test_each_request_gets_its_own_site_instance(rf, home):
    first, second = site_lookup.find_site(rf.get("/")), site_lookup.find_site(rf.get("/"))
    assert first.pk == second.pk == Site.objects.get().pk
    assert first is not second and first.root_page is not second.root_page
    assert first.root_page.specific.pk == home.pk


@pytest.mark.django_db
def test_junk_hosts_do_not_grow_the_memo(rf, home, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for n in range(site_lookup.MAX_HOSTS + 20):
        assert site_lookup.find_site(rf.get("/", HTTP_HOST=f"junk{n}.example")).pk == Site.objects.get().pk
    assert len(site_lookup._memo) <= site_lookup.MAX_HOSTS


@pytest.mark.django_db
def test_sections_route_from_the_memo_and_follow_every_change(client, home):
    section = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", lead="Bản cũ"))
    section.save_revision().publish()
    assert client.get("/gioi-thieu/").status_code == 200
    response, queries = get(client, "/gioi-thieu/")
    assert "Bản cũ" in response.content.decode()
    assert not any('FROM "campaign_site_standardpage"' in sql for sql in queries)

    section.lead = "Bản mới"
    section.save_revision().publish()
    assert "Bản mới" in client.get("/gioi-thieu/").content.decode()
    draft = home.add_child(instance=StandardPage(title="Sắp đăng", slug="sap-dang", live=False))
    assert client.get("/sap-dang/").status_code == 404  # a known child that is not live
    draft.save_revision().publish()
    assert client.get("/sap-dang/").status_code == 200
    section.refresh_from_db()
    section.unpublish()
    assert client.get("/gioi-thieu/").status_code == 404
    assert client.get("/khong-co/").status_code == 404

    # A child page of a section moved to the top level is routed there at once.
    inner = draft.add_child(instance=StandardPage(title="Trang con", slug="trang-con"))
    inner.save_revision().publish()
    assert client.get("/sap-dang/trang-con/").status_code == 200
    inner.move(home, pos="last-child")
    assert client.get("/trang-con/").status_code == 200
    old_address = client.get("/sap-dang/trang-con/")  # Wagtail's automatic redirect to the new place
    assert old_address.status_code == 301 and old_address["Location"].endswith("/trang-con/")


@pytest.mark.django_db
def test_a_database_error_in_the_lookup_leaves_it_to_wagtail(client, home, monkeypatch):
    """No 500 from the middleware: Wagtail looks the site up inside the view, where a database that
    is really gone becomes the 503 page (tests/campaign_site/test_health.py, tests/ops)."""
    from django.db import OperationalError

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(site_lookup, "_site_for", lost)
    site_lookup.forget_sites()  # the memo is empty: the lookup reaches the database
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].pk == home.pk


@pytest.mark.django_db
def test_the_active_locale_follows_a_new_locale_at_once(home, settings):
    from django.utils import translation
    from wagtail.models import Locale

    Locale.objects.filter(language_code="en").delete()
    with translation.override("en"):
        assert site_lookup.active_locale().language_code == settings.LANGUAGE_CODE  # the default, as Wagtail's
        english = Locale.objects.create(language_code="en")
        assert site_lookup.active_locale().pk == english.pk
