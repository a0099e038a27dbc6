"""gunicorn with the project's own gunicorn.conf.py on a free loopback port."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time

from bench.environment import PYTHON, ROOT, BenchEnv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, bench: BenchEnv, *, name: str, workers: int | None = None, **extra_env: str):
        self.name = name
        self.port = free_port()
        self.host = "127.0.0.1"
        env = {
            "GUNICORN_BIND": f"{self.host}:{self.port}",
            "GUNICORN_ACCESS_LOG": "",  # no access log: it would cost the same on every request
            "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
            "GUNICORN_LOG_LEVEL": "warning",
            **extra_env,
        }
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        self.env = bench.env(**env)
        self.log_path = bench.log_dir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Gunicorn:
        log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "campaign_site.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout: float = 90) -> None:
        """Until /healthz answers 200 on a fresh connection; every worker has then imported the site
        (gunicorn forks them before the first accept), and one warm-up pass follows in the caller."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited; see {self.log_path}:\n{self._tail()}")
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn {self.name} did not answer within {timeout:.0f}s; see {self.log_path}")

    def _tail(self) -> str:
        try:
            return "".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines(True)[-20:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM to the master we started (it stops its workers), then its own process group if needed."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group gunicorn leads (start_new_session)
            self.process.wait(timeout=10)
