"""A live server safe with SQLite's in-memory test database.

With SQLite, pytest-django's live server shares the test's single in-memory connection with every
request thread; two threads using it at once can interleave their transactions (Django's docs warn
of random failures). Here each request runs under one lock, and test code that touches the database
while a browser is talking to the server takes the same lock (`db_access()`). On PostgreSQL each
thread has its own connection and the lock is not used. On both, the tests wait for the server to
be idle before the database is reset.
"""

import contextlib
import os
import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from pytest_django.live_server_helper import LiveServer

_LOCK = threading.RLock()
_active = 0  # requests being handled, on any database
_idle = threading.Condition()


def _shared_connection() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@contextlib.contextmanager
def db_access():
    """Hold the database for the test thread (a no-op unless the connection is shared)."""
    if not _shared_connection():
        yield
        return
    with _LOCK:
        yield


class SerializedHandler(StaticFilesHandler):
    """Runs the whole request, body and request_finished included, under the lock."""

    def __call__(self, environ, start_response):
        global _active
        with _idle:
            _active += 1
        try:
            with db_access():
                response = super().__call__(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()
        finally:
            with _idle:
                _active -= 1
                _idle.notify_all()
        return [body]


class SerializedLiveServer(LiveServer):
    def __init__(self, addr: str | None = None):
        super().__init__(addr or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost", start=False)
        self.thread.static_handler = SerializedHandler
        self.start()

    def wait_idle(self, timeout: float = 30) -> None:
        """Wait until no request is being handled (after closing the browsers, before the database
        is flushed: a request still running would race the flush)."""
        with _idle:
            _idle.wait_for(lambda: _active == 0, timeout)
