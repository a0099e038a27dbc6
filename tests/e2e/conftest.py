"""Browser tests: pytest-django's live server, the system Chromium driven by Playwright, axe-core.

Never `playwright install`: the tests launch Debian's /usr/bin/chromium. Without it (or without
axe-core from `npm ci`) the tests fail with that reason: a missing tool is never a quiet skip.
"""

import os
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connections
from playwright import sync_api

from tests.wagtail_tree import ensure_wagtail_tree

from .server import SerializedLiveServer
from .support import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, with requests serialised on SQLite's shared connection."""
    server = SerializedLiveServer()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole e2e package; every test gets its own context (cookies, storage)."""
    if not CHROMIUM.exists():
        pytest.fail("browser tests drive the system Chromium at /usr/bin/chromium: apt-get install chromium")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the test
    # itself (not by the live server's threads) would otherwise be refused as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # It also marks an event loop as running between its calls, which makes Django keep database
    # connections per async context: put this thread's connections back, or the test would open a
    # second one (on SQLite, not the in-memory connection the live server shares).
    own_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_api.sync_playwright() as playwright:
            for alias, connection in own_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _wagtail_tree(transactional_db):
    ensure_wagtail_tree()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The live server shares this process's cache: rate limits, feeds and counters start empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_context(browser, live_server):
    """new_context(**options) -> a fresh browser context on the live server (a separate visitor)."""
    contexts = []

    def _make(**options):
        options = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", **options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield _make
    for context in contexts:
        context.close()
    # A poll may still be on its way through the server: let it finish before the database is reset.
    time.sleep(0.2)
    live_server.wait_idle()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def new_page(new_context):
    """new_page(context=None, **context_options) -> a page; the test fails on an uncaught script
    error or a Content-Security-Policy refusal in any of them."""
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP refusal on {message.location.get('url')}: {message.text}")

    def _make(context=None, **options):
        page = (context or new_context(**options)).new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught script error: {error}"))
        page.on("console", on_console)
        return page

    yield _make
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(context, new_page):
    return new_page(context)


@pytest.fixture
def site(home, units, roles):
    """The home page, the unit tree and the role groups (with the moderation workflow)."""
    return SimpleNamespace(home=home, units=units, roles=roles)
