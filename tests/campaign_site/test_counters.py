"""Atomic fixed-window counters (campaign_site/counters.py) on the database and on Redis, and the two
limits built on them: login attempts and votes per IP. The parallel tests send real requests from
many threads at once and count what got through."""

import socket
import threading
import time
import uuid

import pytest
import redis
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client
from django.urls import reverse

from campaign_site import counters
from campaign_site.models import RateCounter
from surveys.models import Ballot
from tests.concurrency import run_at_once
from tests.surveys.conftest import make_poll as make_poll  # a fixture

REDIS_DB = 13  # this suite's Redis database number


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_counters(settings):
    """The default cache on Redis (db 13, a private key prefix), emptied afterwards."""
    if not redis_up():
        pytest.fail("needs Redis on 127.0.0.1:6379 (the suite needs it; .ci/run starts it)")
    prefix = f"test-counters-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"RETRY_AFTER": 0.2},
        }
    }
    yield
    direct = redis.Redis("127.0.0.1", 6379, db=REDIS_DB)
    keys = list(direct.scan_iter(f"{prefix}:*"))
    if keys:
        direct.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def backend(request, db):
    if request.param == "redis":
        request.getfixturevalue("redis_counters")
    return request.param


def stored_in_database(key: str) -> bool:
    return RateCounter.objects.filter(key=key).exists()


def test_counts_within_its_own_window(backend):
    key = f"t:{uuid.uuid4().hex}"
    hits = [counters.hit(key, window=600) for _ in range(4)]
    assert [h.count for h in hits] == [1, 2, 3, 4]
    # The window is the counter's own (not the cache's 300 s default), and later hits do not extend it.
    assert all(595 <= h.retry_after <= 600 for h in hits)
    assert hits[-1].over(3) and not hits[-2].over(3)
    assert stored_in_database(key) == (backend == "database")
    # Another key is independent.
    assert counters.hit(f"{key}:other", window=60).count == 1


def test_release_never_goes_below_zero_and_reset_starts_over(backend):
    key = f"t:{uuid.uuid4().hex}"
    counters.hit(key, window=600)
    counters.hit(key, window=600)
    counters.release(key)
    assert counters.hit(key, window=600).count == 2
    for _ in range(5):
        counters.release(key)
    assert counters.hit(key, window=600).count == 1
    counters.reset(key)
    assert counters.hit(key, window=600).count == 1
    counters.release(f"{key}:never-hit")  # nothing to give back: no error, no new counter
    assert not RateCounter.objects.filter(key=f"{key}:never-hit").exists()


def test_database_window_ends_then_a_new_one_starts(db, monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(counters.time, "time", lambda: clock[0])
    for _ in range(3):
        counters.hit("t:window", window=100)
    clock[0] += 60
    later = counters.hit("t:window", window=100)
    assert (later.count, later.retry_after) == (4, 40)  # the Retry-After is what is really left
    clock[0] += 40
    fresh = counters.hit("t:window", window=100)
    assert (fresh.count, fresh.retry_after) == (1, 100)
    assert counters.purge_expired(now=clock[0] + 100) == 1
    assert not RateCounter.objects.exists()


def test_redis_window_expires(redis_counters, db):
    key = f"t:{uuid.uuid4().hex}"
    assert counters.hit(key, window=1).count == 1
    assert counters.hit(key, window=1).count == 2
    time.sleep(1.2)
    assert counters.hit(key, window=1).count == 1


def test_redis_down_counts_in_the_database(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.SafeRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    assert [counters.hit("t:down", window=60).count for _ in range(3)] == [1, 2, 3]
    assert RateCounter.objects.get(key="t:down").count == 3


@pytest.mark.parametrize("key", ["", "x" * 1000, "khóa:tiếng-việt", "a'b\";--", "\x00"[:0] + "nul"])
def test_any_key_is_stored_safely(db, key):
    assert counters.hit(key, window=60).count == 1
    assert counters.hit(key, window=60).count == 2


# --- Parallel load (real requests from threads) -----------------------------------------------------


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers from threads need PostgreSQL (SQLite's shared in-memory test database locks)")


@pytest.fixture(params=["database", "redis"])
def parallel_backend(request, transactional_db):
    require_postgresql()
    if request.param == "redis":
        request.getfixturevalue("redis_counters")
    yield request.param
    RateCounter.objects.all().delete()


def test_fifty_parallel_wrong_passwords_check_exactly_five(parallel_backend, settings, django_user_model):
    settings.LOGIN_MAX_FAILURES_PER_USERNAME = 5
    settings.LOGIN_MAX_FAILURES_PER_IP = 1000
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    user = django_user_model.objects.create_superuser("canbo-song-song", "ss@example.vn", "Dung-mat-khau-1")
    checked = []
    lock = threading.Lock()

    def on_failed(sender, credentials, **kwargs):
        with lock:
            checked.append(credentials["username"])

    user_login_failed.connect(on_failed, dispatch_uid="test-counters-failed")
    try:
        statuses = run_at_once(
            lambda n: Client().post("/admin/login/", {"username": user.username, "password": f"sai-{n}"}).status_code,
            50,
            wait=60,
            join=120,
        )
    finally:
        user_login_failed.disconnect(dispatch_uid="test-counters-failed")
    assert sorted(statuses) == [200] * 5 + [429] * 45
    assert len(checked) == 5  # the password was checked exactly five times


def test_two_hundred_parallel_fresh_voters_from_one_ip_get_exactly_the_limit(parallel_backend, settings, make_poll):
    settings.SURVEYS_RATE_LIMIT = 37
    settings.SURVEYS_RATE_WINDOW = 600
    poll = make_poll()
    choice = poll.choices.first()
    url = reverse("surveys:vote", args=[poll.pk])

    def five_voters(n: int):
        answers = []
        for _ in range(5):  # each a fresh browser (no voter cookie)
            response = Client().post(url, {"choice": choice.pk}, HTTP_ACCEPT="application/json")
            answers.append((response.status_code, response.get("Retry-After")))
        return answers

    # 200 voters from 40 threads released together: PostgreSQL's max_connections (100 by default,
    # shared with other test runs) bounds how many connections the test may hold at once.
    results = [answer for answers in run_at_once(five_voters, 40, wait=60, join=120) for answer in answers]
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 37 + [429] * 163
    waits = {int(wait) for status, wait in results if status == 429}
    assert waits and all(590 <= wait <= 600 for wait in waits)
    assert Ballot.objects.filter(poll=poll).count() == 37


# --- Retry-After tells the real time left ---------------------------------------------------------


def test_login_retry_after_is_the_time_left_in_the_window(client, db, settings, monkeypatch):
    settings.LOGIN_MAX_FAILURES_PER_USERNAME = 2
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    clock = [1_800_000_000.0]
    monkeypatch.setattr(counters.time, "time", lambda: clock[0])
    for _ in range(2):
        assert client.post("/admin/login/", {"username": "ai-do", "password": "sai"}).status_code == 200
    clock[0] += 420
    blocked = client.post("/admin/login/", {"username": "ai-do", "password": "sai"})
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "180"
    assert "3 phút" in blocked.content.decode()
    clock[0] += 180  # the window is over: the next attempt is checked again
    assert client.post("/admin/login/", {"username": "ai-do", "password": "sai"}).status_code == 200


def test_vote_retry_after_is_the_time_left_in_the_window(client, db, settings, monkeypatch, make_poll):
    settings.SURVEYS_RATE_LIMIT = 1
    settings.SURVEYS_RATE_WINDOW = 600
    clock = [1_800_000_000.0]
    monkeypatch.setattr(counters.time, "time", lambda: clock[0])
    poll = make_poll()
    url = reverse("surveys:vote", args=[poll.pk])
    assert Client().post(url, {"choice": poll.choices.first().pk}).status_code == 303
    clock[0] += 100
    refused = Client().post(url, {"choice": poll.choices.first().pk})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "500"
