"""Settings the screens app reads, with their defaults."""

from django.conf import settings


def feed_cache_seconds() -> int:
    """How long a built feed is reused before automatic content (news, bulletin, poll) is read again."""
    return int(getattr(settings, "SCREENS_FEED_CACHE_SECONDS", 60))


def heartbeat_write_seconds() -> int:
    """At most one health write per screen in this many seconds."""
    return int(getattr(settings, "SCREENS_HEARTBEAT_WRITE_SECONDS", 30))


def news_items() -> int:
    return int(getattr(settings, "SCREENS_NEWS_ITEMS", 5))


def alert_offline_minutes() -> int:
    """ALERTS_SCREEN_OFFLINE_MINUTES: a screen silent this long raises a staff alert (default 30)."""
    return int(getattr(settings, "ALERTS_SCREEN_OFFLINE_MINUTES", 30))


def alert_opening_hours() -> tuple[int, int]:
    """ALERTS_OPENING_HOURS: (first hour, hour after the last) when a dark screen matters (default 7–18)."""
    start, end = getattr(settings, "ALERTS_OPENING_HOURS", (7, 18))
    return int(start), int(end)
