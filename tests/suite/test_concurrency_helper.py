"""tests/concurrency.py, the helper every concurrency test relies on: it must really release the
threads together, report each worker's exception, and fail (not hang or pass) when a thread is stuck."""

import threading

import pytest

from tests.concurrency import run_at_once


def test_every_worker_starts_only_when_all_are_ready():
    ready = []
    lock = threading.Lock()

    def prepare(n):
        with lock:
            ready.append(n)
        return n * 10

    def worker(n, prepared):
        with lock:
            return len(ready), prepared

    assert run_at_once(worker, 6, prepare=prepare) == [(6, n * 10) for n in range(6)]


def test_results_keep_their_order_and_exceptions_are_returned():
    def worker(n):
        if n == 2:
            raise ValueError("hỏng")
        return n

    results = run_at_once(worker, 4)
    assert results[:2] == [0, 1] and results[3] == 3
    assert isinstance(results[2], ValueError) and str(results[2]) == "hỏng"


def test_a_stuck_thread_fails_the_call():
    release = threading.Event()
    try:
        with pytest.raises(AssertionError, match="1 of 2 threads still running"):
            run_at_once(lambda n: release.wait(30) if n else None, 2, join=0.2)
    finally:
        release.set()
