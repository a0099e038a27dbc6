"""Against the machine's real PostgreSQL and Redis: the page cache lives in Redis, shared between
workers; when Redis goes away mid-run, pages still render (cache misses, no 500s), logins and
publishing still work, and caching resumes by itself when Redis returns."""

import socket
import threading
import time
import uuid

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client

from campaign_site.models import RateCounter
from tests.ops.conftest import HOSTNAME, needs_postgres
from tests.ops.proxy import TcpProxy

REDIS = ("127.0.0.1", 6379)
pytestmark = needs_postgres


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_proxy(settings):
    if not redis_reachable():
        pytest.fail("needs Redis on 127.0.0.1:6379 (redis-server --daemonize yes --port 6379 --save '')")
    proxy = TcpProxy(*REDIS).start()
    prefix = f"test-ops-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "campaign_site.cache_backends.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/0",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"RETRY_AFTER": 0.2},
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    settings.LOGIN_MAX_FAILURES_PER_USERNAME = 3
    yield proxy
    proxy.stop()
    direct = redis.Redis(*REDIS)
    keys = list(direct.scan_iter(f"{prefix}:*"))
    if keys:
        direct.delete(*keys)


@pytest.fixture
def pages(redis_proxy, committed_site):
    root = committed_site()
    return {page.slug: page for page in root.get_children().specific()}


@pytest.fixture
def editor(committed_db):
    user = get_user_model().objects.create_superuser("canbo-ops", "ops@example.vn", "Dung-mat-khau-1")
    yield user
    user.delete()


def get(url: str, client: Client | None = None):
    return (client or Client()).get(url, HTTP_HOST=HOSTNAME)


def get_in_another_worker(url: str):
    """A request served by another thread: its own cache client and connections, as another
    gunicorn worker would have."""
    result = {}

    def serve():
        try:
            result["response"] = get(url)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    thread.join(timeout=30)
    return result["response"]


def test_pages_render_when_redis_goes_away_and_caching_resumes(redis_proxy, pages, editor):
    client = Client(HTTP_HOST=HOSTNAME)
    first = client.get("/gioi-thieu/")
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    # The entry is in Redis, so another worker answers from it without rendering.
    other = get_in_another_worker("/gioi-thieu/")
    assert other.status_code == 200
    assert other["X-Cache"] == "HIT"

    redis_proxy.stop()  # Redis goes away mid-run

    for url in ("/gioi-thieu/", "/tin-tuc/", "/", "/khong-co/"):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response.get("X-Cache") != "HIT"
    assert "Giới thiệu" in client.get("/gioi-thieu/").content.decode()
    # Login still works, and its rate limit holds: the counters move to the database.
    for _ in range(2):
        assert client.post("/admin/login/", {"username": "canbo-ops", "password": "sai"}).status_code == 200
    assert client.post("/admin/login/", {"username": "canbo-ops", "password": "Dung-mat-khau-1"}).status_code == 302
    client.logout()
    for _ in range(3):
        assert client.post("/admin/login/", {"username": "canbo-ops", "password": "sai"}).status_code == 200
    assert client.post("/admin/login/", {"username": "canbo-ops", "password": "sai"}).status_code == 429
    RateCounter.objects.filter(key__startswith="loginlimit:").delete()  # committed rows: clean up
    # Publishing does not fail because the purge cannot reach Redis.
    pages["tin-tuc"].save_revision().publish()

    redis_proxy.start()  # Redis is back
    time.sleep(0.3)  # past RETRY_AFTER
    assert client.get("/tin-tuc/")["X-Cache"] == "MISS"
    assert client.get("/tin-tuc/")["X-Cache"] == "HIT"


def test_a_purge_in_one_worker_reaches_the_others(redis_proxy, pages):
    assert get("/gioi-thieu/")["X-Cache"] == "MISS"
    assert get_in_another_worker("/gioi-thieu/")["X-Cache"] == "HIT"
    about = pages["gioi-thieu"]
    about.title = "Giới thiệu chung"
    about.save_revision().publish()
    # Another worker sees the purge: it renders the new title instead of answering the old entry.
    response = get_in_another_worker("/gioi-thieu/")
    assert response["X-Cache"] == "MISS"
    assert "Giới thiệu chung" in response.content.decode()
