"""Settings the news app reads, with their defaults; read when used (so tests and deployments
can change them without reloading modules)."""

from django.conf import settings


def zalo_share_url() -> str:
    """Where the "Zalo" share link points; {url} is replaced by the quoted article address."""
    return getattr(
        settings,
        "NEWS_ZALO_SHARE_URL",
        "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&href={url}",
    )


def voter_cookie_age() -> int:
    """How long the "one rating per browser" cookie lives (seconds)."""
    return int(getattr(settings, "NEWS_VOTER_COOKIE_AGE", 365 * 24 * 60 * 60))


def per_page() -> int:
    return int(getattr(settings, "NEWS_PER_PAGE", 12))


def search_per_page() -> int:
    return int(getattr(settings, "NEWS_SEARCH_PER_PAGE", 10))
