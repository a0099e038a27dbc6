"""Settings of the surveys app, read lazily so tests can override them.

VOTER_HASH_SALT              secret salt for voter and IP hashes, shared with news ratings (campaign_site.voters;
                             SURVEYS_HASH_SALT still read; default: derived from SECRET_KEY)
SURVEYS_RATE_LIMIT           ballots allowed per IP hash per window (default 120)
SURVEYS_RATE_WINDOW          the window in seconds (default 600)
SURVEYS_COMMENT_MAX_LENGTH   longest comment accepted, in characters (default 2000)
SURVEYS_KIOSK_OFFLINE_WINDOW_HOURS  oldest offline kiosk answer accepted, in hours (default 72)
SURVEYS_KIOSK_CLOCK_SKEW_SECONDS    how far ahead of the server a kiosk's clock may run (default 120)
SURVEYS_KIOSK_SYNC_MAX_ANSWERS      answers per sync request (default 100)
SURVEYS_KIOSK_SYNC_MAX_BYTES        size of a sync request body (default 256 KiB)
SURVEYS_RECEIPT_LINK_MAX_AGE_HOURS  how long a receipt's QR link stays valid (default 168, a week)
The client address behind reverse proxies comes from campaign_site.security.client_ip (TRUSTED_PROXY_COUNT).
"""

from django.conf import settings

# The voter cookie itself is the site's one (campaign_site.voters, VOTER_COOKIE_MAX_AGE).
# Which polls this browser voted in ("3.7"): it makes the page cache pass the visitor's requests
# (PAGE_CACHE_BYPASS_COOKIES), so a reloaded page shows the results instead of the form again.
VOTED_COOKIE = "polls_voted"
VOTED_COOKIE_MAX_AGE = 30 * 24 * 3600
VOTED_COOKIE_POLLS = 20  # the newest polls remembered


def rate_limit() -> int:
    return int(getattr(settings, "SURVEYS_RATE_LIMIT", 120))


def rate_window() -> int:
    return int(getattr(settings, "SURVEYS_RATE_WINDOW", 600))


def comment_max_length() -> int:
    return int(getattr(settings, "SURVEYS_COMMENT_MAX_LENGTH", 2000))


def kiosk_offline_window_hours() -> int:
    return int(getattr(settings, "SURVEYS_KIOSK_OFFLINE_WINDOW_HOURS", 72))


def kiosk_clock_skew_seconds() -> int:
    return int(getattr(settings, "SURVEYS_KIOSK_CLOCK_SKEW_SECONDS", 120))


def kiosk_sync_max_answers() -> int:
    return int(getattr(settings, "SURVEYS_KIOSK_SYNC_MAX_ANSWERS", 100))


def kiosk_sync_max_bytes() -> int:
    return int(getattr(settings, "SURVEYS_KIOSK_SYNC_MAX_BYTES", 256 * 1024))


def receipt_link_max_age_hours() -> int:
    return int(getattr(settings, "SURVEYS_RECEIPT_LINK_MAX_AGE_HOURS", 168))
