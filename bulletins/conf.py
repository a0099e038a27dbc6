"""The settings the feed fetcher reads, with their defaults (all optional)."""

from django.conf import settings


def get(name: str, default):
    return getattr(settings, name, default)


def max_bytes() -> int:
    """FEEDS_MAX_BYTES: the largest feed body read; a longer one is refused (default 5 MB)."""
    return int(get("FEEDS_MAX_BYTES", 5 * 1024 * 1024))


def timeout() -> tuple[float, float]:
    """FEEDS_TIMEOUT: (connect, read) seconds; a single number is used for both (default (5, 20))."""
    value = get("FEEDS_TIMEOUT", (5.0, 20.0))
    if isinstance(value, int | float):
        return float(value), float(value)
    connect, read = value
    return float(connect), float(read)


def total_timeout() -> float:
    """FEEDS_TOTAL_TIMEOUT: the whole download's deadline in seconds, against slow drip-feeding (default 60)."""
    return float(get("FEEDS_TOTAL_TIMEOUT", 60.0))


def request_timeout() -> float:
    """FEEDS_REQUEST_TIMEOUT: the whole budget in seconds of a fetch made while an officer waits
    (the address check on save, "Lấy ngay" on one source); under gunicorn's 30 s (default 15)."""
    return float(get("FEEDS_REQUEST_TIMEOUT", 15.0))


def max_redirects() -> int:
    """FEEDS_MAX_REDIRECTS: redirect hops followed before giving up (default 5)."""
    return int(get("FEEDS_MAX_REDIRECTS", 5))


def user_agent() -> str:
    """FEEDS_USER_AGENT: how the fetcher introduces itself to the press sites."""
    return str(
        get(
            "FEEDS_USER_AGENT",
            "CCHC-BanTin/1.0 (+{}; tong hop tin cai cach hanh chinh)".format(
                get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
            ),
        )
    )


def allow_private_addresses() -> bool:
    """FEEDS_ALLOW_PRIVATE_ADDRESSES: fetch from loopback/private hosts (dev and tests only; default False)."""
    return bool(get("FEEDS_ALLOW_PRIVATE_ADDRESSES", False))


def backoff_base() -> int:
    """FEEDS_BACKOFF_BASE: seconds of the first back-off after a failure, doubled each time (default 300)."""
    return int(get("FEEDS_BACKOFF_BASE", 300))


def backoff_max() -> int:
    """FEEDS_BACKOFF_MAX: the longest back-off in seconds (default one day)."""
    return int(get("FEEDS_BACKOFF_MAX", 24 * 3600))


def lease_seconds() -> int:
    """FEEDS_LEASE_SECONDS: how long a runner holds a source it is fetching (default 300)."""
    return int(get("FEEDS_LEASE_SECONDS", 300))


def fetch_workers() -> int:
    """FEEDS_FETCH_WORKERS: parallel HTTP downloads in one fetch round (default 8)."""
    return max(1, int(get("FEEDS_FETCH_WORKERS", 8)))


def story_window_days() -> int:
    """FEEDS_STORY_WINDOW_DAYS: how far back near-identical titles are grouped as one story (default 3)."""
    return int(get("FEEDS_STORY_WINDOW_DAYS", 3))


def draft_limit() -> int:
    """BULLETIN_DRAFT_ITEMS: how many top-scored items a drafted bulletin takes (default 10)."""
    return int(get("BULLETIN_DRAFT_ITEMS", 10))


def schedule_seconds() -> int:
    """FEEDS_SCHEDULE_SECONDS: the self-rescheduling fetch task's period (default 300)."""
    return int(get("FEEDS_SCHEDULE_SECONDS", 300))


def alert_failing_hours() -> int:
    """ALERTS_FEED_FAILING_HOURS: a feed failing this long raises a staff alert (default 24)."""
    return int(get("ALERTS_FEED_FAILING_HOURS", 24))
