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
