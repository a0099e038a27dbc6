import uuid

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the machine's Redis (fails without it); its keys are
    deleted afterwards."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.fail("needs Redis on 127.0.0.1:6379 (redis-server --daemonize yes --port 6379 --save '')")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    yield prefix
    direct = redis.Redis.from_url(REDIS_URL)
    keys = list(direct.scan_iter(f"{prefix}:*"))
    if keys:
        direct.delete(*keys)
