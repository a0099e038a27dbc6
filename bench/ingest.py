"""Bulletins' ingest and fetch round, measured in-process: `python -m bench.ingest --rounds 5`.

1. A generated 200-item feed: feedparser.parse alone on the bytes vs bulletins'
   ingest_feed_bytes (parse + normalise + dedupe + store) on the same bytes, alternating, each
   round into a new source so every item is stored; medians reported.
2. A fetch round over N sources served by bench.feedserver on loopback: round 1 all new, round 2
   mostly 304; counts the item rows written for the unchanged sources (must be 0).

Like the background worker (`run_worker`), the process freezes Django's start-up objects out of the
garbage collector's full collections before measuring (campaign_site/startup_gc.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from functools import partial

import django

django.setup()

import feedparser  # noqa: E402
from django.db import connection  # noqa: E402
from django.forms.models import model_to_dict  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.environment import ROOT, emit  # noqa: E402
from bench.feedgen import feed_xml  # noqa: E402
from bulletins.models import FeedItem, FeedSource  # noqa: E402
from bulletins.services import fetch_due_sources, ingest_feed_bytes  # noqa: E402
from campaign_site.startup_gc import freeze_startup_objects  # noqa: E402

HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def _source(name: str, url: str) -> FeedSource:
    return FeedSource.objects.create(url=url, name=name, credit_label=name[:80])


def _timed(func) -> tuple[float, object]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def ingest_throughput(rounds: int, items: int) -> dict:
    now = timezone.now().replace(microsecond=0)
    warm = feed_xml(source=9999, items=items, now=now)
    feedparser.parse(warm)
    ingest_feed_bytes(_source("Khởi động", "https://khoidong.example.vn/rss"), warm, HEADERS)
    parse_default, parse_same_options, ingest, reingest, created = [], [], [], [], []
    for r in range(rounds):
        body = feed_xml(source=10_000 + r, items=items, now=now)
        source = _source(f"Báo thử {r}", f"https://bao-thu-{r}.example.vn/rss")
        steps = [
            ("default", partial(feedparser.parse, body)),
            (
                "same",
                partial(
                    feedparser.parse, body, response_headers=HEADERS, sanitize_html=False, resolve_relative_uris=False
                ),
            ),
            ("ingest", partial(ingest_feed_bytes, source, body, HEADERS)),
        ]
        if r % 2:  # alternate the order so drift in machine load hits both sides alike
            steps.reverse()
        for name, step in steps:
            seconds, value = _timed(step)
            if name == "default":
                parse_default.append(seconds)
            elif name == "same":
                parse_same_options.append(seconds)
            else:
                ingest.append(seconds)
                created.append(value.created)
        seconds, _result = _timed(partial(ingest_feed_bytes, source, body, HEADERS))  # all unchanged now
        reingest.append(seconds)
    return {
        "items": items,
        "rounds": rounds,
        "feed_bytes": len(warm),
        "created_per_round": sorted(set(created)),
        "feedparser_s": statistics.median(parse_default),
        "feedparser_same_options_s": statistics.median(parse_same_options),
        "ingest_s": statistics.median(ingest),
        "feedparser_runs_s": parse_default,
        "ingest_runs_s": ingest,
        "reingest_unchanged_s": statistics.median(reingest),
    }


class WriteCounter:
    """Counts INSERT/UPDATE/DELETE statements and rows per table on this thread's connection."""

    def __init__(self):
        self.statements: Counter = Counter()
        self.rows: Counter = Counter()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"}:
            words = sql.replace('"', " ").split()
            table = words[2] if verb in {"INSERT", "DELETE"} else words[1]
            self.statements[f"{verb} {table}"] += 1
            self.rows[f"{verb} {table}"] += max(0, context["cursor"].rowcount)
        return result


def _snapshot(source_ids: list[int]) -> dict[int, dict]:
    return {item.pk: model_to_dict(item) for item in FeedItem.objects.filter(source_id__in=source_ids)}


def fetch_rounds(sources: int, items: int) -> dict:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.feedserver", "--sources", str(sources), "--items", str(items)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        if not line.startswith("PORT "):
            raise RuntimeError("the feed server did not start")
        base = f"http://127.0.0.1:{int(line.split()[1])}"
        FeedSource.objects.update(is_active=False)  # only the bench's feeds take part
        from bench.feedserver import kinds

        kind_of = kinds(sources)
        feed_sources = [
            FeedSource(url=f"{base}/feed/{i}.xml", name=f"Nguồn thử {i}", credit_label=f"Nguon{i}.vn")
            for i in range(sources)
        ]
        FeedSource.objects.bulk_create(feed_sources)
        feed_sources = list(FeedSource.objects.filter(url__startswith=base).order_by("pk"))
        by_kind = {kind: [s.pk for s, k in zip(feed_sources, kind_of, strict=True) if k == kind] for kind in kind_of}

        first_seconds, first = _timed(fetch_due_sources)
        items_after_first = FeedItem.objects.filter(source__url__startswith=base).count()

        urllib.request.urlopen(f"{base}/round2", timeout=10).read()
        FeedSource.objects.filter(url__startswith=base).update(next_attempt_at=timezone.now())
        unchanged_ids = by_kind["etag"] + by_kind["plain"]
        before = _snapshot(unchanged_ids)
        counter = WriteCounter()
        with connection.execute_wrapper(counter):
            second_seconds, second = _timed(fetch_due_sources)
        after = _snapshot(unchanged_ids)
        changed_rows = sum(1 for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk))
        statuses = Counter(outcome.status for outcome in second)
        return {
            "sources": sources,
            "items_per_feed": items,
            "first_round_s": first_seconds,
            "first_round_ok": sum(1 for o in first if o.ok),
            "items_after_first": items_after_first,
            "second_round_s": second_seconds,
            "second_round_statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
            "second_round_failed": sum(1 for o in second if not o.ok),
            "unchanged_sources": len(unchanged_ids),
            "changed_sources": len(by_kind["changed"]),
            "item_rows_changed_for_unchanged_sources": changed_rows,
            "created_second_round": sum(o.created for o in second),
            "updated_second_round": sum(o.updated for o in second),
            "write_statements": dict(counter.statements),
            "write_rows": dict(counter.rows),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


def ingest_into_full_inbox(items: int, *, inbox: int, rounds: int) -> dict:
    """The same 200-item ingest once the inbox holds `inbox` items (filled through the pipeline from
    generated feeds of other outlets, published over the last days: all in the grouping window),
    `rounds` times, each against feedparser alone on the same bytes."""
    now = timezone.now().replace(microsecond=0)
    filler = 0
    while FeedItem.objects.count() < inbox:
        body = feed_xml(source=30_000 + filler, items=items, now=now)
        ingest_feed_bytes(_source(f"Báo nền {filler}", f"https://bao-nen-{filler}.example.vn/rss"), body, HEADERS)
        filler += 1
    in_inbox = FeedItem.objects.count()
    parse_runs, ingest_runs = [], []
    for r in range(rounds):
        body = feed_xml(source=20_000 + r, items=items, now=now)
        source = _source(f"Báo thử, hộp thư đầy {r}", f"https://bao-thu-day-{r}.example.vn/rss")
        steps = [
            ("parse", partial(feedparser.parse, body)),
            ("ingest", partial(ingest_feed_bytes, source, body, HEADERS)),
        ]
        if r % 2:
            steps.reverse()
        for name, step in steps:
            seconds, _value = _timed(step)
            (parse_runs if name == "parse" else ingest_runs).append(seconds)
    return {
        "items_in_inbox": in_inbox,
        "feedparser_runs_s": parse_runs,
        "ingest_runs_s": ingest_runs,
        "feedparser_s": statistics.median(parse_runs),
        "ingest_s": statistics.median(ingest_runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--feed-items", type=int, default=20)
    parser.add_argument("--inbox", type=int, default=10_000, help="items in the inbox for the full-inbox figure")
    parser.add_argument("--inbox-rounds", type=int, default=10, help="ingests measured with the inbox full")
    args = parser.parse_args()
    freeze_startup_objects()  # as run_worker does before its first task
    emit(
        {
            "ingest": ingest_throughput(args.rounds, args.items),
            "fetch": fetch_rounds(args.sources, args.feed_items),
            "full_inbox": ingest_into_full_inbox(args.items, inbox=args.inbox, rounds=args.inbox_rounds),
        }
    )


if __name__ == "__main__":
    main()
