"""Load generation: wrk when installed (tried with apt-get once), else a Python keep-alive client.

Every run is bounded by time and, for the Python client, by a request count as well.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

WRK_LUA = """
local paths = {PATHS}
local n = 0
if #paths > 1 then
  request = function()
    n = n + 1
    return wrk.format(nil, paths[(n % #paths) + 1])
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int = 0  # socket errors and answers >= 400
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def find_wrk(*, try_install: bool) -> str | None:
    """wrk's path; when missing and allowed (root with apt-get), one quiet `apt-get install -y wrk`."""
    path = shutil.which("wrk")
    if path or not try_install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return path
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return shutil.which("wrk")


class Loader:
    def __init__(self, *, wrk: str | None, connections: int, threads: int = 2):
        self.wrk = wrk
        self.connections = connections
        self.threads = threads

    @property
    def description(self) -> str:
        if self.wrk:
            return f"wrk ({self.threads} threads, {self.connections} keep-alive connections)"
        return f"Python keep-alive client ({self.connections} threads)"

    def run(self, base_url: str, paths: list[str], *, seconds: float, headers: dict | None = None) -> LoadResult:
        if self.wrk:
            return self._wrk(base_url, paths, seconds=seconds, headers=headers or {})
        return python_load(
            base_url, paths, seconds=seconds, headers=headers or {}, concurrency=self.connections, max_requests=10**7
        )

    def _wrk(self, base_url: str, paths: list[str], *, seconds: float, headers: dict) -> LoadResult:
        lua_paths = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_LUA.replace("{PATHS}", lua_paths))
        try:
            args = [
                self.wrk,
                f"-t{self.threads}",
                f"-c{self.connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
            ]
            for name, value in headers.items():
                args += ["-H", f"{name}: {value}"]
            output = subprocess.run(
                [*args, base_url + paths[0]], capture_output=True, text=True, timeout=seconds + 60
            ).stdout
        finally:
            Path(script.name).unlink(missing_ok=True)
        line = next((line for line in output.splitlines() if line.startswith("BENCHJSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk printed no summary:\n{output}")
        data = json.loads(line[len("BENCHJSON ") :])
        errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
        return LoadResult(
            tool="wrk",
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50"] / 1000,
            p95_ms=data["p95"] / 1000,
            errors=errors,
        )


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _host_port(base_url: str) -> tuple[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    return host, int(port)


def python_load(
    base_url: str, paths: list[str], *, seconds: float, headers: dict, concurrency: int, max_requests: int
) -> LoadResult:
    """`concurrency` threads, each on its own keep-alive connection, until the time or count is up."""
    host, port = _host_port(base_url)
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = [0]
    issued = [0]
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        local_lat, local_status, local_errors, n = [], {}, 0, offset
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    break
                issued[0] += 1
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                local_errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                continue
            local_lat.append(time.perf_counter() - started)
            local_status[response.status] = local_status.get(response.status, 0) + 1
            if response.status >= 400:
                local_errors += 1
        connection.close()
        with lock:
            latencies.extend(local_lat)
            errors[0] += local_errors
            for status, count in local_status.items():
                statuses[status] = statuses.get(status, 0) + count

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(
        tool="python",
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=_percentile(latencies, 50) * 1000,
        p95_ms=_percentile(latencies, 95) * 1000,
        errors=errors[0],
        statuses=statuses,
    )


@dataclass
class Timing:
    samples_ms: list[float]
    statuses: dict[int, int]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else 0.0

    @property
    def p95(self) -> float:
        return _percentile(self.samples_ms, 95)


def sequential_timings(
    base_url: str, paths: list[str], *, count: int, seconds: float, headers: dict | None = None
) -> Timing:
    """One client, one request at a time: response times without queueing (up to `count` or `seconds`)."""
    host, port = _host_port(base_url)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    samples, statuses = [], {}
    deadline = time.monotonic() + seconds
    for n in range(count):
        if time.monotonic() > deadline and samples:
            break
        started = time.perf_counter()
        connection.request("GET", paths[n % len(paths)], headers=headers or {})
        response = connection.getresponse()
        response.read()
        samples.append((time.perf_counter() - started) * 1000)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    connection.close()
    return Timing(samples, statuses)


def interleaved_timings(targets: list[tuple[str, str]], *, rounds: int, seconds: float) -> list[Timing]:
    """(base_url, path) targets requested in turn, one at a time, so that drift in machine load hits
    every target alike; one Timing per target."""
    connections = []
    for base_url, _path in targets:
        host, port = _host_port(base_url)
        connections.append(http.client.HTTPConnection(host, port, timeout=60))
    results = [Timing([], {}) for _ in targets]
    deadline = time.monotonic() + seconds
    for n in range(rounds):
        if n and time.monotonic() > deadline:
            break
        for connection, (_base, path), result in zip(connections, targets, results, strict=True):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            result.samples_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
    for connection in connections:
        connection.close()
    return results


def fetch(base_url: str, path: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    host, port = _host_port(base_url)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()
