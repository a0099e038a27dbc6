"""Django side of the search bench: `python -m bench.search_fixtures rebuild|measure`.

`rebuild`: the suggestion titles and did-you-mean vocabulary of the bench site (bulk articles are
created without publishing signals). `measure [--samples N]`: the p95 of the search page and the
suggestions endpoint in-process (Django's test client, no HTTP server), for a quick figure on any
database: `DATABASE_URL=… python -m bench.search_fixtures measure`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import django

django.setup()

from bench.environment import emit  # noqa: E402
from bench.search import QUERIES, SUGGESTIONS  # noqa: E402


def rebuild(_args) -> dict:
    from sitesearch import vocabulary

    titles, terms = vocabulary.rebuild()
    return {"titles": titles, "terms": terms}


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def measure(args) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from news.models import NewsArticlePage

    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.0.0.1")
    result = {"vendor": connection.vendor, "articles": NewsArticlePage.objects.live().count()}
    for name, path, texts in (("search", "/search/", QUERIES), ("suggest", "/search/suggest/", SUGGESTIONS)):
        samples, cpu = [], []
        for text in texts:  # warm
            client.get(path, {"q": text})
        for n in range(args.samples):
            cache.clear()  # every request computes its answer
            text = texts[n % len(texts)]
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, {"q": text})
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (path, text, response.status_code)
        result[f"{name}_p95_ms"] = round(_p95(samples), 1)
        result[f"{name}_median_ms"] = round(statistics.median(samples), 1)
        # This process's CPU time: the figure that survives a loaded machine (on SQLite it includes
        # the database's work; on PostgreSQL the server's share is not in it).
        result[f"{name}_cpu_p95_ms"] = round(_p95(cpu), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_fixtures")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("rebuild")
    measure_parser = sub.add_parser("measure")
    measure_parser.add_argument("--samples", type=int, default=int(os.environ.get("BENCH_SEARCH_SAMPLES", "60")))
    args = parser.parse_args()
    emit({"rebuild": rebuild, "measure": measure}[args.action](args))


if __name__ == "__main__":
    main()
