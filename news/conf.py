"""Settings the news app reads, with their defaults (documented in the final report / README)."""

from django.conf import settings

# Where the "Zalo" share link points; {url} is replaced by the quoted article address.
ZALO_SHARE_URL = getattr(
    settings,
    "NEWS_ZALO_SHARE_URL",
    "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&href={url}",
)
# How long the "one rating per browser" cookie lives (seconds).
VOTER_COOKIE_AGE = getattr(settings, "NEWS_VOTER_COOKIE_AGE", 365 * 24 * 60 * 60)
# Set on the rated article's own path after a rating: the page cache passes that reader's requests
# for that article only (PAGE_CACHE_BYPASS_COOKIES), so a reload shows their rating.
RATED_COOKIE = "news_rated"
NEWS_PER_PAGE = getattr(settings, "NEWS_PER_PAGE", 12)
SEARCH_PER_PAGE = getattr(settings, "NEWS_SEARCH_PER_PAGE", 10)
