"""With REDIS_URL set, django-tasks go to RQ and the documented worker command runs them."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.ops.test_redis_outage import redis_reachable

ROOT = Path(__file__).resolve().parents[2]


def test_documented_rq_worker_command_runs_an_enqueued_task(tmp_path):
    if not redis_reachable():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    unique = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign_site.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/14",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
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
