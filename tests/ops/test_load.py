"""A bounded load run on loopback: a few threads send ~300 requests over the main pages and
endpoints of a live server; none may fail with a 5xx or a dropped connection."""

import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import cache

from tests.e2e import content
from tests.e2e.server import SerializedLiveServer, db_access
from tests.wagtail_tree import ensure_wagtail_tree

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4
REQUESTS = 300
RATE = 30  # requests per second for all threads together: ~10 s


@pytest.fixture(scope="module")
def live_server():
    """On loopback only; requests serialised on SQLite's shared in-memory connection (see server.py)."""
    server = SerializedLiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def targets(transactional_db, home, units, roles):
    """(path, extra headers) for every page and endpoint in the run."""
    from screens import services
    from screens.models import DisplayProfile, ProfileKind, Screen

    cache.clear()
    index = content.news_index(home)
    articles = [
        content.article(index, f"Cải cách thủ tục hành chính ở phường số {n}", lead=f"Tóm tắt số {n}.")
        for n in range(1, 4)
    ]
    bulletin = content.published_bulletin(
        home, [("Hà Nội cắt giảm 30% thủ tục hành chính cấp phường", "Danh mục thủ tục được cắt giảm.")]
    )
    poll = content.poll()
    profile = DisplayProfile.objects.create(
        name="TV", kind=ProfileKind.TV_LANDSCAPE, width_px=1920, height_px=1080, max_title_chars=120,
        max_text_chars=600,
    )  # fmt: skip
    screen = Screen.objects.create(name="TV Một cửa", unit=units["ward_a"], profile=profile)
    services.set_token(screen=screen, token="load-test-token-0123456789abcdef")
    bearer = {"Authorization": "Bearer load-test-token-0123456789abcdef"}
    yield [
        ("/", {}),
        (index.url, {}),
        (articles[0].url, {}),
        (articles[2].url, {}),
        ("/search/?q=cai+cach+thu+tuc", {}),
        (bulletin.url, {}),
        (f"/polls/{poll.pk}/results.json", {}),
        (f"/screens/{screen.pk}/feed.json", bearer),
        ("/healthz", {}),
    ]
    cache.clear()


@pytest.fixture(autouse=True)
def _wagtail_tree(transactional_db):
    ensure_wagtail_tree()


def test_bounded_load_on_loopback_has_no_server_errors(live_server, targets):
    assert urlsplit(live_server.url).hostname == "127.0.0.1"
    statuses: dict[str, Counter] = {path: Counter() for path, _headers in targets}
    failures: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()

    def worker(offset: int) -> None:
        session = requests.Session()
        for n in range(offset, REQUESTS, THREADS):
            # Paced, so the run is bounded in rate as well as in count.
            delay = start + n / RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            path, headers = targets[n % len(targets)]
            try:
                response = session.get(live_server.url + path, headers=headers, timeout=30)
                with lock:
                    statuses[path][response.status_code] += 1
            except requests.RequestException as error:
                with lock:
                    failures.append(f"{path}: {error!r}")

    threads = [threading.Thread(target=worker, args=(offset,)) for offset in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "the load run did not finish"

    summary = {path: dict(counts) for path, counts in statuses.items()}
    assert not failures, failures[:10]
    assert sum(sum(counts.values()) for counts in statuses.values()) == REQUESTS, summary
    server_errors = {path: n for path, counts in statuses.items() for status, n in counts.items() if status >= 500}
    assert not server_errors, summary
    # Every page and endpoint really answered (not a 404 or a refusal that would hide a broken route).
    assert all(set(counts) == {200} for counts in statuses.values()), summary
    with db_access():
        from screens.models import Screen

        assert Screen.objects.get().last_seen_at is not None  # the feed requests were the screen's polls
