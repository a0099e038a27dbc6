"""The cheap building blocks of a page-cache hit: the uncompressed file cache and the remembered CSP."""

import pickle
import time
import zlib

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from campaign_site import csp
from campaign_site.cache_backends import PlainFileBasedCache


@pytest.fixture
def file_cache(tmp_path):
    return PlainFileBasedCache(str(tmp_path), {"TIMEOUT": 300})


def test_file_cache_round_trips_values_uncompressed(file_cache, tmp_path):
    value = {"content": "Cải cách hành chính".encode() * 50, "tokens": {"a": "1"}}
    file_cache.set("page", value)
    assert file_cache.get("page") == value
    assert file_cache.get_many(["page", "missing"]) == {"page": value}
    (stored,) = tmp_path.glob("*.plain.djcache")
    with open(stored, "rb") as f:
        pickle.load(f)  # the expiry
        assert pickle.loads(f.read()) == value  # no zlib layer


def test_file_cache_expires_and_touch_extends(file_cache):
    file_cache.set("short", "x", timeout=1)
    assert file_cache.touch("short", timeout=None)  # now never expires
    assert file_cache.get("short") == "x"
    file_cache.set("gone", "x", timeout=-1)
    assert file_cache.get("gone", "default") == "default"
    assert file_cache.touch("gone") is False
    assert file_cache.touch("never-set") is False


def test_file_cache_ignores_compressed_files_of_the_stock_backend(file_cache, tmp_path):
    # A file written by Django's FileBasedCache (an earlier release) must read as a miss, not a 500.
    name = file_cache._key_to_file("old").replace(".plain.djcache", ".djcache")
    with open(name, "wb") as f:
        f.write(pickle.dumps(time.time() + 300))
        f.write(zlib.compress(pickle.dumps("old value")))
    assert file_cache.get("old") is None
    assert file_cache.add("old", "new") is True
    assert file_cache.get("old") == "new"


def test_file_cache_add_keeps_an_existing_value(file_cache):
    assert file_cache.add("token", "first")
    assert not file_cache.add("token", "second")
    assert file_cache.get("token") == "first"


def test_small_values_are_unpickled_once_and_a_changed_file_is_read_again(file_cache, monkeypatch):
    from campaign_site import cache_backends

    file_cache.set("token", "t1")
    assert file_cache.get("token") == "t1"
    loads = []
    real_load = pickle.load
    monkeypatch.setattr(cache_backends.pickle, "load", lambda stream: loads.append(1) or real_load(stream))
    assert file_cache.get("token") == "t1"
    assert loads == []  # the same bytes: the value unpickled before
    for n in range(20):  # every new value is seen at once, however quickly files are replaced
        file_cache.set("token", f"t{n:02d}")
        assert file_cache.get("token") == f"t{n:02d}"
    file_cache.delete("token")
    assert file_cache.get("token", "gone") == "gone"


def test_a_remembered_small_value_still_expires(file_cache):
    file_cache.set("token", "t1", timeout=1)
    assert file_cache.get("token") == "t1"
    time.sleep(1.1)
    assert file_cache.get("token", "expired") == "expired"
    assert not list(file_cache._list_cache_files())  # deleted, as Django does


@pytest.mark.parametrize("value", [{"tokens": {"a": "1"}}, ["x"], "x" * 600, b"y" * 600])
def test_mutable_and_large_values_are_never_shared(file_cache, value):
    from campaign_site import cache_backends

    file_cache.set("value", value)
    first, second = file_cache.get("value"), file_cache.get("value")
    assert first == second == value
    if not isinstance(value, str | bytes):
        assert first is not second  # each caller gets its own copy, as from Django's cache
    assert not any(known[1] == value for known in cache_backends._SMALL_FILES.values())


@pytest.mark.parametrize("content", [b"", pickle.dumps(time.time() + 300)])
def test_an_empty_or_cut_file_reads_as_expired(file_cache, content):
    with open(file_cache._key_to_file("cut"), "wb") as f:
        f.write(content)
    assert file_cache.get("cut", "default") == "default"


@pytest.fixture
def middleware():
    return csp.CachedPolicyCSPMiddleware(lambda request: HttpResponse("ok"))


def answer(middleware, *, replace=None, nonce=False):
    request = RequestFactory().get("/")
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)  # a template asked for the nonce
    response = HttpResponse("ok")
    if replace is not None:
        response._csp_replace = replace
    return request, middleware.process_response(request, response)


def test_csp_header_is_the_same_as_django_csp_builds(middleware, settings):
    from csp.utils import build_policy

    _, response = answer(middleware)
    assert response["Content-Security-Policy"] == build_policy()
    _, replaced = answer(middleware, replace={"frame-ancestors": None})
    assert replaced["Content-Security-Policy"] == build_policy(replace={"frame-ancestors": None})
    assert "frame-ancestors" not in replaced["Content-Security-Policy"]
    # The remembered header is not reused for another override.
    assert answer(middleware)[1]["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_csp_follows_a_settings_change(middleware, settings):
    answer(middleware)
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "img-src": ["'self'", "https://anh.example.vn"]}
    settings.CONTENT_SECURITY_POLICY = policy
    assert "https://anh.example.vn" in answer(middleware)[1]["Content-Security-Policy"]


def test_csp_nonce_is_per_response_never_remembered(middleware, settings):
    from csp.constants import NONCE

    policy = dict(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "script-src": ["'self'", NONCE]}
    settings.CONTENT_SECURITY_POLICY = policy
    first_request, first = answer(middleware, nonce=True)
    second_request, second = answer(middleware, nonce=True)
    assert f"'nonce-{first_request._csp_nonce}'" in first["Content-Security-Policy"]
    assert f"'nonce-{second_request._csp_nonce}'" in second["Content-Security-Policy"]
    assert first_request._csp_nonce != second_request._csp_nonce
    # Without a nonce the sentinel is dropped, as django-csp does.
    assert "nonce" not in answer(middleware)[1]["Content-Security-Policy"]


def test_csp_nonce_asked_after_the_header_is_an_error(middleware):
    from csp.exceptions import CSPNonceError

    request, _ = answer(middleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_csp_exempt_response_gets_no_header(middleware):
    request = RequestFactory().get("/")
    middleware.process_request(request)
    response = HttpResponse("ok")
    response._csp_exempt = True
    assert "Content-Security-Policy" not in middleware.process_response(request, response)


@pytest.mark.django_db
def test_file_cache_hit_skips_the_publications_token_only_when_the_entry_ignores_it(rf, settings, tmp_path):
    """A stale entry that ignores publications still reads every token, so the fresh answer is stored."""
    from django.core.cache import caches
    from django.http import HttpResponse as Response

    from campaign_site import cache as page_cache

    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "campaign_site.cache_backends.PlainFileBasedCache", "LOCATION": str(tmp_path)},
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    options = page_cache.CacheOptions(timeout=60, purge_on_publish=False)
    request = rf.get("/tin-tuc/")
    cached, state = page_cache.lookup(request)
    assert cached is None and state.tokens[page_cache.group_key(page_cache.PUBLICATIONS)] is None
    assert page_cache.store(request, Response("bản một"), state, options)
    assert page_cache.lookup(rf.get("/tin-tuc/"))[0].content == "bản một".encode()

    page_cache.purge_paths(["/tin-tuc/"])  # the entry is stale now
    cached, state = page_cache.lookup(rf.get("/tin-tuc/"))
    assert cached is None
    assert state.tokens[page_cache.group_key(page_cache.PUBLICATIONS)] is not None  # read, not missing
    assert page_cache.store(request, Response("bản hai"), state, options)
    assert page_cache.lookup(rf.get("/tin-tuc/"))[0].content == "bản hai".encode()
    caches["pages"].clear()
