"""Search figures for `make bench` (hooked into the growth section of bench/__main__.py).

On the large site (--large-articles, 100,000 by default): the p95 of the results page over the
bench's query set, which adds abbreviations, a quoted phrase, an exclusion and misspelled queries
to the 8 everyday ones, and the p95 of the suggestions endpoint. Targets: PostgreSQL < 150 ms,
SQLite < 400 ms, suggestions < 30 ms. The page cache is off on that server, so every request
runs the search.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from bench.load import sequential_timings
from bench.report import Row, ms, progress, verdict

QUERIES = [
    "cai cach hanh chinh",
    "thủ tục hành chính",
    "mot cua",
    "dịch vụ công trực tuyến",
    "chuyển đổi số",
    "VNeID",
    "tthc",  # an abbreviation: expanded to its phrase
    "cchc mot cua",
    '"một cửa liên thông"',  # a phrase
    "cai cach -thue",  # an exclusion
    "dang ky thuong truu",  # misspelled: did you mean
    "mot cưa",
]
SUGGESTIONS = ["ca", "thu tuc", "dang k", "mot c", "vneid", "tth", "chuyen d", "phuong x"]
TARGETS_MS = {"postgresql": 150, "sqlite": 400}
SUGGEST_TARGET_MS = 30


def search_paths() -> list[str]:
    return [f"/search/?q={quote_plus(q)}" for q in QUERIES]


def suggest_paths() -> list[str]:
    return [f"/search/suggest/?q={quote_plus(q)}" for q in SUGGESTIONS]


def add_figures(bench, articles: int) -> None:
    """Time both endpoints on the large site's server (its search vocabulary was rebuilt after its
    bulk import, in `grow_to`)."""
    table = bench.tables["growth"]
    vendor = bench.env.database.vendor
    for label, paths, target_ms in (
        (f"Search p95 ({vendor}), {articles:,} articles, {len(QUERIES)} queries", search_paths(), TARGETS_MS[vendor]),
        (f"Search suggestions p95 ({vendor}), {len(SUGGESTIONS)} prefixes", suggest_paths(), SUGGEST_TARGET_MS),
    ):
        for n, path in enumerate(paths):
            bench.warm(bench.large, path, burst=n == 0)
        timing = sequential_timings(
            bench.large.base_url,
            paths,
            count=bench.preset["search_samples"],
            seconds=4 * bench.preset["sample_seconds"],
        )
        progress(f"  {label}: {ms(timing.p95)}")
        at_size = articles >= 100_000
        table.add(
            Row(
                label,
                ms(timing.p95),
                target=f"< {target_ms} ms" + ("" if at_size else " at 100,000 articles"),
                result=verdict(timing.p95 < target_ms) if at_size else "not at 100,000",
            )
        )
