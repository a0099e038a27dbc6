"""The Redis cache keeps one redis-py client per connection pool (Django builds one per call), and
that shared client stays correct under threads. Needs the machine's Redis (fails without it)."""

import threading

import pytest

from campaign_site.cache_backends import ReusedClientRedisCacheClient, SafeRedisCache

URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache(redis_prefix):
    return SafeRedisCache(URL, {"KEY_PREFIX": redis_prefix})


def test_one_client_per_pool_is_reused(redis_cache):
    client = redis_cache._cache
    assert isinstance(client, ReusedClientRedisCacheClient)
    first = client.get_client("a")
    assert client.get_client("b") is first
    assert client.get_client("c", write=True) is first  # one server: reads and writes share its pool
    redis_cache.set("trang", "Cải cách")
    assert redis_cache.get("trang") == "Cải cách"
    assert client.get_client() is first


def test_the_shared_client_is_right_under_threads(redis_cache):
    errors = []

    def worker(n):
        try:
            for i in range(100):
                key = f"k{n}-{i}"
                redis_cache.set(key, f"giá trị {n}-{i}")
                values = redis_cache.get_many([key, f"k{n}-{i - 1}"])
                assert values[key] == f"giá trị {n}-{i}"
                if i:
                    assert values[f"k{n}-{i - 1}"] == f"giá trị {n}-{i - 1}"
        except Exception as error:  # reported below, with the thread's number
            errors.append((n, error))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(redis_cache._cache._clients) == 1
