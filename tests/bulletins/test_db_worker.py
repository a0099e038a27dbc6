"""Background tasks on the database backend, run by a real `db_worker` process — what `make run`
and a production without Redis use (the rest of the suite runs tasks immediately, in-process)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bulletins.models import FeedItem
from bulletins.tasks import fetch_due_sources_task

ROOT = Path(__file__).resolve().parents[2]


def worker_environment(tmp_path) -> dict:
    """The dev settings (`make run`) on this test's database: a file copy on SQLite, the test
    database itself on PostgreSQL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "campaign_site.settings.dev"
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)  # the in-memory test database, with what the test committed
        target.close()
        env["SQLITE_PATH"] = str(path)
    else:
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


def read_back(env) -> None:
    """On SQLite, copy what the worker wrote back into the test database."""
    if connection.vendor == "sqlite":
        source = sqlite3.connect(env["SQLITE_PATH"])
        source.backup(connection.connection)
        source.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(180)
def test_db_worker_runs_the_fetch_round(settings, tmp_path, feed_server, make_source):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    source = make_source(feed_server.serve_file("/feed.xml", "good_rss.xml"))
    result = fetch_due_sources_task.enqueue()
    assert result.status == TaskResultStatus.READY  # queued in the database, not run in-process
    assert not FeedItem.objects.exists()

    env = worker_environment(tmp_path)
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=150,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-3000:]
    read_back(env)

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert row.return_value == {"sources": 1, "failed": 0, "created": 2, "updated": 0}
    assert FeedItem.objects.filter(source=source).count() == 2
    assert [path for path, _headers in feed_server.requests] == ["/feed.xml"]
