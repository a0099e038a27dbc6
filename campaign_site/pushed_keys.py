"""This process's copy of small Redis keys (the page cache's tokens and stamps), kept current by
Redis pub/sub, so a page-cache hit needs no round trip to Redis at all.

Every write of such a key goes through `SafeRedisCache.set_many_announced` / `add_announced`, which
publish the written keys on the cache's channel in the same MULTI … EXEC, and `clear()`, which
publishes "*". A thread of each process subscribes to that channel and drops what it names. A value
is only ever taken from here while all of these hold, else the caller reads Redis as before:

- the subscription is confirmed and heard from within LIVENESS_SECONDS (the thread pings every
  PING_SECONDS), so a dropped or black-holed connection stops the copy within seconds;
- no announcement is waiting on the subscription's socket or being applied: Redis writes an
  announcement to every subscriber before it answers the writer, so on one machine a request that
  arrives after a purge has returned (the publishing editor's next page, in any worker) never sees
  the old value (across a network, the copy is as late as the subscriber's path: milliseconds);
- the value's own deadline has not passed (a stamp carries its entry's expiry; a token is re-read
  after TOKEN_LOCAL_SECONDS, which bounds what an eviction could leave here);
- it was read from Redis after the subscription was confirmed and no announcement arrived while
  it was being read (an epoch counter), so a value fetched just before a purge is never kept.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable

import redis
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.client import PubSub

from campaign_site.cache_backends import EVERYTHING

logger = logging.getLogger(__name__)

PING_SECONDS = 1.0
LIVENESS_SECONDS = 3.0
RECONNECT_SECONDS = 1.0
MAX_KEYS = 100_000  # small strings: a few MB at most per process


class _ConfirmingPubSub(PubSub):
    """redis-py's PubSub reconnects and subscribes again by itself: tell the owner, which must not
    trust its copy until the new subscription is confirmed (announcements may have been missed)."""

    def __init__(self, *args, on_connect: Callable[[], None], **kwargs):
        self._owner_on_connect = on_connect
        super().__init__(*args, **kwargs)

    def on_connect(self, connection):
        self._owner_on_connect()
        super().on_connect(connection)


class PushedKeys:
    def __init__(self, cache, deadline: Callable[[str, str], float]):
        """`cache`: a SafeRedisCache, whose connection pool the subscription uses; `deadline(key,
        value)`: until when (time.time()) a value read from Redis may be used without reading it again."""
        self.cache = cache
        self.deadline = deadline
        self._values: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._epoch = 0
        self._live = False
        self._applying = False
        self._heard = 0.0
        self._pubsub: _ConfirmingPubSub | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pushed-keys", daemon=True)
        self._thread.start()

    # --- the request side ---------------------------------------------------------------------------
    def get_many(self, cache, keys: list[str]) -> dict:
        """Like `cache.get_many(keys)` (the calling thread's cache object), from this process's copy
        where it can be trusted."""
        if not self._trusted():
            return cache.get_many(keys)
        now = time.time()
        found, missing = {}, []
        for key in keys:
            item = self._values.get(key)
            if item is not None and item[1] > now:
                found[key] = item[0]
            else:
                missing.append(key)
        if missing:
            epoch = self._epoch
            fetched = cache.get_many(missing)
            found.update(fetched)
            self._remember(fetched, epoch)
        return found

    def _trusted(self) -> bool:
        if not self._live or self._applying or time.monotonic() - self._heard > LIVENESS_SECONDS:
            return False
        pubsub = self._pubsub
        connection = pubsub.connection if pubsub is not None else None
        sock = getattr(connection, "_sock", None)
        if sock is None:
            return False
        try:
            waiting, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):  # closed meanwhile, or a descriptor select() cannot watch
            return False
        return not waiting and self._live and not self._applying

    def _remember(self, values: dict, epoch: int) -> None:
        with self._lock:
            if epoch != self._epoch or not self._live:
                return  # an announcement arrived meanwhile: the values may predate it
            for key, value in values.items():
                if not isinstance(value, str):
                    continue
                deadline = self.deadline(key, value)
                if deadline > time.time():
                    if len(self._values) >= MAX_KEYS:
                        self._values.pop(next(iter(self._values)))
                    self._values[key] = (value, deadline)

    def forget(self, keys) -> None:
        """Drop `keys` now (this process's own writes, before its announcement comes back)."""
        with self._lock:
            self._epoch += 1
            if EVERYTHING in keys:
                self._values.clear()
            for key in keys:
                self._values.pop(key, None)

    # --- the subscription -------------------------------------------------------------------------
    def _run(self) -> None:
        last_ping = 0.0
        while not self._stopped.is_set():
            try:
                if self._pubsub is None:
                    self._subscribe()
                sock = self._pubsub.connection._sock
                if sock is None:
                    raise redis.ConnectionError("the subscription's connection is closed")
                readable, _, _ = select.select([sock], [], [], PING_SECONDS)
                if readable:
                    self._apply_waiting()
                if time.monotonic() - self._heard > LIVENESS_SECONDS:
                    raise redis.ConnectionError("no answer to the pings: the connection is gone")
                if time.monotonic() - last_ping >= PING_SECONDS:
                    self._pubsub.ping()
                    last_ping = time.monotonic()
            except Exception as error:  # any failure: distrust the copy, then subscribe again
                self._drop_subscription(error)
                self._stopped.wait(RECONNECT_SECONDS)

    def _subscribe(self) -> None:
        client = self.cache._cache.get_client(write=False)
        self._pubsub = _ConfirmingPubSub(client.connection_pool, on_connect=self._distrust)
        self._pubsub.subscribe(self.cache.changes_channel)
        self._heard = time.monotonic()

    def _apply_waiting(self) -> None:
        self._applying = True
        try:
            while (message := self._pubsub.get_message(timeout=0.0)) is not None:
                self._heard = time.monotonic()
                kind = message.get("type")
                if kind == "subscribe":
                    self._confirmed()
                elif kind == "message":
                    data = message["data"]
                    self.forget((data.decode() if isinstance(data, bytes) else str(data)).split("\n"))
        finally:
            self._applying = False

    def _confirmed(self) -> None:
        with self._lock:
            self._values.clear()
            self._epoch += 1
            self._live = True

    def _distrust(self) -> None:
        with self._lock:
            self._live = False
            self._values.clear()
            self._epoch += 1

    def _drop_subscription(self, error: Exception) -> None:
        if self._live:
            logger.warning("Page-cache announcements lost (%s); reading Redis until resubscribed", error)
        self._distrust()
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            try:
                pubsub.close()
            except Exception:  # already broken; nothing to release
                logger.debug("Closing the subscription failed", exc_info=True)

    def stop(self) -> None:
        self._live = False  # an expected end: nothing to warn about
        self._stopped.set()
        self._thread.join(timeout=PING_SECONDS * 3)
        self._drop_subscription(RuntimeError("stopped"))

    @property
    def trusted(self) -> bool:
        return self._trusted()


_instances: dict[tuple, PushedKeys] = {}
_instances_lock = threading.Lock()


def _key(cache) -> tuple:
    return (os.getpid(), cache.changes_channel, tuple(cache._servers))


def for_cache(cache, deadline: Callable[[str, str], float]) -> PushedKeys:
    """This process's PushedKeys for `cache`'s server and channel. Django gives each thread its own
    cache object; the copy is the process's. Keyed by the process id too: gunicorn forks its
    workers, and a thread started before a fork does not exist in the child."""
    key = _key(cache)
    instance = _instances.get(key)
    if instance is None:
        with _instances_lock:
            instance = _instances.get(key)
            if instance is None:
                instance = _instances[key] = PushedKeys(cache, deadline)
    return instance


def forget_here(cache, keys) -> None:
    """After an announced write: drop `keys` from this process's copy at once, if it has one (a task
    worker that only purges never starts a subscription)."""
    instance = _instances.get(_key(cache))
    if instance is not None:
        instance.forget(keys)


def stop_all() -> None:
    """Stop every subscription of this process (the cache settings changed: tests)."""
    with _instances_lock:
        instances = list(_instances.values())
        _instances.clear()
    for instance in instances:
        instance.stop()


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    if setting in {"CACHES", "PAGE_CACHE_PUSHED_KEYS"}:
        stop_all()
