"""A page cache that is safe for a CMS.

What is cached: anonymous GET/HEAD answers with status 200 of Wagtail pages and of views decorated
with `cache_public_page` (feeds, sitemaps). Never: the admin, previews (they live under /admin/),
requests carrying a session or messages cookie or an Authorization header, answers that set a cookie or say
`private`/`no-store`/`no-cache`, anything but GET/HEAD.

How it is invalidated: every cached answer remembers the generation tokens it was rendered under:
one per URL path (shared by all query strings of that path: ?page=2, ?category=...), one bumped on
every publication (for feeds and sitemaps), and one for everything. Purging replaces a token with a
new random one, so old entries simply stop matching; tokens are read *before* rendering, so a page
published while another request renders is never stored as current. Entries live in Django's cache
(Redis in production), shared by every worker and machine.

Apps adopt it with:
- `@cache_public_page` (or `@cache_public_page(timeout=60, purge_on_publish=False)`) on public views;
- `page_cache_timeout = 60` (0 = never cache) and `page_cache_purge_on_publish = True` on page classes
  whose content depends on other pages;
- `purge_paths([...])`, `purge_publications()`, `purge_all()` from their own signal handlers.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from campaign_site import conf, pushed_keys
from campaign_site.cache_backends import SafeRedisCache
from campaign_site.page_memo import memo

KEY_PREFIX = "pagecache"
ALL, PUBLICATIONS = "all", "publications"
TOKEN_TIMEOUT = 60 * 60 * 24  # tokens outlive entries; a lost token only causes misses
# How long a worker may use its copy of a token (pushed_keys: every change is announced at once;
# this only bounds what an eviction could leave behind).
TOKEN_COPY_SECONDS = 300
# Query parameters that never change what a page shows: dropped from the cache key.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "mc_cid", "mc_eid", "_ga"})
# Query parameters the site's public pages read (listings, filters, search, archives). A request with
# any other parameter is rendered but neither answered from nor stored in the cache, so junk query
# strings (?z=1, ?z=2, ...) cannot fill the cache with one entry per value. A new public view that
# reads another parameter adds it here (or to the PAGE_CACHE_QUERY_PARAMS setting).
QUERY_PARAMS = frozenset(
    {"page", "p", "category", "tag", "unit", "q", "date", "year", "month", "period", "format", "item", "stars"}
)
SAFE_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
NOT_STORED_HEADERS = frozenset({"set-cookie", "x-cache"})
CSP_ATTRIBUTES = ("_csp_exempt", "_csp_update", "_csp_replace", "_csp_config", "xframe_options_exempt")


@dataclass(frozen=True)
class CacheOptions:
    timeout: int
    purge_on_publish: bool


# --- settings -----------------------------------------------------------------------------------


def enabled() -> bool:
    return conf.page_cache_enabled()


def page_seconds() -> int:
    return conf.page_seconds()


def _cache():
    return caches[conf.page_cache_alias()]


def admin_prefixes() -> tuple[str, ...]:
    return conf.admin_path_prefixes()


def is_admin_path(path: str) -> bool:
    return path.startswith(admin_prefixes())


# --- requests and responses ----------------------------------------------------------------------


def personal_cookies() -> set[str]:
    """Cookies that make an answer personal: the session (signed-in users), pending flash messages
    ("Thank you for your rating" must not be replaced by a cached page), and PAGE_CACHE_BYPASS_COOKIES."""
    return {
        settings.SESSION_COOKIE_NAME,
        conf.message_cookie_name(),
        *conf.page_cache_bypass_cookies(),
    }


def has_credentials(request) -> bool:
    """A personal cookie or an Authorization header: the answer may be personal."""
    return "HTTP_AUTHORIZATION" in request.META or not personal_cookies().isdisjoint(request.COOKIES)


def request_is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not has_credentials(request)
        and not is_admin_path(request.path)
        and query_is_cacheable(request.META.get("QUERY_STRING", ""))
    )


def cache_control_directives(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in value.split(",") if part.strip()}


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token for this visitor
        return False
    if cache_control_directives(response) & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= SAFE_VARY


def mark_public(response, timeout: int) -> None:
    """Cache-Control for a public answer: short in browsers, `timeout` in shared caches (CDN, Varnish)."""
    browser = min(conf.browser_seconds(), timeout)
    stale = conf.stale_seconds()
    stale_if_error = conf.stale_if_error_seconds()
    response["Cache-Control"] = (
        f"public, max-age={browser}, s-maxage={timeout}, "
        f"stale-while-revalidate={stale}, stale-if-error={stale_if_error}"
    )
    # Anonymous answers do not depend on cookies (a session cookie bypasses the cache): let a CDN
    # share them. The CDN must still pass requests that carry the session cookie (README: Deployment).
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip() and v.strip().lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif "Vary" in response:
        del response["Vary"]


def mark_private(response) -> None:
    """`private, no-store`, keeping stricter directives a view already set and dropping public ones."""
    kept = [
        part.strip()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
        and part.split("=", 1)[0].strip().lower()
        not in {"public", "private", "no-store", "s-maxage", "stale-while-revalidate", "stale-if-error", "max-age"}
    ]
    response["Cache-Control"] = ", ".join(["private", "no-store", *kept])


# --- keys and tokens ------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def path_key(path: str) -> str:
    return f"{KEY_PREFIX}:gen:path:{_digest(path)}"


def group_key(name: str) -> str:
    return f"{KEY_PREFIX}:gen:{name}"


def query_params() -> frozenset[str]:
    return QUERY_PARAMS | conf.page_cache_query_params()


def _query_pairs(query_string: str) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, v in parse_qsl(query_string, keep_blank_values=True)
        if k not in TRACKING_PARAMS and not k.startswith("utm_")
    ]


def normalised_query(query_string: str) -> str:
    if not query_string:
        return ""  # most requests: no parsing
    return urlencode(sorted(_query_pairs(query_string)))


def query_is_cacheable(query_string: str) -> bool:
    """Only the parameters pages read, each once, with a short value: anything else is uncached."""
    if not query_string:
        return True
    known = query_params()
    pairs = _query_pairs(query_string)
    names = [k for k, _ in pairs]
    return len(query_string) <= 512 and all(k in known for k in names) and len(names) == len(set(names))


def entry_key(request) -> str:
    host = request.get_host().lower()
    query = normalised_query(request.META.get("QUERY_STRING", ""))
    return f"{KEY_PREFIX}:entry:{_digest(f'{request.scheme}://{host}{request.path}?{query}')}"


def stamp_key(key: str) -> str:
    """Where the stamp of the entry stored under `key` lives (see page_memo)."""
    return key.replace(":entry:", ":stamp:", 1)


def _new_token() -> str:
    return secrets.token_hex(8)


def _new_stamp(timeout: int) -> str:
    """A stamp names one stored entry and carries its expiry, so a worker's copy of the stamp
    (pushed_keys) ends with the entry."""
    return f"{secrets.token_hex(8)}.{int(time.time()) + timeout}"


def _copy_deadline(key: str, value: str) -> float:
    if ":stamp:" in key:
        try:
            return float(value.rpartition(".")[2])
        except ValueError:
            return 0.0  # a stamp of an earlier release: read it each time until it expires
    return time.time() + TOKEN_COPY_SECONDS


def _announced(cache) -> bool:
    """Redis: every process keeps a copy of the tokens and stamps, kept current by announcements."""
    return isinstance(cache, SafeRedisCache) and conf.page_cache_pushed_keys()


def _set_many(cache, data: dict, timeout: int) -> None:
    if not _announced(cache):
        cache.set_many(data, timeout)
        return
    cache.set_many_announced(data, timeout)
    pushed_keys.forget_here(cache, data)  # this process at once; the others when the announcement reaches them


def _add(cache, key: str, value: str, timeout: int) -> bool:
    if not _announced(cache):
        return cache.add(key, value, timeout)
    added = cache.add_announced(key, value, timeout)
    pushed_keys.forget_here(cache, [key])
    return added


# --- lookup and store -----------------------------------------------------------------------------


@dataclass
class Lookup:
    key: str
    tokens: dict[str, str | None]  # cache key -> token read before rendering (None: missing)
    path: str


def lookup(request) -> tuple[HttpResponse | None, Lookup]:
    """The entry and the tokens it must match, all read before any rendering (one round trip on
    Redis: the entry's small stamp and the tokens; the entry itself comes from this process's memo)."""
    state = Lookup(key=entry_key(request), tokens={}, path=request.path)
    token_keys = [group_key(ALL), group_key(PUBLICATIONS), path_key(request.path)]
    stamp = stamp_key(state.key)
    cache = _cache()
    if isinstance(cache, FileBasedCache):
        # Each key is a file read here (Redis answers all in one round trip): the publications
        # token only when the entry needs it or the page is about to be rendered.
        found = cache.get_many([stamp, token_keys[0], token_keys[2]])
        entry = _stored_entry(cache, state.key, found.get(stamp))
        if not entry or entry["purge_on_publish"] or not _entry_is_current(entry, found):
            found[token_keys[1]] = cache.get(token_keys[1])  # needed to check it, or to store a new one
    else:
        keys = [stamp, *token_keys]
        if _announced(cache):
            found = pushed_keys.for_cache(cache, _copy_deadline).get_many(cache, keys)
        else:
            found = cache.get_many(keys)
        entry = _stored_entry(cache, state.key, found.get(stamp))
    state.tokens = {key: found.get(key) for key in token_keys}
    if not entry or not _entry_is_current(entry, state.tokens):
        return None, state
    return _response_from_entry(request, entry), state


def _stored_entry(cache, key: str, stamp: str | None) -> dict | None:
    """The entry the cache holds under `stamp`: from the memo when it has that stamp, else read
    from the cache (and remembered). No stamp, or an entry of another stamp: nothing."""
    if stamp is None:
        return None
    entry = memo.get(key, stamp)
    if entry is None:
        entry = cache.get(key)
        if not entry or entry.get("stamp") != stamp:
            return None
        memo.put(key, stamp, entry)
    return entry


def _entry_is_current(entry: dict, tokens: dict) -> bool:
    needed = [group_key(ALL), path_key(entry["path"])]
    if entry["purge_on_publish"]:
        needed.append(group_key(PUBLICATIONS))
    return all(tokens.get(key) is not None and entry["tokens"].get(key) == tokens[key] for key in needed)


def _response_from_entry(request, entry: dict):
    response = HttpResponse(entry["content"], status=entry["status"], headers=dict(entry["headers"]))
    for name, value in entry["attributes"].items():
        setattr(response, name, value)
    meta = request.META
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        response = get_conditional_response(request, etag=response.get("ETag"), response=response) or response
    for name, value in entry["attributes"].items():
        setattr(response, name, value)
    response["X-Cache"] = "HIT"
    return response


def store(request, response, state: Lookup, options: CacheOptions) -> bool:
    """Store `response` under the tokens read before rendering. A token missing then is created now
    with `add`; if someone else set it meanwhile (a purge), the answer may be stale: keep it out."""
    cache = _cache()
    tokens = dict(state.tokens)
    for key, value in tokens.items():
        if value is None:
            fresh = _new_token()
            if not _add(cache, key, fresh, TOKEN_TIMEOUT):
                return False
            tokens[key] = fresh
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    entry = {
        "stamp": _new_stamp(options.timeout),
        "path": state.path,
        "tokens": tokens,
        "purge_on_publish": options.purge_on_publish,
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS],
        "content": response.content,
        "attributes": {name: getattr(response, name) for name in CSP_ATTRIBUTES if hasattr(response, name)},
    }
    _set_many(cache, {state.key: entry, stamp_key(state.key): entry["stamp"]}, options.timeout)
    return True


def options_for(request, response) -> CacheOptions | None:
    """How to cache this answer, or None if its view did not ask for the page cache."""
    decorated = getattr(response, "page_cache_options", None)
    if decorated is not None:
        return decorated
    page = getattr(request, "page_cache_page", None)
    if page is None:
        return None
    timeout = getattr(page, "page_cache_timeout", None)
    return CacheOptions(
        timeout=page_seconds() if timeout is None else int(timeout),
        purge_on_publish=bool(getattr(page, "page_cache_purge_on_publish", False)),
    )


# --- purging ----------------------------------------------------------------------------------------


def purge_paths(paths) -> None:
    """Expire every cached answer (all query strings, all hosts) for each URL path."""
    paths = {path for path in paths if path}
    if paths:
        _set_many(_cache(), {path_key(path): _new_token() for path in paths}, TOKEN_TIMEOUT)


def purge_publications() -> None:
    """Expire answers that list pages from anywhere (feeds, sitemaps, pages opting in)."""
    _set_many(_cache(), {group_key(PUBLICATIONS): _new_token()}, TOKEN_TIMEOUT)


def purge_all() -> None:
    """Expire every cached answer (site settings, menus, a moved section)."""
    _set_many(_cache(), {group_key(ALL): _new_token()}, TOKEN_TIMEOUT)


# --- the decorator ------------------------------------------------------------------------------------


def cache_public_page(view=None, *, timeout: int | None = None, purge_on_publish: bool = True):
    """Let the page cache keep this view's anonymous 200 answers (and send public Cache-Control).

    `timeout` defaults to CACHE_PAGE_SECONDS; `purge_on_publish` expires the answers whenever any page
    is published, unpublished, moved or deleted (right for feeds and sitemaps).
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            response = view_func(request, *args, **kwargs)
            response.page_cache_options = CacheOptions(
                timeout=page_seconds() if timeout is None else int(timeout), purge_on_publish=purge_on_publish
            )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
