"""The settings subscriptions read, with their defaults (all optional; base.py sets the first three
from the environment)."""

from django.conf import settings


def get(name: str, default):
    return getattr(settings, name, default)


def confirmations_per_day() -> int:
    """Confirmation (and "already subscribed") mails one address may receive per day."""
    return int(get("SUBSCRIPTIONS_CONFIRMATIONS_PER_DAY", 3))


def signups_per_ip_hour() -> int:
    return int(get("SUBSCRIPTIONS_SIGNUPS_PER_IP_HOUR", 20))


def send_rate() -> float:
    """Messages per second the batch sender allows itself; 0 means no pause."""
    return float(get("SUBSCRIPTIONS_SEND_RATE", 10))


def batch_size() -> int:
    return int(get("SUBSCRIPTIONS_BATCH_SIZE", 200))


def confirm_max_age() -> int:
    """Seconds a confirmation link stays valid (default 3 days)."""
    return int(get("SUBSCRIPTIONS_CONFIRM_MAX_AGE", 3 * 24 * 3600))


def link_max_age() -> int:
    """Seconds a manage or unsubscribe link in a mail stays valid (default 400 days)."""
    return int(get("SUBSCRIPTIONS_LINK_MAX_AGE", 400 * 24 * 3600))


def max_attempts() -> int:
    """Tries for one mail before it is recorded as failed (transient errors only)."""
    return int(get("SUBSCRIPTIONS_MAX_ATTEMPTS", 5))


def retry_base_seconds() -> int:
    """The first retry's delay; each next one doubles it (60 s, 2 min, 4 min, ...)."""
    return int(get("SUBSCRIPTIONS_RETRY_BASE_SECONDS", 60))


def hard_failure_limit() -> int:
    """Permanent refusals in a row after which an address is marked inactive."""
    return int(get("SUBSCRIPTIONS_HARD_FAILURE_LIMIT", 3))


def purge_grace_days() -> int:
    """Days an unsubscribed address is kept (to honour a late click, answer a complaint) before removal."""
    return int(get("SUBSCRIPTIONS_PURGE_GRACE_DAYS", 30))


def alert_daily_cap() -> int:
    """Alert mails one account receives per day at most."""
    return int(get("ALERTS_DAILY_CAP", 10))
