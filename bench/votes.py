"""Concurrent voters over HTTP, each doing what surveys/static/surveys/poll.js does: GET the
never-cached /csrf/ endpoint (fresh CSRF token, csrftoken and voter cookies), then POST the
vote with that token and those cookies, asking for JSON. Every voter is a new browser."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load import _host_port, _percentile


@dataclass
class VoteRun:
    attempted: int = 0
    accepted: int = 0  # 201 answers
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # broken connections
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        return _percentile(self.latencies, 95) * 1000


def _cookies(response) -> dict[str, str]:
    jar = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        jar.update({name: morsel.value for name, morsel in cookie.items()})
    return jar


def one_vote(connection: http.client.HTTPConnection, poll_id: int, choice_id: int) -> int:
    connection.request("GET", "/csrf/", headers={"Accept": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        return response.status
    jar = _cookies(response)
    token = json.loads(data)["csrfToken"]
    body = urlencode({"choice": choice_id, "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        f"/polls/{poll_id}/vote/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "X-CSRFToken": token,
            "Cookie": "; ".join(f"{name}={value}" for name, value in jar.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status


def run_votes(base_url: str, *, poll_id: int, choices: list[int], clients: int, count: int, seconds: float) -> VoteRun:
    host, port = _host_port(base_url)
    run = VoteRun()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def voter(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        n = offset
        while time.monotonic() < deadline:
            with lock:
                if run.attempted >= count:
                    break
                run.attempted += 1
            started = time.perf_counter()
            try:
                status = one_vote(connection, poll_id, choices[n % len(choices)])
            except (OSError, http.client.HTTPException):
                with lock:
                    run.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=60)
                continue
            elapsed = time.perf_counter() - started
            n += 1
            with lock:
                run.statuses[status] = run.statuses.get(status, 0) + 1
                if status == 201:
                    run.accepted += 1
                    run.latencies.append(elapsed)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=voter, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run
