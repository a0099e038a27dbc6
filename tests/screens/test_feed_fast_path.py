"""The 304 fast path for feed polls (screens.middleware.FeedNotModifiedMiddleware): what it answers
itself, and everything it leaves to the view."""

import json
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from screens import selectors
from screens.models import Screen
from screens.polling import heartbeat_key

from .conftest import auth

FAST_PATH = "screens.middleware.FeedNotModifiedMiddleware"


def feed_url(screen):
    return f"/screens/{screen.pk}/feed.json"


@pytest.fixture
def view_calls(monkeypatch):
    """How many times the feed view reached for the feed (the fast path never does)."""
    calls = []
    real = selectors.cached_feed

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "cached_feed", counting)
    return calls


@pytest.fixture
def polled(client, screens, make_message, units):
    """Screen A TV after one full poll: its feed, token data, ETag and heartbeat are cached."""
    make_message(target_unit=units["ward_a"])
    screen = screens["a_tv"]
    first = client.get(feed_url(screen), **auth(screen))
    assert first.status_code == 200
    return screen, first["ETag"]


def test_fast_path_is_in_the_middleware_before_sessions_and_auth():
    middleware = settings.MIDDLEWARE
    assert FAST_PATH in middleware
    position = middleware.index(FAST_PATH)
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "campaign_site.middleware.PageCacheMiddleware",
    ):
        assert middleware.index(later) > position
    # The security headers and the CSP still wrap its answers.
    assert middleware.index("campaign_site.csp.CachedPolicyCSPMiddleware") < position


def test_good_token_and_current_etag_answer_304_without_the_view_or_a_query(
    client, polled, view_calls, django_assert_num_queries
):
    screen, etag = polled
    view_calls.clear()
    with django_assert_num_queries(0):
        response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"] == "private, no-cache"
    assert view_calls == []


def test_query_token_takes_the_fast_path_too(client, polled, view_calls, django_assert_num_queries):
    screen, etag = polled
    view_calls.clear()
    with django_assert_num_queries(0):
        response = client.get(f"{feed_url(screen)}?token={screen.token}", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and view_calls == []


@pytest.mark.parametrize("header", ["*", 'W/"{etag}"', '"other", "{etag}"'])
def test_if_none_match_forms_the_view_accepts(client, polled, view_calls, header):
    screen, etag = polled
    view_calls.clear()
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=header.format(etag=etag.strip('"')))
    assert response.status_code == 304 and view_calls == []


def _normalised(response) -> dict:
    headers = dict(response.headers)
    # Same policy, but its directives may come out in another order.
    headers["Content-Security-Policy"] = sorted(headers["Content-Security-Policy"].split("; "))
    # Every answer has a request id of its own (for the logs): present on both, equal on neither.
    assert re.fullmatch(r"[0-9a-f]{32}", headers.pop("X-Request-ID"))
    return headers


def test_fast_304_has_the_same_headers_as_the_views_304(client, polled, view_calls, settings):
    screen, etag = polled
    view_calls.clear()
    fast = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en")
    assert fast.status_code == 304 and view_calls == []
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != FAST_PATH]
    slow = Client().get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en")
    assert slow.status_code == 304 and len(view_calls) == 1
    assert _normalised(fast) == _normalised(slow)
    # The language comes from the address alone (campaign_site.middleware.PathLanguageMiddleware).
    assert fast["Content-Language"] == "vi" and "Accept-Language" not in fast.get("Vary", "")
    assert fast["X-Frame-Options"] and fast["Content-Security-Policy"]


# --- refusals: the view answers them, as before, and leaks nothing ------------------------------


def test_wrong_token_with_current_etag_is_401_and_leaks_nothing(client, polled):
    screen, etag = polled
    for request in (
        {"HTTP_AUTHORIZATION": "Bearer not-the-token"},
        {"QUERY_STRING": "token=not-the-token"},
        {},
    ):
        response = client.get(feed_url(screen), HTTP_IF_NONE_MATCH=etag, **request)
        assert response.status_code == 401
        assert "ETag" not in response and response["Cache-Control"] == "no-store"
        assert etag.encode() not in response.content and b"A TV" not in response.content


def test_another_screens_token_with_its_etag_is_403(client, polled, screens):
    screen, etag = polled
    response = client.get(feed_url(screens["b_tv"]), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 403 and "ETag" not in response
    assert b"B TV" not in response.content and b"A TV" not in response.content


def test_revoked_token_is_403_even_with_the_current_etag(client, polled, screen_operator):
    from screens.services import revoke_token

    screen, etag = polled
    revoke_token(screen=screen, user=screen_operator)
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 403 and "ETag" not in response


def test_a_cached_revocation_is_never_answered_304(client, polled, view_calls):
    screen, etag = polled
    gen = selectors.generation()
    key = f"screens:auth:{screen.pk}:{gen}"
    token_hash, _revoked, interval = cache.get(key)
    cache.set(key, (token_hash, True, interval))
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 403


def test_unknown_screen_is_401(client, polled):
    _screen, etag = polled
    response = client.get("/screens/999999/feed.json", HTTP_AUTHORIZATION="Bearer x", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 401


def test_disallowed_host_is_still_refused(client, polled):
    screen, etag = polled
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag, HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_head_and_post_are_still_refused(client, polled):
    screen, etag = polled
    assert client.head(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag).status_code == 405
    assert client.post(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag).status_code == 405


# --- content changes: the old ETag gets the new feed -------------------------------------------


def test_stale_etag_gets_the_full_feed(client, polled):
    screen, etag = polled
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH='"0123456789abcdef"')
    assert response.status_code == 200 and response["ETag"] == etag
    assert json.loads(response.content)["screen"]["id"] == screen.pk


def test_changed_message_makes_the_old_etag_answer_200(client, polled, make_message, units):
    screen, etag = polled
    assert client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_message(title="Khẩn cấp", kind="emergency", target_unit=units["ward_a"])
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert json.loads(response.content)["emergency"]["title"] == "Khẩn cấp"
    # And the new ETag is the one the fast path now answers 304 to.
    assert client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# --- whatever the fast path cannot settle from the cache goes to the view ------------------------


def test_due_heartbeat_goes_to_the_view_which_records_it(client, polled, view_calls):
    screen, etag = polled
    Screen.objects.filter(pk=screen.pk).update(last_seen_at=None, player_version="")
    cache.delete(heartbeat_key(screen.pk, "feed"))  # the throttle window is over
    view_calls.clear()
    response = client.get(
        feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag, REMOTE_ADDR="10.0.0.9", HTTP_X_PLAYER_VERSION="3.0"
    )
    assert response.status_code == 304 and len(view_calls) == 1
    screen.refresh_from_db()
    assert screen.last_seen_at is not None and screen.last_ip == "10.0.0.9" and screen.player_version == "3.0"


@pytest.mark.parametrize("missing", ["generation", "etag", "auth"])
def test_cache_miss_goes_to_the_view(client, polled, view_calls, missing):
    screen, etag = polled
    gen = selectors.generation()
    key = {
        "generation": selectors.GENERATION_KEY,
        "etag": f"screens:etag:{screen.pk}:{gen}",
        "auth": f"screens:auth:{screen.pk}:{gen}",
    }[missing]
    assert cache.get(key) is not None
    cache.delete(key)
    view_calls.clear()
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and len(view_calls) == 1


def test_a_request_with_cookies_goes_to_the_view(client, polled, view_calls):
    screen, etag = polled
    client.cookies["sessionid"] = "whatever"
    view_calls.clear()
    response = client.get(feed_url(screen), **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and len(view_calls) == 1


def test_other_screen_paths_are_untouched(client, polled, view_calls):
    screen, etag = polled
    view_calls.clear()
    response = client.get(f"/screens/{screen.pk}/feed.json/extra", **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 404
    response = client.get(f"/screens/{screen.pk}/feed.rss", **auth(screen), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
