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


def per_page() -> int:
    return int(getattr(settings, "NEWS_PER_PAGE", 12))


# One rating per browser: the browser's voter key is the one voter cookie (campaign_site.voters).
# RATED_COOKIE is set on the rated article's own path after a rating: the page cache passes that reader's requests
# for that article only (PAGE_CACHE_BYPASS_COOKIES), so a reload shows their rating.
RATED_COOKIE = "news_rated"
