"""The background worker (`manage.py run_worker`, a real subprocess on a SQLite file, as `make run`
uses) survives the database being locked for longer than its busy timeout, and a worker killed
outright loses no task: the next one runs it. The lock is shortened with SQLITE_TIMEOUT_SECONDS
(2 s instead of 20 s, locked for 5 s): the same failure as a 35-second lock, in less time."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the worker fault test runs on a SQLite file (the SQLite test run)")
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # the migrated test database, as a file
    target.close()
    return path


def env_for(path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign_site.settings.dev",
        SQLITE_PATH=str(path),
        SQLITE_TIMEOUT_SECONDS="2",
        LOG_LEVEL="WARNING",
    )
    return env


def enqueue(env) -> str:
    code = (
        "import django; django.setup();"
        "from campaign_site.tasks import purge_rate_counters_task as t; print(t.enqueue().id)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def status(path: Path, task_id: str) -> str | None:
    with sqlite3.connect(path, timeout=10) as db:
        query = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
        row = db.execute(query, (task_id.replace("-", ""),)).fetchone()  # stored as 32 hex digits
    return row[0] if row else None


def wait_for_status(path: Path, task_id: str, wanted: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status(path, task_id) == wanted:
            return
        time.sleep(0.2)
    raise AssertionError(f"task {task_id} did not reach {wanted} in {timeout}s (is {status(path, task_id)})")


def start_worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--max-pause", "1"],
        cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_worker_survives_a_database_lock_longer_than_its_timeout(sqlite_file, tmp_path):
    env = env_for(sqlite_file)
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for_status(sqlite_file, enqueue(env), "SUCCESSFUL", timeout=60)
        # Another process holds the database's write lock for 5 s (the worker waits 2 s at most).
        locker = sqlite3.connect(sqlite_file, timeout=10, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        time.sleep(5)
        locker.execute("ROLLBACK")
        locker.close()
        assert worker.poll() is None, log.read_text()[-3000:]  # still running
        wait_for_status(sqlite_file, enqueue(env), "SUCCESSFUL", timeout=60)
    finally:
        stop(worker)


def test_a_killed_worker_loses_no_task(sqlite_file, tmp_path):
    env = env_for(sqlite_file)
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for_status(sqlite_file, enqueue(env), "SUCCESSFUL", timeout=60)
        worker.kill()  # SIGKILL: no clean shutdown
        worker.wait(timeout=10)
        waiting = enqueue(env)  # enqueued while no worker runs
        time.sleep(1)
        assert (
            status(sqlite_file, waiting) in ("READY", None) or status(sqlite_file, waiting.replace("-", "")) == "READY"
        )
        worker = start_worker(env, log)  # systemd's Restart=always does this
        wait_for_status(sqlite_file, waiting, "SUCCESSFUL", timeout=60)
    finally:
        stop(worker)
