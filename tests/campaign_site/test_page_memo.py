"""The page cache's per-process memo: a hit takes the entry from memory only when the cache still
holds that very entry (same stamp) and the tokens are current; the memo is bounded by bytes."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from campaign_site import cache as page_cache
from campaign_site.page_memo import EntryMemo, memo

OPTIONS = page_cache.CacheOptions(timeout=60, purge_on_publish=False)


@pytest.fixture
def page_cache_on(settings, db):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    memo.clear()
    yield
    cache.clear()
    memo.clear()


def render_and_store(rf, path, text):
    request = rf.get(path)
    cached, state = page_cache.lookup(request)
    assert cached is None
    assert page_cache.store(request, HttpResponse(text), state, OPTIONS)


def hit(rf, path):
    cached, _ = page_cache.lookup(rf.get(path))
    return None if cached is None else cached.content.decode()


def test_a_hit_is_answered_from_the_memo_without_reading_the_entry(rf, page_cache_on):
    render_and_store(rf, "/tin-tuc/", "bản một")
    assert hit(rf, "/tin-tuc/") == "bản một"  # read from the cache, remembered
    key = page_cache.entry_key(rf.get("/tin-tuc/"))
    cache.delete(key)  # only the stamp and the tokens are read from now on
    assert hit(rf, "/tin-tuc/") == "bản một"


def test_a_newer_entry_replaces_the_remembered_one(rf, page_cache_on):
    render_and_store(rf, "/tin-tuc/", "bản một")
    assert hit(rf, "/tin-tuc/") == "bản một"
    # Another worker stores a newer answer (the old one expired there): a new stamp.
    request = rf.get("/tin-tuc/")
    cache.delete(page_cache.stamp_key(page_cache.entry_key(request)))
    render_and_store(rf, "/tin-tuc/", "bản hai")
    assert hit(rf, "/tin-tuc/") == "bản hai"


def test_a_purge_makes_the_remembered_entry_a_miss(rf, page_cache_on):
    render_and_store(rf, "/tin-tuc/", "bản một")
    assert hit(rf, "/tin-tuc/") == "bản một"
    page_cache.purge_paths(["/tin-tuc/"])
    assert hit(rf, "/tin-tuc/") is None
    page_cache.purge_all()
    assert hit(rf, "/tin-tuc/") is None


@pytest.mark.parametrize("lost", ["stamp", "entry_and_stamp"])
def test_a_lost_stamp_is_a_miss_even_when_the_memo_has_the_entry(rf, page_cache_on, lost):
    render_and_store(rf, "/tin-tuc/", "bản một")
    assert hit(rf, "/tin-tuc/") == "bản một"
    key = page_cache.entry_key(rf.get("/tin-tuc/"))
    cache.delete(page_cache.stamp_key(key))  # evicted, or expired with its entry
    if lost == "entry_and_stamp":
        cache.delete(key)
    assert hit(rf, "/tin-tuc/") is None


def test_an_entry_whose_stamp_does_not_match_is_not_served(rf, page_cache_on):
    """Two workers storing at once may leave one's entry beside the other's stamp: a miss, never a mix."""
    render_and_store(rf, "/tin-tuc/", "bản một")
    key = page_cache.entry_key(rf.get("/tin-tuc/"))
    cache.set(page_cache.stamp_key(key), "another-stamp")
    assert hit(rf, "/tin-tuc/") is None


def test_the_memo_can_be_turned_off(rf, page_cache_on, settings):
    settings.PAGE_CACHE_MEMO_BYTES = 0
    render_and_store(rf, "/tin-tuc/", "bản một")
    assert hit(rf, "/tin-tuc/") == "bản một"
    assert len(memo) == 0
    cache.delete(page_cache.entry_key(rf.get("/tin-tuc/")))
    assert hit(rf, "/tin-tuc/") is None


def entry(size: int) -> dict:
    return {"content": b"x" * size}


def test_memo_is_bounded_by_bytes_least_recently_used_first(settings):
    settings.PAGE_CACHE_MEMO_BYTES = 8 * 2048
    box = EntryMemo()
    for n in range(8):
        box.put(f"k{n}", "s", entry(1024))  # 2,048 bytes each with the overhead
    assert len(box) == 8 and box.size == 8 * 2048
    assert box.get("k0", "s") is not None  # k0 is now the most recently used
    box.put("k8", "s", entry(1024))
    assert box.get("k1", "s") is None  # the least recently used went first
    assert box.get("k0", "s") is not None and box.get("k8", "s") is not None
    assert box.size <= 8 * 2048


def test_memo_refuses_an_entry_larger_than_its_share_and_replaces_by_key(settings):
    settings.PAGE_CACHE_MEMO_BYTES = 8 * 2048
    box = EntryMemo()
    box.put("big", "s", entry(2048))  # more than an eighth of the memo
    assert box.get("big", "s") is None and box.size == 0
    box.put("k", "s1", entry(100))
    box.put("k", "s2", entry(200))
    assert box.get("k", "s1") is None
    assert box.get("k", "s2") == entry(200)
    assert len(box) == 1 and box.size == 200 + 1024
    box.put("k", "s3", entry(4000))  # a newer entry too big to keep: the old one is dropped as well
    assert box.get("k", "s2") is None and box.size == 0
