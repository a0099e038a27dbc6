"""Settings the shared site code reads, each with its one default; read at call time (never at
import), so tests and deployments can change them without reloading modules.

PUBLIC_BASE_URL               the public site's origin for absolute links in mail, feeds and QR codes
TRUSTED_PROXY_COUNT           reverse proxies in front of the app whose X-Forwarded-For is trusted (0)
LOGIN_MAX_FAILURES_PER_USERNAME / _PER_IP, LOGIN_FAILURE_WINDOW_SECONDS   admin login lockout (5, 20, 900)
PAGE_CACHE_ENABLED, PAGE_CACHE_ALIAS, CACHE_PAGE_SECONDS    the public page cache (on, "default", 300)
CACHE_BROWSER_SECONDS, CACHE_STALE_SECONDS, CACHE_STALE_IF_ERROR_SECONDS  Cache-Control (60, 60, 86400)
ADMIN_PATH_PREFIXES           paths never cached (/admin/, /django-admin/)
PAGE_CACHE_BYPASS_COOKIES     cookies that make a request personal, so it passes the page cache
PAGE_CACHE_QUERY_PARAMS       query parameters that make a different cached page (beyond the built-in ones)
RATE_COUNTER_CACHE            the cache alias of the atomic rate counters ("default")
HEALTH_MAX_JOB_AGE_SECONDS    oldest waiting background job before /healthz/ready fails (900)
ADMIN_CSP_REPLACE, PERMISSIONS_POLICY   extra security headers
VOTER_HASH_SALT               salt of voter and IP hashes (SURVEYS_HASH_SALT still read; default from SECRET_KEY)
VOTER_COOKIE_MAX_AGE          lifetime of the one voter cookie (SURVEYS_VOTER_COOKIE_MAX_AGE still read; one year)
ALERTS_APPROVAL_WAIT_HOURS    a page waiting this long for approval raises a staff alert (24)
"""

from django.conf import settings

YEAR = 365 * 24 * 3600

# The one signed voter cookie of ratings, polls, surveys and feedback (campaign_site/voters.py).
# Its name and signing salt are the polls' earlier ones, so browsers that voted keep their identity.
VOTER_COOKIE_NAME = "surveys_voter"
VOTER_COOKIE_SALT = "surveys.voter"


def public_base_url() -> str:
    return (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip().rstrip("/")


def admin_base_url() -> str:
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def trusted_proxy_count() -> int:
    return int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))


def login_max_failures_per_username() -> int:
    return int(getattr(settings, "LOGIN_MAX_FAILURES_PER_USERNAME", 5))


def login_max_failures_per_ip() -> int:
    return int(getattr(settings, "LOGIN_MAX_FAILURES_PER_IP", 20))


def login_failure_window() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900))


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True))


def page_cache_alias() -> str:
    return getattr(settings, "PAGE_CACHE_ALIAS", "default")


def page_cache_memo_bytes() -> int:
    """Per process: how many bytes of recently served page-cache entries each worker keeps."""
    return int(getattr(settings, "PAGE_CACHE_MEMO_BYTES", 16 * 1024 * 1024))


def page_cache_pushed_keys() -> bool:
    """With the page cache in Redis: each worker keeps the tokens and stamps, kept current by
    Redis pub/sub, so a hit makes no round trip (campaign_site/pushed_keys.py)."""
    return bool(getattr(settings, "PAGE_CACHE_PUSHED_KEYS", True))


def page_seconds() -> int:
    return int(getattr(settings, "CACHE_PAGE_SECONDS", 300))


def browser_seconds() -> int:
    return int(getattr(settings, "CACHE_BROWSER_SECONDS", 60))


def stale_seconds() -> int:
    return int(getattr(settings, "CACHE_STALE_SECONDS", 60))


def stale_if_error_seconds() -> int:
    return int(getattr(settings, "CACHE_STALE_IF_ERROR_SECONDS", 86400))


def admin_path_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "ADMIN_PATH_PREFIXES", ("/admin/", "/django-admin/")))


def message_cookie_name() -> str:
    return getattr(settings, "MESSAGE_COOKIE_NAME", "messages")


def page_cache_bypass_cookies() -> tuple[str, ...]:
    return tuple(getattr(settings, "PAGE_CACHE_BYPASS_COOKIES", ()))


def page_cache_query_params() -> frozenset[str]:
    return frozenset(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ()))


def rate_counter_cache() -> str:
    return getattr(settings, "RATE_COUNTER_CACHE", "default")


def health_max_job_age() -> int:
    return int(getattr(settings, "HEALTH_MAX_JOB_AGE_SECONDS", 900))


def admin_csp_replace() -> dict:
    return dict(getattr(settings, "ADMIN_CSP_REPLACE", {}))


def permissions_policy() -> str:
    return getattr(settings, "PERMISSIONS_POLICY", "")


def voter_hash_salt() -> str:
    return getattr(settings, "VOTER_HASH_SALT", "") or getattr(settings, "SURVEYS_HASH_SALT", "")


def voter_cookie_max_age() -> int:
    value = getattr(settings, "VOTER_COOKIE_MAX_AGE", None)
    if value is None:
        value = getattr(settings, "SURVEYS_VOTER_COOKIE_MAX_AGE", YEAR)
    return int(value)


def approval_wait_hours() -> int:
    """ALERTS_APPROVAL_WAIT_HOURS: a page waiting this long for approval raises a staff alert (default 24)."""
    return int(getattr(settings, "ALERTS_APPROVAL_WAIT_HOURS", 24))
