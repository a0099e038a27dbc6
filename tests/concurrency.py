"""Start threads together: the one helper of every concurrency test.

`run_at_once(worker, count)` runs `worker(n)` for n in range(count), each in its own thread, all
released at once by a barrier, and returns what each returned or the exception it raised (never
swallowed: the test asserts on it). `prepare(n)`, when given, runs in the thread before the barrier
(e.g. fetching a CSRF token) and its result is passed on: `worker(n, prepared)`. Each thread closes
its database connection. A thread still running after `join` seconds fails the call loudly.
"""

import threading

from django.db import connection


def run_at_once(worker, count: int, *, prepare=None, wait: float = 30, join: float = 60) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        try:
            if prepare is None:
                barrier.wait(timeout=wait)
                results[n] = worker(n)
            else:
                prepared = prepare(n)
                barrier.wait(timeout=wait)
                results[n] = worker(n, prepared)
        except Exception as error:  # reported, never swallowed: the test asserts on it
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join)
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        raise AssertionError(f"{stuck} of {count} threads still running after {join} s")
    return results
