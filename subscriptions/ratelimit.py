"""Counting sign-ups per client IP in the cache (atomic add/incr in local memory and in Redis)."""

from django.core.cache import cache


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on `key`; False once more than `limit` hits fell in the current window."""
    full_key = f"subscriptions:rate:{key}"
    if cache.add(full_key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.add(full_key, 1, timeout=window)
        count = 1
    return count <= limit
