"""The page cache: what is kept, what never is, Cache-Control, and purging on publish/unpublish/move/delete."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.models import Page, PageViewRestriction, Site

from campaign_site import cache as page_cache
from campaign_site.cache import cache_public_page
from campaign_site.models import SiteIdentity, StandardPage

COUNTER = {"feed": 0, "static": 0}


@cache_public_page
def feed_view(request):
    COUNTER["feed"] += 1
    return HttpResponse(f"feed {COUNTER['feed']}", content_type="application/rss+xml")


@cache_public_page(timeout=30, purge_on_publish=False)
def unit_list_view(request):
    COUNTER["static"] += 1
    return HttpResponse(f"units {COUNTER['static']}")


@cache_public_page
def cookie_view(request):
    response = HttpResponse("with cookie")
    response.set_cookie("voted", "1")
    return response


@cache_public_page
def csrf_view(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


@cache_public_page
@never_cache
def never_cache_view(request):
    return HttpResponse("never")


@cache_public_page
def vary_accept_view(request):
    response = HttpResponse("negotiated")
    patch_vary_headers(response, ("Accept",))
    return response


PURGE_WHILE_RENDERING = {"on": False}


@cache_public_page
def purging_view(request):
    # Simulates a page published while this answer renders.
    if PURGE_WHILE_RENDERING["on"]:
        PURGE_WHILE_RENDERING["on"] = False
        page_cache.purge_paths([request.path])
    return HttpResponse("rendered")


def plain_view(request):
    return HttpResponse("not marked")


urlpatterns = [
    path("feeds/news.rss", feed_view),
    path("units.json", unit_list_view),
    path("cookie/", cookie_view),
    path("csrf/", csrf_view),
    path("never/", never_cache_view),
    path("vary/", vary_accept_view),
    path("purging/", purging_view),
    path("plain/", plain_view),
    path("", include(wagtail_urls)),
]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHE_PAGE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_pages(home, page_cache_on):
    """home → news (index) → article; home → about. Site settings exist, so rendering creates nothing."""
    SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    news = home.add_child(instance=StandardPage(title="Tin tức", slug="tin-tuc"))
    news.save_revision().publish()
    article = news.add_child(instance=StandardPage(title="Bài viết đầu tiên", slug="bai-viet"))
    article.save_revision().publish()
    about = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    about.save_revision().publish()
    return {"home": home, "news": news, "article": article, "about": about}


def x_cache(response):
    return response.headers.get("X-Cache")


def warm(client, *paths):
    for url in paths:
        assert x_cache(client.get(url)) == "MISS", url
        assert x_cache(client.get(url)) == "HIT", url


# --- what is cached --------------------------------------------------------------------------------


def test_anonymous_page_is_cached_with_public_cache_control(client, site_pages, django_assert_num_queries):
    first = client.get("/tin-tuc/bai-viet/")
    assert first.status_code == 200
    assert x_cache(first) == "MISS"
    control = first["Cache-Control"]
    assert "public" in control
    assert "s-maxage=300" in control
    assert "max-age=60" in control
    assert "stale-while-revalidate=60" in control
    assert "Cookie" not in first.get("Vary", "")

    with django_assert_num_queries(0):
        second = client.get("/tin-tuc/bai-viet/")
    assert x_cache(second) == "HIT"
    assert second.content == first.content
    assert second["Cache-Control"] == control
    assert "script-src 'self'" in second["Content-Security-Policy"]  # headers still applied on a hit


def test_cache_page_seconds_sets_s_maxage(client, site_pages, settings):
    settings.CACHE_PAGE_SECONDS = 120
    response = client.get("/gioi-thieu/")
    assert "s-maxage=120" in response["Cache-Control"]


def test_head_is_served_from_the_get_entry(client, site_pages):
    client.get("/gioi-thieu/")
    head = client.head("/gioi-thieu/")
    assert head.status_code == 200
    assert x_cache(head) == "HIT"


def test_etag_gives_304_on_a_hit(client, site_pages):
    first = client.get("/gioi-thieu/")
    again = client.get("/gioi-thieu/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert x_cache(again) == "HIT"


def test_tracking_parameters_share_the_entry_but_other_queries_do_not(client, site_pages):
    client.get("/gioi-thieu/")
    assert x_cache(client.get("/gioi-thieu/?utm_source=zalo&fbclid=abc")) == "HIT"
    assert x_cache(client.get("/gioi-thieu/?page=2")) == "MISS"


def test_decorated_view_is_cached(client, page_cache_on, db, settings):
    settings.ROOT_URLCONF = __name__
    first = client.get("/units.json")
    second = client.get("/units.json")
    assert (x_cache(first), x_cache(second)) == ("MISS", "HIT")
    assert second.content == first.content
    assert "s-maxage=30" in first["Cache-Control"]


def test_undecorated_views_are_not_cached(client, page_cache_on, db, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/plain/")
    assert x_cache(response) is None
    assert "public" not in response.get("Cache-Control", "")


# --- what is never cached ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/cookie/", "/csrf/", "/never/", "/vary/"])
def test_personal_or_uncacheable_answers_are_never_stored(client, page_cache_on, db, settings, url):
    settings.ROOT_URLCONF = __name__
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200
    assert x_cache(first) is None
    assert x_cache(second) is None
    assert "public" not in second.get("Cache-Control", "")


def test_answer_with_set_cookie_is_marked_private(client, page_cache_on, db, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/cookie/")
    assert "private" in response["Cache-Control"]


def test_logged_in_users_bypass_the_cache_and_get_private_no_store(client, site_pages, make_user):
    warm(client, "/gioi-thieu/")
    client.force_login(make_user(superuser=True))
    response = client.get("/gioi-thieu/")
    assert response.status_code == 200
    assert x_cache(response) is None
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert b"wagtail-userbar" in response.content  # their own page, not the anonymous copy


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_session_or_messages_cookie_bypasses_the_cache(client, site_pages, cookie):
    warm(client, "/gioi-thieu/")
    client.cookies[cookie] = "anything"
    assert x_cache(client.get("/gioi-thieu/")) is None


def test_csrf_cookie_alone_does_not_bypass_the_cache(client, site_pages):
    warm(client, "/gioi-thieu/")
    client.cookies["csrftoken"] = "x" * 32
    assert x_cache(client.get("/gioi-thieu/")) == "HIT"


def test_authorization_header_bypasses_the_cache(client, site_pages):
    warm(client, "/gioi-thieu/")
    response = client.get("/gioi-thieu/", HTTP_AUTHORIZATION="Bearer abc")
    assert x_cache(response) is None
    assert "public" not in response["Cache-Control"]


def test_post_is_never_cached_nor_answered_from_the_cache(client, site_pages):
    warm(client, "/gioi-thieu/")
    response = client.post("/gioi-thieu/", {"rating": "5"})
    assert x_cache(response) is None


def test_admin_and_previews_are_private_and_never_cached(client, site_pages, make_user):
    login_page = client.get("/admin/login/")
    assert x_cache(login_page) is None
    assert "no-store" in login_page["Cache-Control"]
    assert "private" in login_page["Cache-Control"]

    client.force_login(make_user(superuser=True))
    article = site_pages["article"]
    draft = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert draft.status_code == 200
    assert x_cache(draft) is None
    assert "no-store" in draft["Cache-Control"]
    client.logout()
    # The preview rendered the page; the public URL was not filled from it.
    assert x_cache(client.get("/tin-tuc/bai-viet/")) == "MISS"


def test_preview_of_a_draft_is_never_answered_from_the_cache(client, site_pages):
    warm(client, "/gioi-thieu/")
    draft = StandardPage.objects.get(pk=site_pages["about"].pk)
    draft.title = "Bản nháp chưa duyệt"
    draft.save_revision()
    # Wagtail renders previews through a fake request to the public URL (here without cookies).
    preview = draft.make_preview_request()
    assert "Bản nháp chưa duyệt" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]  # shown in the editor's frame
    public = client.get("/gioi-thieu/")
    assert x_cache(public) == "HIT"
    assert "Bản nháp chưa duyệt" not in public.content.decode()


def test_pages_with_view_restrictions_are_not_cached(client, site_pages):
    PageViewRestriction.objects.create(
        page=site_pages["about"], restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    first = client.get("/gioi-thieu/")
    second = client.get("/gioi-thieu/")
    assert x_cache(first) is None
    assert x_cache(second) is None
    assert "public" not in second["Cache-Control"]


def test_page_cache_timeout_zero_opts_a_page_type_out(client, site_pages, monkeypatch):
    monkeypatch.setattr(StandardPage, "page_cache_timeout", 0, raising=False)
    assert x_cache(client.get("/gioi-thieu/")) is None
    assert x_cache(client.get("/gioi-thieu/")) is None


def test_disabled_cache_stores_nothing(client, site_pages, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/gioi-thieu/")
    assert x_cache(client.get("/gioi-thieu/")) is None


def test_not_found_is_not_cached(client, site_pages):
    client.get("/khong-co/")
    assert x_cache(client.get("/khong-co/")) is None


def test_answer_rendered_during_a_purge_is_never_served_as_current(client, page_cache_on, db, settings):
    settings.ROOT_URLCONF = __name__
    # No token yet: the purge creates it first, so the answer is not stored at all.
    PURGE_WHILE_RENDERING["on"] = True
    assert x_cache(client.get("/purging/")) is None
    # Tokens read before rendering: the answer is stored under the old token and never matches.
    PURGE_WHILE_RENDERING["on"] = True
    client.get("/purging/")
    assert x_cache(client.get("/purging/")) == "MISS"
    assert x_cache(client.get("/purging/")) == "HIT"


# --- invalidation -----------------------------------------------------------------------------------


def test_publish_purges_the_page_its_listings_home_and_all_query_variants(
    client, site_pages, django_capture_on_commit_callbacks
):
    listings = ("/tin-tuc/", "/tin-tuc/?page=2", "/tin-tuc/?category=cai-cach", "/")
    warm(client, "/tin-tuc/bai-viet/", *listings, "/gioi-thieu/")
    article = site_pages["article"]
    article.title = "Bài viết đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    updated = client.get("/tin-tuc/bai-viet/")
    assert x_cache(updated) == "MISS"
    assert "Bài viết đã sửa" in updated.content.decode()
    for listing in listings:
        assert x_cache(client.get(listing)) == "MISS", listing
    # A page that does not show the article keeps its entry.
    assert x_cache(client.get("/gioi-thieu/")) == "HIT"


def test_nothing_is_purged_before_the_transaction_commits(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_pages["article"].save_revision().publish()
    assert callbacks
    assert x_cache(client.get("/tin-tuc/bai-viet/")) == "HIT"


def test_unpublish_purges(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/", "/tin-tuc/")
    with django_capture_on_commit_callbacks(execute=True):
        site_pages["article"].unpublish()
    assert client.get("/tin-tuc/bai-viet/").status_code == 404
    assert x_cache(client.get("/tin-tuc/")) == "MISS"


def test_delete_purges(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/", "/tin-tuc/")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=site_pages["article"].pk).delete()
    assert client.get("/tin-tuc/bai-viet/").status_code == 404
    assert x_cache(client.get("/tin-tuc/")) == "MISS"


def test_move_purges_old_url_and_both_listings(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/", "/tin-tuc/", "/gioi-thieu/")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=site_pages["article"].pk).move(site_pages["about"], pos="last-child")
    assert client.get("/tin-tuc/bai-viet/").status_code in (301, 302, 404)
    assert x_cache(client.get("/tin-tuc/")) == "MISS"
    assert x_cache(client.get("/gioi-thieu/")) == "MISS"
    assert client.get("/gioi-thieu/bai-viet/").status_code == 200


def test_moving_a_section_purges_its_descendants(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=site_pages["news"].pk).move(site_pages["about"], pos="last-child")
    old = client.get("/tin-tuc/bai-viet/")
    assert x_cache(old) != "HIT"
    assert old.status_code in (301, 302, 404)
    assert client.get("/gioi-thieu/tin-tuc/bai-viet/").status_code == 200


def test_slug_change_purges_the_old_url(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/")
    article = site_pages["article"]
    article.slug = "bai-viet-moi"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert client.get("/tin-tuc/bai-viet/").status_code != 200
    assert client.get("/tin-tuc/bai-viet-moi/").status_code == 200


def test_publishing_a_menu_section_purges_every_page(client, site_pages, django_capture_on_commit_callbacks):
    warm(client, "/tin-tuc/bai-viet/", "/gioi-thieu/")
    section = site_pages["home"].add_child(instance=StandardPage(title="Kế hoạch", slug="ke-hoach", show_in_menus=True))
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    response = client.get("/tin-tuc/bai-viet/")
    assert x_cache(response) == "MISS"
    assert "Kế hoạch" in response.content.decode()  # the new menu entry


def test_site_settings_change_purges_every_page(client, site_pages):
    warm(client, "/gioi-thieu/")
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_name = "Cổng cải cách hành chính"
    identity.save()
    response = client.get("/gioi-thieu/")
    assert x_cache(response) == "MISS"
    assert "Cổng cải cách hành chính" in response.content.decode()


def test_any_publication_purges_feeds_but_not_views_that_opt_out(
    client, site_pages, settings, django_capture_on_commit_callbacks
):
    settings.ROOT_URLCONF = __name__
    warm(client, "/feeds/news.rss", "/units.json")
    with django_capture_on_commit_callbacks(execute=True):
        site_pages["article"].save_revision().publish()
    assert x_cache(client.get("/feeds/news.rss")) == "MISS"
    assert x_cache(client.get("/units.json")) == "HIT"


def test_purge_paths_api(client, site_pages):
    warm(client, "/gioi-thieu/", "/gioi-thieu/?page=3")
    page_cache.purge_paths(["/gioi-thieu/"])
    assert x_cache(client.get("/gioi-thieu/")) == "MISS"
    assert x_cache(client.get("/gioi-thieu/?page=3")) == "MISS"


def test_lost_tokens_only_cause_misses(client, site_pages):
    warm(client, "/gioi-thieu/")
    cache.delete(page_cache.path_key("/gioi-thieu/"))  # evicted by Redis under memory pressure
    assert x_cache(client.get("/gioi-thieu/")) == "MISS"
    assert x_cache(client.get("/gioi-thieu/")) == "HIT"


# --- the frontend cache (Varnish / CDN) ------------------------------------------------------------------


def test_frontend_cache_is_configured_from_the_environment(monkeypatch):
    from campaign_site.settings.base import frontend_cache_from_env

    monkeypatch.delenv("FRONTEND_CACHE_URL", raising=False)
    monkeypatch.delenv("CLOUDFLARE_ZONE_ID", raising=False)
    assert frontend_cache_from_env() == {}
    monkeypatch.setenv("FRONTEND_CACHE_URL", "http://127.0.0.1:6081")
    monkeypatch.setenv("FRONTEND_CACHE_HOSTNAMES", "cchc.example.vn")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "token")
    config = frontend_cache_from_env()
    assert config["http"]["BACKEND"] == "wagtail.contrib.frontend_cache.backends.HTTPBackend"
    assert config["http"]["LOCATION"] == "http://127.0.0.1:6081"
    assert config["http"]["HOSTNAMES"] == ["cchc.example.vn"]
    assert config["cloudflare"]["ZONEID"] == "zone"
    assert config["cloudflare"]["BEARER_TOKEN"] == "token"


def test_publish_sends_purge_requests_to_the_frontend_cache(
    site_pages, settings, purge_server, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": purge_server.url}
    }
    with django_capture_on_commit_callbacks(execute=True):
        site_pages["article"].save_revision().publish()
    assert {"/tin-tuc/bai-viet/", "/tin-tuc/", "/"} <= {path for method, path, host in purge_server.requests}
    assert {method for method, path, host in purge_server.requests} == {"PURGE"}
    assert {host for method, path, host in purge_server.requests} == {"testserver"}


@pytest.fixture
def purge_server():
    """A stand-in for Varnish on loopback that records PURGE requests."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            requests.append((self.command, self.path, self.headers["Host"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    server.requests = requests
    yield server
    server.shutdown()
    server.server_close()


def _entries() -> int:
    # LocMemCache in tests: count the page-cache entries it holds.
    return sum(1 for key in cache._cache if f"{page_cache.KEY_PREFIX}:entry:" in key)


@pytest.mark.parametrize(
    "junk",
    [
        lambda n: f"z={n}",
        lambda n: f"page=2&z={n}",
        lambda n: f"page={n}&page=1",  # a repeated known parameter
        lambda n: f"q={'a' * 600}{n}",  # an overlong query string
        lambda n: f"%ff%fe={n}",
    ],
)
def test_junk_query_strings_create_no_cache_entries(client, site_pages, junk):
    client.get("/gioi-thieu/")
    before = _entries()
    for n in range(20):
        response = client.get(f"/gioi-thieu/?{junk(n)}")
        assert response.status_code == 200
        assert x_cache(response) is None  # rendered, neither served from nor stored in the cache
        assert "public" not in response.get("Cache-Control", "")  # nor kept by a CDN
    assert _entries() == before


def test_parameters_pages_read_are_cached_and_settings_can_add_more(client, site_pages, settings):
    assert x_cache(client.get("/gioi-thieu/?page=2&category=x")) == "MISS"
    assert x_cache(client.get("/gioi-thieu/?category=x&page=2")) == "HIT"  # order does not matter
    assert x_cache(client.get("/gioi-thieu/?nam=2025")) is None
    settings.PAGE_CACHE_QUERY_PARAMS = ["nam"]
    assert x_cache(client.get("/gioi-thieu/?nam=2025")) == "MISS"
