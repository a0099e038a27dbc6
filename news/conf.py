"""Settings the news app reads, with their defaults; read when used (so tests and deployments
can change them without reloading modules)."""

from django.conf import settings

from campaign_site.voters import VoterCookie


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


# The signed cookie that makes "one rating per browser" (its value is hashed, never stored).
VOTER_COOKIE = VoterCookie("news_voter", "news.ratings.voter", voter_cookie_age)
# Set on the rated article's own path after a rating: the page cache passes that reader's requests
# for that article only (PAGE_CACHE_BYPASS_COOKIES), so a reload shows their rating.
RATED_COOKIE = "news_rated"
