"""With REDIS_URL set, django-tasks go to RQ and the documented worker command runs them."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from tests.ops.test_redis_outage import REDIS, redis_reachable

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 12  # this test's own database; it leaves it as it found it


def rq_keys(connection) -> list[bytes]:
    return list(connection.scan_iter("rq:*"))


@pytest.fixture
def rq_database():
    """Redis database REDIS_DB, with no RQ keys before the test and none after it."""
    if not redis_reachable():
        pytest.fail("needs Redis on 127.0.0.1:6379 (redis-server --daemonize yes --port 6379 --save '')")
    connection = redis.Redis(*REDIS, db=REDIS_DB)
    if keys := rq_keys(connection):
        connection.delete(*keys)  # a crashed earlier run
    yield connection
    if keys := rq_keys(connection):
        connection.delete(*keys)
    connection.close()


def test_documented_rq_worker_command_runs_an_enqueued_task(tmp_path, rq_database):
    unique = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign_site.settings.dev",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    # A worker runs against a migrated database (it records each finished job: campaign_site.JobRun).
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    enqueue = (
        "import django; django.setup();"
        "from django_tasks import task_backends as tb; b = tb['default'];"
        "from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task as t;"
        f"r = t.enqueue(['https://cchc.example.vn/{unique}/']); print(type(b).__name__, r.id)"
    )
    queued = subprocess.run(
        [sys.executable, "-c", enqueue], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert queued.returncode == 0, queued.stderr
    backend, job_id = queued.stdout.split()
    assert backend == "FallbackRQBackend"

    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr
    output = worker.stdout + worker.stderr
    assert f"Job OK ({job_id})" in output
    assert rq_keys(rq_database), "the queue and the finished job live in the test's own database"
