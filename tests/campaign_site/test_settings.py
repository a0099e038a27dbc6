"""Production settings refuse to start without their secrets, and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "campaign_site.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS is not set"),
    ],
)
@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_production_refuses_missing_settings(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.timeout(240)  # starts Django in a subprocess, itself under a timeout
def test_production_check_deploy_is_clean():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="s3cr3t-" + "q" * 60, ALLOWED_HOSTS="cchc.example.vn"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_vietnamese_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_sqlite_default_is_tuned_for_concurrent_writes():
    from campaign_site.settings import base

    options = base.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]
    assert options["timeout"] >= 5


@pytest.mark.parametrize(("env", "kept"), [({}, 60), ({"DB_CONN_MAX_AGE": "0"}, 0), ({"DB_CONN_MAX_AGE": "300"}, 300)])
def test_sqlite_file_connections_are_kept_like_postgresql_ones(monkeypatch, env, kept):
    """Opening a SQLite connection (its PRAGMAs, the schema read on its first query) cost a rendered
    page about half its time: kept per thread, as PostgreSQL's are."""
    from campaign_site.settings import base

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    sqlite = base.database_from_env()
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/campaign")
    postgresql = base.database_from_env()
    assert sqlite["CONN_MAX_AGE"] == postgresql["CONN_MAX_AGE"] == kept
    assert sqlite["CONN_HEALTH_CHECKS"] and postgresql["CONN_HEALTH_CHECKS"]


def test_a_sqlite_file_database_opens_in_wal_mode(tmp_path, monkeypatch, django_db_blocker):
    """The default database (a file; the test database is in memory, where WAL cannot be): the
    settings' own config opened through Django, as `make run` does."""
    from django.db.utils import ConnectionHandler

    from campaign_site.settings import base

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(base, "SQLITE_PATH", str(tmp_path / "wal.sqlite3"))
    handler = ConnectionHandler({"default": base.database_from_env()})
    try:
        with django_db_blocker.unblock(), handler["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("PRAGMA wal_autocheckpoint")
            assert cursor.fetchone()[0] == base.SQLITE_WAL_AUTOCHECKPOINT == 4000
    finally:
        handler.close_all()
