"""Settings the search reads, with their defaults (read when used)."""

from django.conf import settings


def per_page() -> int:
    return int(getattr(settings, "SITESEARCH_PER_PAGE", 10))


def count_bound() -> int:
    """Counts are exact up to this many matches; beyond it the page says "hơn N kết quả"."""
    return int(getattr(settings, "SITESEARCH_COUNT_BOUND", 1000))


def suggest_rate_limit() -> tuple[int, int]:
    """(requests, window in seconds) per visitor for the suggestions endpoint."""
    return (
        int(getattr(settings, "SITESEARCH_SUGGEST_LIMIT", 120)),
        int(getattr(settings, "SITESEARCH_SUGGEST_WINDOW", 60)),
    )


def did_you_mean_below() -> int:
    """Suggest another spelling when a search finds fewer results than this."""
    return int(getattr(settings, "SITESEARCH_DID_YOU_MEAN_BELOW", 3))
