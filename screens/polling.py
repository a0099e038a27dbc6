"""How often screens poll, and when a screen counts as online: every timing in one place.

The server tells each screen when to poll next (its interval plus a stable jitter); the player
uses the fallbacks below only while it has no feed yet or the last poll failed. A screen counts as
online until two intervals plus a minute after it was last seen (heartbeat writes are throttled).
"""

import hashlib
from datetime import timedelta

MIN_POLL_SECONDS = 5
FIRST_POLL_SECONDS = 5  # the player's first poll when the page came without a feed
FALLBACK_POLL_SECONDS = 30  # after a failed poll, when the feed gave no next_poll_seconds
MAX_POLL_SECONDS = 60  # the longest between two feed polls
# The player asks the tiny emergency resource this often (answered 304 from the cache while nothing
# changes): an emergency starts or ends on screen within 10 s, whatever the feed's interval.
EMERGENCY_POLL_SECONDS = 4


def jitter_seconds(screen_id: int, interval: int) -> int:
    """A stable per-screen offset within ±10% of the interval, so screens do not poll in lockstep."""
    spread = max(2, interval // 5)
    digest = int(hashlib.sha256(f"screen-jitter-{screen_id}".encode()).hexdigest()[:8], 16)
    return digest % spread - spread // 2


def next_poll_seconds(screen_id: int, interval: int) -> int:
    return max(MIN_POLL_SECONDS, interval + jitter_seconds(screen_id, interval))


def online_window(interval: int) -> timedelta:
    """How long after a heartbeat a screen still counts as online."""
    return timedelta(seconds=2 * interval + 60)


def heartbeat_key(screen_id: int, source: str) -> str:
    """Present in the cache while a screen's heartbeat from `source` is throttled (see
    services.record_heartbeat); the feed's fast path reads it too."""
    return f"screens:beat:{screen_id}:{source}"


def player_settings() -> dict[str, int]:
    """The fallbacks the player reads from its page (data attributes)."""
    return {
        "first_poll_seconds": FIRST_POLL_SECONDS,
        "fallback_poll_seconds": FALLBACK_POLL_SECONDS,
        "max_poll_seconds": MAX_POLL_SECONDS,
        "emergency_poll_seconds": EMERGENCY_POLL_SECONDS,
    }
