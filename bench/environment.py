"""A throwaway installation for one benchmark run: temp directory, fresh database, environment.

SQLite: a file in the temp directory. PostgreSQL (DATABASE_URL set): a separate database named
BENCH_DB_NAME on the same server, dropped and created by the bench; no other database is touched.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB_NAME = "campaign_site_bench"
# Variables of the caller's shell that must not leak into the bench's servers.
DROPPED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SQLITE_PATH", "PORT", "GUNICORN_BIND")


class Database:
    """The bench database: `campaign_site_bench` (PostgreSQL) or a temp SQLite file; `copy()` makes a
    second one (`campaign_site_bench_large`) from it for the growth figures."""

    def __init__(self, tmp: Path, *, suffix: str = ""):
        source = os.environ.get("DATABASE_URL", "").strip()
        self.vendor = "postgresql" if source.startswith(("postgres://", "postgresql://")) else "sqlite"
        if source and self.vendor == "sqlite" and not source.startswith("sqlite"):
            raise SystemExit(f"DATABASE_URL must be PostgreSQL (or unset for SQLite), not {source.split(':')[0]}")
        self.tmp = tmp
        self.suffix = suffix
        self.name = BENCH_DB_NAME + (f"_{suffix}" if suffix else "")
        self.path = tmp / f"{self.name}.sqlite3"
        self.url = ""
        if self.vendor == "postgresql":
            parts = urlsplit(source)
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin_url = urlunsplit(parts._replace(path="/postgres"))

    @property
    def label(self) -> str:
        if self.vendor == "sqlite":
            return f"SQLite (temp file {self.path})"
        return f"PostgreSQL (database {self.name} on {urlsplit(self.url).hostname})"

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url} if self.url else {"SQLITE_PATH": str(self.path)}

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self) -> None:
        if self.vendor == "postgresql":
            self.drop()
            self._admin(f'CREATE DATABASE "{self.name}"')

    def copy(self, suffix: str) -> Database:
        """A copy of this database as it is now (nobody may be connected to it)."""
        other = Database(self.tmp, suffix=suffix)
        if self.vendor == "postgresql":
            other.drop()
            other._admin(f'CREATE DATABASE "{other.name}" TEMPLATE "{self.name}"')
        else:
            import sqlite3

            with sqlite3.connect(self.path) as source, sqlite3.connect(other.path) as target:
                source.backup(target)
        return other

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class BenchEnv:
    """Temp directories, database and the environment every bench process runs with."""

    def __init__(self, *, keep: bool = False):
        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
        self.log_dir = self.tmp / "logs"
        self.log_dir.mkdir()
        self.database = Database(self.tmp)
        self.extra_databases: list[Database] = []
        self.base = {key: value for key, value in os.environ.items() if key not in DROPPED}
        self.base.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "STATIC_ROOT": str(self.tmp / "static"),
                "MEDIA_ROOT": str(self.tmp / "media"),
                "FILE_CACHE_DIR": str(self.tmp / "cache"),
                "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
                "LOG_LEVEL": "WARNING",
                "PYTHONDONTWRITEBYTECODE": "1",
                **self.database.env(),
            }
        )

    def env(self, **extra: str) -> dict[str, str]:
        return {**self.base, **extra}

    def run(self, args: list[str], *, label: str, timeout: float = 3600, env: dict | None = None, echo=None):
        """Run a command in the project directory; its output goes to logs/<label>.log (and to `echo`
        line by line if given). Raises with the log's tail when it fails."""
        log_path = self.log_dir / f"{label}.log"
        with open(log_path, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env or self.base,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,  # its own process group, so a timeout ends its children too
            )
            watchdog = threading.Timer(timeout, os.killpg, args=(process.pid, signal.SIGKILL))
            watchdog.start()
            lines = []
            try:
                assert process.stdout is not None
                for line in process.stdout:
                    log.write(line)
                    lines.append(line)
                    if echo:
                        echo(line.rstrip())
                code = process.wait()
            finally:
                watchdog.cancel()
        if code != 0:
            tail = "".join(lines[-30:])
            raise RuntimeError(f"{' '.join(args[1:4])} failed (exit {code}); log {log_path}:\n{tail}")
        return "".join(lines)

    def manage(self, *args: str, label: str, timeout: float = 3600, echo=None, env: dict | None = None) -> str:
        return self.run([PYTHON, "manage.py", *args], label=label, timeout=timeout, echo=echo, env=env)

    def django(
        self, module: str, *args: str, label: str, timeout: float = 3600, echo=None, env: dict | None = None
    ) -> dict:
        """Run `python -m bench.<module> args` under Django; it prints one JSON line starting with BENCH."""
        output = self.run([PYTHON, "-m", f"bench.{module}", *args], label=label, timeout=timeout, echo=echo, env=env)
        for line in reversed(output.splitlines()):
            if line.startswith("BENCH "):
                return json.loads(line[len("BENCH ") :])
        raise RuntimeError(f"bench.{module} {' '.join(args)} printed no result; log {self.log_dir / label}.log")

    def with_database(self, database: Database, **extra: str) -> dict[str, str]:
        return {**self.base, **database.env(), **extra}

    def close(self) -> None:
        if not self.keep:
            try:
                for database in (self.database, *self.extra_databases):
                    database.drop()
            finally:
                shutil.rmtree(self.tmp, ignore_errors=True)


def emit(data: dict) -> None:
    """How Django-side bench modules hand their result back to the harness."""
    print("BENCH " + json.dumps(data, ensure_ascii=False), flush=True)
