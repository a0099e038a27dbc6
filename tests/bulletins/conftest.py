"""Fixtures for the bulletins tests: a real HTTP server on 127.0.0.1 serving feed fixtures, and
sections, rules and sources."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bulletins.models import BulletinIndexPage, BulletinSection, FeedSource, KeywordRule
from tests.factories import FeedSourceFactory

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def feed_bytes(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


class Reply:
    """What the server answers on a path: status, headers, body (bytes or a generator of chunks)."""

    def __init__(self, status=200, body=b"", headers=None, *, hang=False, etag=None):
        self.status, self.body, self.headers, self.hang, self.etag = status, body, headers or {}, hang, etag


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Reply | Callable] = {}
        self.requests: list[tuple[str, dict]] = []
        self.sent_bytes: dict[str, int] = {}
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                reply = server.routes.get(self.path)
                if callable(reply):
                    reply = reply(self)
                if reply is None:
                    reply = Reply(404, b"not found")
                if reply.hang:
                    server.release.wait(10)
                    return
                if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.etag:
                    self.send_header("ETag", reply.etag)
                if isinstance(reply.body, bytes):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                sent = 0
                try:
                    for chunk in reply.body:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    server.sent_bytes[self.path] = sent
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path: str, reply: Reply | Callable) -> str:
        self.routes[path] = reply
        return self.url(path)

    def serve_file(self, path: str, name: str, **kwargs) -> str:
        headers = kwargs.pop("headers", {"Content-Type": "application/rss+xml; charset=utf-8"})
        return self.serve(path, Reply(200, feed_bytes(name), headers, **kwargs))

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def sections(db) -> dict[str, BulletinSection]:
    return {
        "local": BulletinSection.objects.create(name="CẢI CÁCH ĐỊA PHƯƠNG", sort_order=10),
        "field": BulletinSection.objects.create(name="LĨNH VỰC CẢI CÁCH", sort_order=20),
        "admin": BulletinSection.objects.create(name="QUẢN LÝ HÀNH CHÍNH", sort_order=30),
    }


@pytest.fixture
def rules(sections) -> list[KeywordRule]:
    return [
        KeywordRule.objects.create(phrase="cải cách hành chính", weight=10, section=sections["field"]),
        KeywordRule.objects.create(phrase="thủ tục hành chính", weight=8, section=sections["admin"]),
        KeywordRule.objects.create(phrase="một cửa", weight=6, section=sections["admin"]),
        KeywordRule.objects.create(phrase="Đề án 06", weight=8, section=sections["field"]),
        KeywordRule.objects.create(phrase="chuyển đổi số", weight=6, section=sections["field"]),
        KeywordRule.objects.create(phrase="dịch vụ công trực tuyến", weight=7, section=sections["field"]),
        KeywordRule.objects.create(phrase="Tây Hồ", weight=3, section=sections["local"]),
        KeywordRule.objects.create(phrase="giá rau", weight=1, is_exclude=True),
    ]


@pytest.fixture
def make_source(db, sections):
    FeedSourceFactory.reset_sequence()

    def _make(url: str | None = None, **fields) -> FeedSource:
        fields.setdefault("default_section", sections["local"])
        if url:
            fields["url"] = url
        return FeedSourceFactory(**fields)

    return _make


@pytest.fixture
def bulletin_index(home) -> BulletinIndexPage:
    index = home.add_child(instance=BulletinIndexPage(title="Bản tin CCHC", slug="ban-tin", show_in_menus=True))
    index.save_revision().publish()
    return BulletinIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def fast_timeouts(settings):
    settings.FEEDS_TIMEOUT = (1.0, 0.5)
    settings.FEEDS_TOTAL_TIMEOUT = 5.0
    return settings


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False
