"""Each worker's copy of the page cache's tokens and stamps (campaign_site/pushed_keys.py), kept
current by Redis pub/sub. Two PushedKeys on separate cache objects and connections stand for two
worker processes; a child process is a real one. Needs the machine's Redis (fails without it)."""

import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.http import HttpResponse

from campaign_site import cache as page_cache
from campaign_site import pushed_keys
from campaign_site.cache_backends import SafeRedisCache
from campaign_site.pushed_keys import LIVENESS_SECONDS, PushedKeys
from tests.ops.proxy import TcpProxy

URL = "redis://127.0.0.1:6379/0"
TOKEN = page_cache.group_key(page_cache.ALL)


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def prefix(redis_prefix):
    return redis_prefix


@pytest.fixture
def workers(prefix):
    """make(url=URL) -> (cache, PushedKeys): another worker process's view of the same Redis."""
    made = []

    def make(url=URL):
        cache = SafeRedisCache(url, {"KEY_PREFIX": prefix, "OPTIONS": {"RETRY_AFTER": 0.1}})
        keys = PushedKeys(cache, page_cache._copy_deadline)
        made.append(keys)
        wait_until(lambda: keys.trusted)
        return cache, keys

    yield make
    for keys in made:
        keys.stop()


def test_a_read_value_is_answered_from_the_copy(workers):
    writer, _ = workers()
    cache, keys = workers()
    writer.set_many_announced({TOKEN: "t1"}, 60)
    wait_until(lambda: keys.trusted)  # the announcement applied
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t1"}
    assert TOKEN in keys._values
    writer.set(TOKEN, "written-without-announcing", 60)  # never done by the site: shows the copy answers
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t1"}


def test_every_announced_write_is_seen_by_the_next_read_in_another_worker(workers):
    """Redis sends the announcement to every subscriber before it answers the writer: a read that
    starts after the write returned never gets the old value, whatever the threads' timing."""
    writer, _ = workers()
    cache, keys = workers()
    for n in range(300):
        writer.set_many_announced({TOKEN: f"t{n}"}, 60)
        assert keys.get_many(cache, [TOKEN]) == {TOKEN: f"t{n}"}, n
        assert keys.get_many(cache, [TOKEN]) == {TOKEN: f"t{n}"}, n  # and from the copy


def test_a_value_read_while_an_announcement_arrives_is_not_kept(workers):
    writer, _ = workers()
    cache, keys = workers()
    writer.set_many_announced({TOKEN: "old"}, 60)
    wait_until(lambda: keys.trusted)
    real_get_many = cache.get_many

    def read_then_purged(names):
        values = real_get_many(names)  # the old value is on its way back...
        writer.set_many_announced({TOKEN: "new"}, 60)  # ...when a purge is announced
        wait_until(lambda: keys._epoch != epoch_before)
        return values

    epoch_before = keys._epoch
    cache.get_many = read_then_purged
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "old"}  # this request started before the purge
    cache.get_many = real_get_many
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "new"}  # the old value was not kept


def test_add_and_clear_are_announced(workers):
    writer, _ = workers()
    cache, keys = workers()
    writer.set_many_announced({TOKEN: "t1"}, 60)
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t1"}
    writer.delete(TOKEN)  # as if evicted: the copy may still answer (nothing changed)...
    assert writer.add_announced(TOKEN, "t2", 60)
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t2"}  # ...until a new value is announced
    assert not writer.add_announced(TOKEN, "t3", 60)  # already there: add changes nothing
    assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t2"}
    writer.clear()
    assert keys.get_many(cache, [TOKEN]) == {}


def test_a_stamp_copy_ends_with_its_entry(workers):
    writer, _ = workers()
    cache, keys = workers()
    stamp = page_cache.stamp_key(f"{page_cache.KEY_PREFIX}:entry:abc")
    writer.set_many_announced({stamp: page_cache._new_stamp(1)}, 1)
    wait_until(lambda: keys.trusted)
    assert stamp in keys.get_many(cache, [stamp])
    assert stamp in keys._values
    time.sleep(1.2)
    assert keys.get_many(cache, [stamp]) == {}  # expired in Redis, and the copy knew when


@pytest.mark.parametrize("value", ["0123456789abcdef", "abc.", "abc.x"])
def test_a_stamp_without_a_readable_expiry_is_never_copied(workers, value):
    writer, _ = workers()
    cache, keys = workers()
    stamp = page_cache.stamp_key(f"{page_cache.KEY_PREFIX}:entry:abc")
    writer.set_many_announced({stamp: value}, 60)
    wait_until(lambda: keys.trusted)
    assert keys.get_many(cache, [stamp]) == {stamp: value}
    assert stamp not in keys._values


def test_a_cut_connection_stops_the_copy_and_writes_made_meanwhile_are_seen(workers):
    proxy = TcpProxy("127.0.0.1", 6379).start()
    try:
        writer, _ = workers()
        cache, keys = workers(url=f"redis://127.0.0.1:{proxy.port}/0")
        writer.set_many_announced({TOKEN: "before"}, 60)
        assert keys.get_many(cache, [TOKEN]) == {TOKEN: "before"}
        proxy.stop()
        wait_until(lambda: not keys.trusted)
        writer.set_many_announced({TOKEN: "during"}, 60)  # this announcement cannot reach the worker
        assert keys.get_many(cache, [TOKEN]) == {}  # Redis unreachable: a miss, never "before"
        proxy.start()
        wait_until(lambda: keys.trusted)
        time.sleep(0.15)  # past the cache's RETRY_AFTER
        assert keys.get_many(cache, [TOKEN]) == {TOKEN: "during"}
        writer.set_many_announced({TOKEN: "after"}, 60)
        wait_until(lambda: keys.get_many(cache, [TOKEN]) == {TOKEN: "after"})
    finally:
        proxy.stop()


def test_a_silent_connection_stops_the_copy_within_the_liveness_window(workers):
    proxy = TcpProxy("127.0.0.1", 6379).start()
    try:
        _, keys = workers(url=f"redis://127.0.0.1:{proxy.port}/0")
        proxy.hold()  # no reset, no answer: only the missing pongs tell
        wait_until(lambda: not keys.trusted, seconds=LIVENESS_SECONDS + 3)
        proxy.release()
        wait_until(lambda: keys.trusted, seconds=LIVENESS_SECONDS + 5)
    finally:
        proxy.release()
        proxy.stop()


def test_a_connection_lost_without_a_word_is_replaced(workers):
    proxy = TcpProxy("127.0.0.1", 6379).start()
    try:
        writer, _ = workers()
        cache, keys = workers(url=f"redis://127.0.0.1:{proxy.port}/0")
        proxy.hold(new_connections_too=False)  # the subscription's connection is dead for ever
        wait_until(lambda: not keys.trusted, seconds=LIVENESS_SECONDS + 3)
        wait_until(lambda: keys.trusted, seconds=LIVENESS_SECONDS + 5)  # subscribed again on a new one
        writer.set_many_announced({TOKEN: "t1"}, 60)
        wait_until(lambda: keys.trusted)
        assert keys.get_many(cache, [TOKEN]) == {TOKEN: "t1"}
        writer.set_many_announced({TOKEN: "t2"}, 60)
        # Through the proxy an announcement takes a hop more than the writer's answer: soon, not at once.
        wait_until(lambda: keys.get_many(cache, [TOKEN]) == {TOKEN: "t2"})
    finally:
        proxy.release()
        proxy.stop()


def test_one_copy_per_process_and_server_and_none_after_a_settings_change(prefix, settings):
    first = SafeRedisCache(URL, {"KEY_PREFIX": prefix})
    second = SafeRedisCache(URL, {"KEY_PREFIX": prefix})  # another thread's cache object
    keys = pushed_keys.for_cache(first, page_cache._copy_deadline)
    try:
        assert pushed_keys.for_cache(second, page_cache._copy_deadline) is keys
        other = SafeRedisCache(URL, {"KEY_PREFIX": f"{prefix}-other"})
        assert pushed_keys.for_cache(other, page_cache._copy_deadline) is not keys
        settings.PAGE_CACHE_PUSHED_KEYS = False  # a settings change stops every subscription
        assert not keys._thread.is_alive()
        assert pushed_keys._instances == {}
    finally:
        pushed_keys.stop_all()


CHILD = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.conf import settings
    from django.test import RequestFactory
    from campaign_site import cache as page_cache
    settings.CACHES = {"default": {"BACKEND": "campaign_site.cache_backends.SafeRedisCache",
                                    "LOCATION": sys.argv[1], "KEY_PREFIX": sys.argv[2]}}
    settings.PAGE_CACHE_ENABLED = True
    rf = RequestFactory()
    for line in sys.stdin:
        response, _ = page_cache.lookup(rf.get(line.strip(), HTTP_HOST="localhost"))
        print(response.content.decode() if response is not None else "MISS", flush=True)
    """
)


def test_a_purge_reaches_a_worker_process_at_once(prefix, settings, rf):
    """A real second process answers from its copy, and a purge in this one is seen by its very
    next lookup, every time."""
    backend = "campaign_site.cache_backends.SafeRedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": URL, "KEY_PREFIX": prefix}}
    settings.PAGE_CACHE_ENABLED = True
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, URL, prefix],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "campaign_site.settings.test"},
    )

    def child_lookup(path):
        child.stdin.write(path + "\n")
        child.stdin.flush()
        return child.stdout.readline().strip()

    options = page_cache.CacheOptions(timeout=60, purge_on_publish=False)
    try:
        for n in range(40):
            request = rf.get("/tin-tuc/", HTTP_HOST="localhost")
            cached, state = page_cache.lookup(request)
            assert cached is None, n
            assert page_cache.store(request, HttpResponse(f"bản {n}"), state, options)
            assert child_lookup("/tin-tuc/") == f"bản {n}", n
            assert child_lookup("/tin-tuc/") == f"bản {n}", n  # from the child's copy and memo
            (page_cache.purge_paths(["/tin-tuc/"]) if n % 2 else page_cache.purge_all())
            assert child_lookup("/tin-tuc/") == "MISS", n
    finally:
        child.stdin.close()
        child.wait(timeout=10)
        pushed_keys.stop_all()


def test_a_process_that_only_purges_starts_no_subscription(prefix, settings, rf):
    backend = "campaign_site.cache_backends.SafeRedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": URL, "KEY_PREFIX": prefix}}
    settings.PAGE_CACHE_ENABLED = True
    try:
        page_cache.purge_all()
        page_cache.purge_paths(["/tin-tuc/"])
        assert pushed_keys._instances == {}  # a task worker: announces, keeps no copy
        page_cache.lookup(rf.get("/tin-tuc/", HTTP_HOST="localhost"))
        assert len(pushed_keys._instances) == 1  # a web worker's first lookup subscribes
    finally:
        pushed_keys.stop_all()
