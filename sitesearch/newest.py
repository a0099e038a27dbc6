"""PostgreSQL: a results page from the newest matches, without reading every match.

Most queries match a quarter to a half of all pages, and reading every match (the engine's phrase
check against each page's stored text) is what a search costs. The walk reads pages newest first
(index `sitesearch_page_newest`), a few thousand at a time, and checks each one's index entry
(`sitesearch_indexentry_object`): the newest matches, in the ranking's date order. It stops as soon
as every figure the page shows is settled:
- counts are exact up to the bound (`conf.count_bound()`): a count is settled once it passes the
  bound, or once the walk has passed every page it could count (all of them, or those newer than a
  date range's start); a type the walk does not settle (a small one) is counted on its own pages;
- the top window (the first RERANK_WINDOW by title score, date, id): with w the score of the K-th
  best walked match, an older match can only enter it with a score above w (at an equal score the
  newer ones come first), and every such title is found through trigram indexes
  (`title_candidates.page_ids`): those few are scored too;
- sorted by date, the first pages are the walked matches themselves.
When the matches are too sparse for a walk to settle this quickly (a rare word, a rare type), `walk`
returns None and the search reads every match, which is then cheap.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, ExpressionWrapper, F, Func, Subquery, Value
from django.db.models.expressions import RawSQL

from . import conf
from .registry import search_kinds
from .title_candidates import page_ids

NEWEST = (F("first_published_at").desc(nulls_last=True), F("id").desc())
FIRST_STEP = 1000  # pages read first; then as many as the matches found so far say are needed
MAX_WALK = 8000  # pages: a walk that needs more gives up (the matches are few: reading them all is cheap)
MAX_STEPS = 4
MAX_EXCLUDED = 5000  # pages an excluded word may match for the walk to subtract them one by one
BEST_SCORE = 3
# For the walk's queries only (a few thousand index probes; see _rows).
PLANNER_SETTINGS = (
    ("enable_hashjoin", "off"),
    ("enable_mergejoin", "off"),
    ("enable_bitmapscan", "off"),
    ("max_parallel_workers_per_gather", "0"),
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def microseconds(when: dt.datetime) -> int:
    """A date as the walk compares them: whole microseconds since 1970 (exact, unlike a float)."""
    return (when - _EPOCH) // dt.timedelta(microseconds=1)


def _published_us():
    # Integers: parsing thousands of timestamps would cost more than the walk's queries.
    return Func(
        F("first_published_at"),
        template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
        output_field=BigIntegerField(),
    )


@dataclass(frozen=True)
class Row:
    id: int
    content_type: int
    published: int | None  # microseconds()
    score: int
    dated: bool  # passes the date filters


def _rank_key(row: Row):
    """The database's order: title score, then date (undated last), then id; all descending."""
    return (-row.score, row.published is None, -(row.published or 0), -row.id)


@dataclass
class Walk:
    rows: list[Row]  # the walked matches, newest first
    complete: bool  # every match was walked
    oldest_walked: int | None  # the date of the last page walked (None: the undated ones were reached)
    kind_ids: frozenset[int]  # the content types of the type filter (empty: none)
    matches: object = None  # the queryset walked (scored, exclusions read)

    def in_kind(self, row: Row) -> bool:
        return not self.kind_ids or row.content_type in self.kind_ids

    def listed(self) -> list[Row]:
        """The walked matches the filters keep, in date order: the first of the filtered matches."""
        return [row for row in self.rows if row.dated and self.in_kind(row)]

    def passed(self, since: int) -> bool:
        """Has the walk read every page published since `since`?"""
        return self.complete or self.oldest_walked is None or self.oldest_walked < since

    def in_range(self, since: int) -> int:
        return sum(1 for row in self.rows if row.published is not None and row.published >= since and self.in_kind(row))


def _any(array):
    """`pk = ANY(array)`: pages to probe one by one (the planner reads a sub-query in its place, or a
    list of ids, as a few pages; as a join it would read every match). `array`: a list of ids or an
    SQL array expression."""
    if isinstance(array, list):  # one parameter, not one per id
        array = RawSQL("%s::bigint[]", ("{" + ",".join(map(str, array)) + "}",))
    return Func(F("pk"), array, template="(%(expressions)s))", arg_joiner=" = ANY(", output_field=BooleanField())


def without_excluded(included, exclusions: list):
    """`included` without the pages of `exclusions`, read first and subtracted as a list: a
    sub-query there would make the planner read every page (and rule out the walk's plan). None
    when an excluded word matches too many pages for that."""
    excluded: set[int] = set()
    for pages in exclusions:
        excluded.update(pages.values_list("pk", flat=True)[: MAX_EXCLUDED + 1])
        if len(excluded) > MAX_EXCLUDED:
            return None
    return included.exclude(_any(sorted(excluded))) if excluded else included


def _rows(queryset) -> list[Row]:
    """`queryset`'s rows one page at a time: the planner, which guesses far fewer matches than
    common words have, would otherwise read every match to join them with a few thousand pages."""
    fields = ("id", "content_type_id", "published_us", "title_score", "dated")
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in PLANNER_SETTINGS:
            cursor.execute(f"SET LOCAL {name} = {value}")
        rows = [Row(*values) for values in queryset.annotate(published_us=_published_us()).values_list(*fields)]
        if outer:  # inside a caller's transaction SET LOCAL would last until it ends: undo it now
            for name, _value in PLANNER_SETTINGS:
                cursor.execute(f"RESET {name}")
        return rows


def _scored(queryset, search, dated=None):
    return queryset.annotate(
        title_score=search.score if search.score is not None else Value(0),
        dated=ExpressionWrapper(dated, output_field=BooleanField()) if dated else Value(True),
    )


def walk(search, range_starts: dict[str, int]) -> Walk | None:
    """The newest matches of `search` (an engine.Search), enough to settle its page; None when the
    matches are too sparse for that."""
    bound = conf.count_bound()
    needed = max(bound + 1, search.window_size)
    matches = _scored(search.matches, search, search.filters.date_q())
    kind_ids = frozenset(search.filters.kind.content_type_ids()) if search.filters.kind else frozenset()
    pages = search.pages().order_by(*NEWEST).annotate(published_us=_published_us())
    result = Walk(rows=[], complete=False, oldest_walked=None, kind_ids=kind_ids, matches=matches)
    offset, size = 0, FIRST_STEP
    for _ in range(MAX_STEPS):
        step = pages.values("pk")[offset : offset + size]
        result.rows += _rows(matches.filter(_any(Func(Subquery(step), function="ARRAY"))).order_by(*NEWEST))
        edge = list(pages.values_list("published_us", flat=True)[offset + size - 1 : offset + size])
        offset += size
        if not edge:  # the step reached the last page
            result.complete = True
            return result
        result.oldest_walked = edge[0]
        if _settled(result, bound, needed, range_starts):
            return result
        # The next step: enough pages for the missing matches at the density seen so far, and a fifth more.
        found = len(result.listed())
        size = (max(needed - found, 1) * offset * 6) // (5 * found) + 1 if found else MAX_WALK
        if offset + size > MAX_WALK:
            return None
        size = max(size, FIRST_STEP // 2)
    return None


def _settled(result: Walk, bound: int, needed: int, range_starts: dict[str, int]) -> bool:
    if len(result.listed()) < needed:
        return False
    if any(result.in_range(since) <= bound and not result.passed(since) for since in range_starts.values()):
        return False
    # A type making up most of the walk is counted by it (counted on its own, it would read every match).
    dated = [row for row in result.rows if row.dated]
    for kind in search_kinds():
        types = frozenset(kind.content_type_ids())
        mine = sum(1 for row in dated if row.content_type in types)
        if 2 * mine > len(dated) and mine <= bound:
            return False
    return True


def counts(result: Walk, search, range_starts: dict[str, int]) -> tuple[int, dict[str, int], dict[str, int]]:
    """(total, {kind key: n}, {range key: n}), each n at most bound + 1 (more than the bound)."""
    cap = conf.count_bound() + 1
    dated = [row for row in result.rows if row.dated]
    per_kind, pending = {}, []
    for kind in search_kinds():
        types = frozenset(kind.content_type_ids())
        walked = sum(1 for row in dated if row.content_type in types)
        if result.complete or walked >= cap:
            per_kind[kind.key] = min(walked, cap)
        else:  # a small type: counted on its own pages
            pending.append((kind.key, types))
    if pending:  # one query: a bounded part per type
        parts = [
            search.matches.filter(search.filters.date_q(), content_type_id__in=types)
            .annotate(kind_number=Value(n))
            .values_list("kind_number", flat=True)[:cap]
            for n, (_, types) in enumerate(pending)
        ]
        found = Counter(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
        per_kind.update((key, found[n]) for n, (key, _) in enumerate(pending))
    ranges = {key: min(result.in_range(since), cap) for key, since in range_starts.items()}
    return min(len(result.listed()), cap), per_kind, ranges


def top(result: Walk, search, size: int) -> list[int]:
    """The ids of the first `size` filtered matches by title score, date and id."""
    if size <= 0:
        return []
    best = sorted(result.listed(), key=_rank_key)[:size]
    if not result.complete and len(best) == size and best[-1].score < BEST_SCORE:
        floor = best[-1].score
        query = search.query
        candidates = page_ids(
            floor + 1, " ".join(query.typed_words), " ".join(query.folded_words), list(query.folded_words)
        )
        found = {row.id: row for row in best}
        if candidates:
            better = result.matches.filter(_any(sorted(candidates)), dated=True, title_score__gt=floor)
            if result.kind_ids:
                better = better.filter(content_type_id__in=result.kind_ids)
            found.update((row.id, row) for row in _rows(better))
        best = sorted(found.values(), key=_rank_key)[:size]
    return [row.id for row in best]


def range_starts(days: dict[str, int], now: dt.datetime) -> dict[str, int]:
    return {key: microseconds(now - dt.timedelta(days=n)) for key, n in days.items()}
