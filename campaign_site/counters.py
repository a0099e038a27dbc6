"""Atomic fixed-window counters for rate limits (votes per IP, login attempts).

`hit(key, window=…)` counts one attempt and returns the count within the current window and the
seconds left in it (the honest Retry-After). `over_limit` / `within_rate_limit` are the per-address
limit every app uses (votes, feedback sends and look-ups), each app with its own scope and numbers.
Each key keeps its own window, whatever the cache's default timeout:

- Redis (when the `RATE_COUNTER_CACHE` cache, "default" unless set, is Django's Redis cache):
  one Lua script does INCRBY and, for a new key, EXPIRE, so parallel hits can neither lose a count
  nor restart the window.
- Otherwise, and whenever Redis cannot be reached: one upsert statement on `RateCounter` rows
  (INSERT … ON CONFLICT DO UPDATE … RETURNING, on PostgreSQL and SQLite alike). A local-memory or
  file cache is never used: neither is shared atomically between processes.

A limit therefore never fails open when Redis goes away; it moves to the database.
Call `hit` outside a transaction that may roll back: a rolled-back count is a lost count.
"""

import contextlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Greatest

from campaign_site import conf
from campaign_site.cache_backends import REDIS_DOWN_ERRORS
from campaign_site.models import RateCounter

logger = logging.getLogger(__name__)

MAX_KEY_LENGTH = RateCounter._meta.get_field("key").max_length

# KEYS[1] counter; ARGV[1] amount, ARGV[2] window seconds. Returns {count, ttl}.
_REDIS_HIT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}
"""
# Give back attempts (a successful login) without creating a key or going below zero.
_REDIS_RELEASE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count <= 0 then return 0 end
return redis.call('DECRBY', KEYS[1], math.min(count, tonumber(ARGV[1])))
"""


@dataclass(frozen=True)
class Hit:
    count: int  # attempts in the current window, this one included
    retry_after: int  # seconds until the window ends

    def over(self, limit: int) -> bool:
        return self.count > limit


def hit(key: str, *, window: int, amount: int = 1) -> Hit:
    """Count `amount` attempts for `key` in its window of `window` seconds (started by the first)."""
    window = max(1, int(window))
    key = key[:MAX_KEY_LENGTH]
    redis_cache = _redis_cache()
    if redis_cache is not None:
        try:
            return _redis_hit(redis_cache, key, window, amount)
        except REDIS_DOWN_ERRORS as error:
            getattr(redis_cache, "_trip", lambda error: None)(error)  # the page cache skips Redis too, for a while
            logger.warning("Rate counters: Redis unavailable (%s), counting in the database", error.__class__.__name__)
    return _database_hit(key, window, amount)


def over_limit(scope: str, digest: str, *, limit: int, window: int) -> int | None:
    """Count one attempt of `digest` (a client's IP hash) in `scope`: None while within `limit`
    attempts per `window` seconds, else the seconds until the window ends (for Retry-After). No
    digest (no address known) is not limited."""
    if not digest:
        return None
    counted = hit(f"{scope}:rate:{digest}", window=window)
    return counted.retry_after if counted.over(limit) else None


def within_rate_limit(digest: str, *, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False once over the limit (see over_limit)."""
    return over_limit(scope, digest, limit=limit, window=window) is None


def release(key: str, *, amount: int = 1) -> None:
    """Give back attempts that turned out legitimate (never below zero, never a new window)."""
    key = key[:MAX_KEY_LENGTH]
    redis_cache = _redis_cache()
    if redis_cache is not None:
        # While Redis is away the database copy below is the one in use.
        with contextlib.suppress(REDIS_DOWN_ERRORS):
            client = redis_cache._cache.get_client(key, write=True)
            client.eval(_REDIS_RELEASE, 1, redis_cache.make_and_validate_key(key), amount)
    RateCounter.objects.filter(key=key, count__gt=0).update(count=_greatest_zero(amount))


def reset(key: str) -> None:
    key = key[:MAX_KEY_LENGTH]
    redis_cache = _redis_cache()
    if redis_cache is not None:
        with contextlib.suppress(REDIS_DOWN_ERRORS):
            redis_cache._cache.get_client(key, write=True).delete(redis_cache.make_and_validate_key(key))
    RateCounter.objects.filter(key=key).delete()


def purge_expired(*, now: float | None = None) -> int:
    """Delete database counters whose window has ended (the scheduler calls this)."""
    deleted, _ = RateCounter.objects.filter(window_ends__lte=int(now or time.time())).delete()
    return deleted


# --- Backends -----------------------------------------------------------------------------------


def _redis_cache() -> RedisCache | None:
    alias = conf.rate_counter_cache()
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return None
    # SafeRedisCache's circuit breaker: while it knows Redis is down, go straight to the database.
    if getattr(backend, "_is_open_circuit", lambda: False)():
        return None
    return backend


def _redis_hit(backend: RedisCache, key: str, window: int, amount: int) -> Hit:
    client = backend._cache.get_client(key, write=True)
    count, ttl = client.eval(_REDIS_HIT, 1, backend.make_and_validate_key(key), amount, window)
    return Hit(count=int(count), retry_after=max(1, int(ttl)))


def _database_hit(key: str, window: int, amount: int) -> Hit:
    now = time.time()
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    key_col, count_col, ends_col = (connection.ops.quote_name(c) for c in ("key", "count", "window_ends"))
    # One statement: a new key, or an expired window, starts over; a live window adds up. Every
    # SET expression reads the row as it was, and the row lock (PostgreSQL) or the write lock
    # (SQLite) makes parallel hits queue rather than overwrite each other.
    # Only our own quoted identifiers are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({key_col}, {count_col}, {ends_col}) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({key_col}) DO UPDATE SET "
        f"{count_col} = CASE WHEN {table}.{ends_col} <= %s THEN excluded.{count_col} "
        f"ELSE {table}.{count_col} + excluded.{count_col} END, "
        f"{ends_col} = CASE WHEN {table}.{ends_col} <= %s THEN excluded.{ends_col} ELSE {table}.{ends_col} END "
        f"RETURNING {count_col}, {ends_col}"
    )
    current = math.floor(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, amount, current + window, current, current])
        count, window_ends = cursor.fetchone()
    return Hit(count=int(count), retry_after=max(1, math.ceil(window_ends - now)))


def _greatest_zero(amount: int):
    return Greatest(F("count") - amount, Value(0))
