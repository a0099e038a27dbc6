"""Cache backends: Django's Redis cache that turns an unreachable Redis into cache misses instead of
500s, and Django's file cache without compression (the one-machine fallback).

Everything the site keeps in the cache (rendered pages, rate-limit counters, Wagtail's site root
paths) can be rebuilt, so losing Redis must only cost speed: reads miss, writes are dropped and
rate limits fail open. After a failure the backend stops calling Redis for `RETRY_AFTER` seconds
(per process) so a dead or black-holed server does not add a timeout to every request.
"""

import io
import logging
import os
import pickle
import threading
import time
from functools import wraps

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.files import locks
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

EVERYTHING = "*"  # the announcement of clear(): every key changed

REDIS_DOWN_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_safe(fallback):
    """Run the wrapped cache method; when Redis is down, return `fallback(*args, **kwargs)` instead."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._is_open_circuit():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except REDIS_DOWN_ERRORS as error:
                self._trip(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, version=None):
    return default


class FastKeysMixin:
    """Skips Django's memcached key-portability warnings: the site runs on Redis or files, whose
    keys may be any string, and the check costs more than a Redis round trip on a page-cache hit."""

    def validate_key(self, key):
        return None


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool. Django builds a new
    `redis.Redis` for every call, and its constructor fills a table of about 170 response callbacks:
    a third of the CPU of a page-cache hit. A `redis.Redis` is safe to share between threads (each
    command borrows a connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis
        self._lock = threading.Lock()  # Django's own pool creation races; ours must not

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._lock:
                if index not in self._clients:
                    if index not in self._pools:
                        self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    self._clients[index] = self._client(connection_pool=self._pools[index])
                client = self._clients[index]
        return client

    def set_many_announced(self, data: dict, timeout, channel: str, message: str) -> None:
        """`set_many`, and the announcement of it on `channel`, in one MULTI … EXEC: no process can
        see the new values without the announcement having been sent (see pushed_keys)."""
        pipeline = self.get_client(None, write=True).pipeline()
        pipeline.mset({key: self._serializer.dumps(value) for key, value in data.items()})
        if timeout is not None:
            for key in data:
                pipeline.expire(key, timeout)
        pipeline.publish(channel, message)
        pipeline.execute()

    def add_announced(self, key: str, value, timeout, channel: str, message: str) -> bool:
        pipeline = self.get_client(key, write=True).pipeline()
        pipeline.set(key, self._serializer.dumps(value), nx=True, ex=timeout)
        pipeline.publish(channel, message)  # also when another process added first: harmless
        return bool(pipeline.execute()[0])

    def clear_announced(self, channel: str, message: str) -> bool:
        pipeline = self.get_client(None, write=True).pipeline()
        pipeline.flushdb()
        pipeline.publish(channel, message)
        return bool(pipeline.execute()[0])


class SafeRedisCache(FastKeysMixin, RedisCache):
    """`OPTIONS` may hold `RETRY_AFTER` (seconds, default 5); the rest goes to redis-py, with short
    socket timeouts by default so a slow Redis cannot hold a request for long."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        # Where writes of keys other processes keep a copy of are announced (campaign_site/pushed_keys.py).
        self.changes_channel = self.make_key("cache-changes")

    def _is_open_circuit(self) -> bool:
        return self._down_until > time.monotonic()

    def _trip(self, error: Exception) -> None:
        if not self._down_until:
            logger.warning("Redis cache unavailable (%s: %s); serving without it", error.__class__.__name__, error)
        self._down_until = time.monotonic() + self.retry_after
        # Drop pooled sockets so the next try after RETRY_AFTER opens a fresh connection.
        try:
            for pool in self._cache._pools.values():
                pool.disconnect()
        except Exception:  # best effort; the pool recovers by itself anyway
            logger.debug("Could not reset the Redis connection pool", exc_info=True)

    def _recovered(self) -> None:
        if self._down_until:
            logger.warning("Redis cache is back")
            self._down_until = 0.0

    # A successful read after a failure logs the recovery once.
    @_fail_safe(_default)
    def get(self, key, default=None, version=None):
        value = super().get(key, default, version)
        self._recovered()
        return value

    @_fail_safe(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        values = super().get_many(keys, version)
        self._recovered()
        return values

    @_fail_safe(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_fail_safe(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_fail_safe(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_fail_safe(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_fail_safe(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_fail_safe(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_fail_safe(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    # A counter that cannot be read counts as fresh: rate limits fail open.
    @_fail_safe(lambda key, delta=1, version=None: delta)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_fail_safe(lambda *args, **kwargs: False)
    def clear(self):
        return self._cache.clear_announced(self.changes_channel, EVERYTHING)

    # Writes that every process's copy of the keys hears about (pushed_keys): announced with the
    # keys as the caller names them, in the same transaction as the write.
    @_fail_safe(lambda data, *args, **kwargs: list(data))
    def set_many_announced(self, data, timeout=DEFAULT_TIMEOUT):
        if data:
            safe = {self.make_and_validate_key(key): value for key, value in data.items()}
            timeout = self.get_backend_timeout(timeout)
            self._cache.set_many_announced(safe, timeout, self.changes_channel, "\n".join(data))
        return []

    @_fail_safe(lambda *args, **kwargs: False)
    def add_announced(self, key, value, timeout=DEFAULT_TIMEOUT):
        return self._cache.add_announced(
            self.make_and_validate_key(key), value, self.get_backend_timeout(timeout), self.changes_channel, key
        )


# The file cache's small immutable values (the page cache's tokens and stamps), unpickled once per
# process, keyed by the file's very bytes: a hit still reads each file, but unpickles only what it
# has not seen (a file's bytes always unpickle to the same expiry and value).
SMALL_FILE_BYTES = 512
SMALL_FILES_KEPT = 10_000
_SMALL_FILES: dict[bytes, tuple[float | None, object]] = {}


class PlainFileBasedCache(FastKeysMixin, FileBasedCache):
    """Django's file cache, values pickled without zlib. Decompressing a cached page on every hit cost
    as much as the rest of the hit; local disk space is cheap. Its own file suffix, so the
    compressed files of an earlier release are never read as plain ones (they expire unused).
    Small str/bytes/int values are unpickled once per process (see above)."""

    cache_suffix = ".plain.djcache"

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            fd = os.open(fname, os.O_RDONLY)
        except FileNotFoundError:
            return default
        try:
            data = os.read(fd, SMALL_FILE_BYTES + 1)
            if len(data) > SMALL_FILE_BYTES:
                chunks = [data]
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                data = b"".join(chunks)
        finally:
            os.close(fd)
        known = _SMALL_FILES.get(data) if len(data) <= SMALL_FILE_BYTES else None
        if known is None:
            stream = io.BytesIO(data)
            try:
                known = (pickle.load(stream), pickle.load(stream))  # noqa: S301 - our own cache directory
            except EOFError:
                known = (0, None)  # an empty or cut file is expired (as Django reads it)
            if len(data) <= SMALL_FILE_BYTES and isinstance(known[1], str | bytes | int):
                if len(_SMALL_FILES) >= SMALL_FILES_KEPT:
                    _SMALL_FILES.clear()
                _SMALL_FILES[data] = known
        expiry, value = known
        if expiry is not None and expiry < time.time():
            self._delete(fname)
            return default
        return value

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    value = pickle.loads(f.read())  # noqa: S301 - our own cache directory
                    f.seek(0)
                    self._write_content(f, timeout, value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
