"""Fault test: a real gunicorn with production settings, its PostgreSQL behind a loopback proxy that
the test cuts mid-run. /healthz answers 503 with JSON, a page answers the friendly Vietnamese error
page (never a traceback), a page already in the page cache keeps being served, and everything
recovers by itself when the database comes back."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.conftest import HOSTNAME, needs_postgres
from tests.ops.proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
ERROR_TEXT = "Hệ thống đang gặp sự cố"  # 500.html's heading in Vietnamese

pytestmark = needs_postgres


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, **headers) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": HOSTNAME, **headers})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(port: int, path: str, status: int, timeout: float) -> tuple[int, dict, str]:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fetch(port, path)
            if last[0] == status:
                return last
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{path} did not answer {status} within {timeout}s; last: {last and last[:2]}")


@pytest.fixture
def postgres_proxy(committed_db):
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def pages(committed_site, port):
    return committed_site(port=port, pages=[("Giới thiệu", "gioi-thieu"), ("Liên hệ", "lien-he")])


@pytest.fixture
def server(pages, port, postgres_proxy, tmp_path):
    """gunicorn with production settings, two workers, its database through the proxy."""
    connection.close()  # the site above is committed; gunicorn gets its own connections
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign_site.settings.production",
        SECRET_KEY="fault-test-" + "k" * 50,
        ALLOWED_HOSTS=f"127.0.0.1,{HOSTNAME}",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://{auth}@127.0.0.1:{postgres_proxy.port}/{db['NAME']}",
        STATIC_ROOT=str(tmp_path / "static"),
        FILE_CACHE_DIR=str(tmp_path / "cache"),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESS_LOG="",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "campaign_site.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(port, "/healthz", 200, timeout=30)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        postgres_proxy.stop()  # close the workers' connections before the test database is dropped
        print((tmp_path / "gunicorn.log").read_text()[-3000:])


def test_database_outage_answers_503_and_recovers_by_itself(server, port, postgres_proxy):
    status, headers, body = fetch(port, "/gioi-thieu/")
    assert status == 200
    assert "Giới thiệu" in body
    # Production security headers on the real server (HTTPS as told by the proxy in front).
    status, headers, _ = fetch(port, "/gioi-thieu/", **{"X-Forwarded-Proto": "https"})
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Both workers share the page cache (files on this machine).
    for _ in range(4):
        assert fetch(port, "/gioi-thieu/")[1]["X-Cache"] == "HIT"

    postgres_proxy.stop()  # the database goes away

    for _ in range(4):  # hits both workers
        status, headers, body = fetch(port, "/healthz")
        assert status == 503
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body)["status"] == "error"

        status, headers, body = fetch(port, "/lien-he/")
        assert status == 503
        assert ERROR_TEXT in body
        assert "Traceback" not in body
        assert "OperationalError" not in body
        assert headers["Retry-After"] == "30"
        assert "no-store" in headers["Cache-Control"]

        # A page already cached keeps being served while the database is down.
        status, headers, body = fetch(port, "/gioi-thieu/")
        assert (status, headers["X-Cache"]) == (200, "HIT")

    postgres_proxy.start()  # the database returns; nothing is restarted

    wait_for(port, "/healthz", 200, timeout=15)
    for _ in range(4):
        assert fetch(port, "/healthz")[0] == 200
        status, _, body = fetch(port, "/lien-he/")
        assert status == 200
        assert "Liên hệ" in body
