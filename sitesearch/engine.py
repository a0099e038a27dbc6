"""Running a search: the engine query, filters, counts, the ranked order and the shown results.

The engine (Wagtail's database backend: SQLite FTS5 or PostgreSQL full text) matches folded words
and phrases against each page's folded copy of its text (FoldedSearchMixin). The matches are ordered
by the title's match (`ranking.py`) and date; the top RERANK_WINDOW are then re-ranked with the
whole text (`relevance.py`): exact accents first, then relevance, then date. Counts are exact up to
`conf.count_bound()`. Matching is most of a search's cost at 100,000 pages, so: on PostgreSQL the
first page comes from the newest matches and the few older, better titles (`newest.py`), without
reading every match; elsewhere (and for sparse matches) the database orders every match, and
without filters that ordering query also counts them (window aggregates), matching once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q, Subquery, Window
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.models import Locale, Page
from wagtail.search.query import And, Or, Phrase, PlainText

from . import conf, newest, relevance
from .expansion import expand
from .query import ParsedQuery
from .ranking import title_score_expression
from .registry import SearchKind, kind_by_key, kind_of, search_kinds

RERANK_WINDOW = 50
SORT_RELEVANCE, SORT_NEWEST = "", "moi-nhat"
# Date filter: key in the address -> days back.
DATE_RANGES = {"7-ngay": 7, "30-ngay": 30, "12-thang": 365}


@dataclass(frozen=True)
class Filters:
    kind: SearchKind | None = None
    since: str = ""  # a DATE_RANGES key
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = SORT_RELEVANCE

    def date_q(self) -> Q:
        q = Q()
        if self.since in DATE_RANGES:
            q &= Q(first_published_at__gte=timezone.now() - dt.timedelta(days=DATE_RANGES[self.since]))
        if self.date_from:
            q &= Q(first_published_at__date__gte=self.date_from)
        if self.date_to:
            q &= Q(first_published_at__date__lte=self.date_to)
        return q


@dataclass
class Hit:
    page: Page
    url: str
    title: SafeString
    snippet: SafeString
    kind: str
    date: dt.date | None
    section: str
    exact: bool


@dataclass
class Counts:
    """Every figure at most the bound; `more…`: there are more than that (the count stopped there)."""

    total: int = 0
    more: bool = False
    kinds: list[tuple[SearchKind, int]] = field(default_factory=list)
    ranges: list[tuple[str, int]] = field(default_factory=list)
    more_kinds: frozenset[str] = frozenset()
    more_ranges: frozenset[str] = frozenset()


def _alternative(words: tuple[str, ...]):
    return Phrase(" ".join(words)) if len(words) > 1 else PlainText(words[0])


def engine_query(query: ParsedQuery, alternatives):
    required = [
        Or([_alternative(a) for a in options]) if len(options) > 1 else _alternative(options[0])
        for options in alternatives
    ]
    return required[0] if len(required) == 1 else And(required)


def _base():
    pages = Page.objects.live().public().order_by()
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return pages
    return pages.filter(locale=locale)


def _engine_matches(engine_query):
    results = _base().search(engine_query, order_by_relevance=False)
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return get_queryset().order_by()
    return Page.objects.filter(pk__in=[page.pk for page in results])  # another backend: slower, still right


def matching(query: ParsedQuery, alternatives):
    """Every live, public page of the current language matching the query, as a queryset.
    Exclusions are subtracted as sub-queries: the PostgreSQL backend ignores Not() around a
    phrase (it would keep the phrase's pages instead of removing them)."""
    matches = _engine_matches(engine_query(query, alternatives))
    for excluded in exclusions(query):
        matches = matches.exclude(pk__in=Subquery(excluded.values("pk")))
    return matches


def exclusions(query: ParsedQuery) -> list:
    """The pages each excluded word or phrase matches (querysets)."""
    return [_engine_matches(_alternative(part.folded)) for part in query.excluded]


def _range_counts() -> dict:
    now = timezone.now()
    return {
        f"range_{n}": Count("pk", filter=Q(first_published_at__gte=now - dt.timedelta(days=days)))
        for n, days in enumerate(DATE_RANGES.values())
    }


class Search:
    ordered = True  # for the Paginator: the order is the ranking below

    def __init__(self, query: ParsedQuery, filters: Filters):
        self.query = query
        self.filters = filters
        self.alternatives = expand(query) if not query.is_empty else []
        self.marked = {word for options in self.alternatives for option in options for word in option}
        self.loaded: dict[int, Page] = {}
        self._window: list[int] | None = None
        self._top: list[int] | None = None  # the database's top RERANK_WINDOW, when counts() read them
        self._counts: Counts | None = None
        self._walk: newest.Walk | bool | None = False  # False: not walked yet
        self.range_starts = newest.range_starts(DATE_RANGES, timezone.now())
        self.score = None
        self.walkable = False
        if query.is_empty:
            self.matches = self.filtered = self._ordered = Page.objects.none()
            return
        self.matches = matching(query, self.alternatives)
        # A date filter lists recent pages, which its own query reads cheaply from the date index;
        # the walk would have to pass them all before it could settle anything.
        self.walkable = connection.vendor == "postgresql" and not filters.date_q()
        if self.walkable and query.excluded:
            listed = newest.without_excluded(_engine_matches(engine_query(query, self.alternatives)), exclusions(query))
            self.walkable = listed is not None
            self.matches = listed if listed is not None else self.matches
        filtered = self.matches.filter(filters.date_q())
        if filters.kind:
            filtered = filtered.filter(content_type_id__in=filters.kind.content_type_ids())
        self.filtered = filtered
        if filters.sort == SORT_NEWEST:
            self._ordered = filtered.order_by(F("first_published_at").desc(nulls_last=True), "-id")
        else:
            phrase = " ".join(query.typed_words)
            score = title_score_expression(phrase, " ".join(query.folded_words), list(query.folded_words))
            self.score = score
            self._ordered = filtered.annotate(title_score=score).order_by(
                "-title_score", F("first_published_at").desc(nulls_last=True), "-id"
            )

    # --- the newest matches (PostgreSQL) --------------------------------------------------------
    @property
    def window_size(self) -> int:
        return RERANK_WINDOW

    def pages(self):
        """The pages a match can be, whatever the query: what the walk reads newest first."""
        return _base()

    def walked(self) -> newest.Walk | None:
        """PostgreSQL: the newest matches, enough for this page (newest.py); None elsewhere, and
        when the matches are too sparse for that (every match is then read, cheaply)."""
        if self._walk is False:
            self._walk = None
            if self.walkable:
                self._walk = newest.walk(self, self.range_starts)
        return self._walk

    # --- counts -------------------------------------------------------------------------------
    def counts(self) -> Counts:
        """Exact up to the bound: the total, per kind (other filters applied) and per date range."""
        if self._counts is not None:
            return self._counts
        counts = Counts()
        if self.query.is_empty:
            self._counts = counts
            return counts
        kinds = search_kinds()
        bound = conf.count_bound()
        walked = self.walked()
        if walked is not None:
            total, per_kind, ranges = newest.counts(walked, self, self.range_starts)
            counts.kinds = [(kind, per_kind[kind.key]) for kind in kinds]
            counts.ranges = list(ranges.items())
        else:
            if not self.filters.kind and not self.filters.date_q() and self.filters.sort != SORT_NEWEST:
                total, per_kind, ranges = self._counts_with_the_top()
            else:
                total, per_kind, ranges = self._filtered_counts(kinds)
            counts.kinds = list(zip(kinds, per_kind, strict=True))
            counts.ranges = list(zip(DATE_RANGES, ranges, strict=True))
        counts.more = total > bound
        counts.total = min(total, bound)
        counts.more_kinds = frozenset(kind.key for kind, n in counts.kinds if n > bound)
        counts.more_ranges = frozenset(key for key, n in counts.ranges if n > bound)
        counts.kinds = [(kind, min(n, bound)) for kind, n in counts.kinds]
        counts.ranges = [(key, min(n, bound)) for key, n in counts.ranges]
        self._counts = counts
        return counts

    def _counts_with_the_top(self) -> tuple[int, list[int], list[int]]:
        """Without filters, the ranking query reads every match anyway (it orders them all): the
        counts come with its top rows as window aggregates, and the engine matches only once."""
        aggregates = {"total": Count("pk")}
        for n, kind in enumerate(search_kinds()):
            aggregates[f"kind_{n}"] = Count("pk", filter=Q(content_type_id__in=kind.content_type_ids()))
        aggregates.update(_range_counts())
        windows = {name: Window(aggregate) for name, aggregate in aggregates.items()}
        rows = list(self._ordered.annotate(**windows).values_list("id", *windows)[: max(RERANK_WINDOW, 1)])
        self._top = [row[0] for row in rows][:RERANK_WINDOW]
        if not rows:
            return 0, [0] * (len(aggregates) - 1 - len(DATE_RANGES)), [0] * len(DATE_RANGES)
        first = dict(zip(windows, rows[0][1:], strict=True))
        per_kind = [value for name, value in first.items() if name.startswith("kind_")]
        return first["total"], per_kind, [value for name, value in first.items() if name.startswith("range_")]

    def _filtered_counts(self, kinds) -> tuple[int, list[int], list[int]]:
        """Each count on its own, up to the bound + 1: the total, per kind with the date filters,
        per date range with the kind filter."""
        cap = conf.count_bound() + 1

        def bounded(queryset) -> int:
            return queryset.values("pk")[:cap].count()

        dated = self.matches.filter(self.filters.date_q())
        per_kind = [bounded(dated.filter(content_type_id__in=kind.content_type_ids())) for kind in kinds]
        by_kind = self.matches
        if self.filters.kind:
            by_kind = by_kind.filter(content_type_id__in=self.filters.kind.content_type_ids())
        now = timezone.now()
        ranges = [
            bounded(by_kind.filter(first_published_at__gte=now - dt.timedelta(days=days)))
            for days in DATE_RANGES.values()
        ]
        return bounded(self.filtered), per_kind, ranges

    # --- the Paginator's sequence ---------------------------------------------------------------
    def count(self) -> int:
        return self.counts().total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[int]:
        start, stop = index.start or 0, index.stop
        if self.query.is_empty or (stop is not None and stop <= start):
            return []
        if self.filters.sort == SORT_NEWEST:
            walked = self.walked()
            listed = walked.listed() if walked is not None else []
            if walked is not None and (walked.complete or (stop is not None and stop <= len(listed))):
                return [row.id for row in listed[start:stop]]
            return list(self._ordered.values_list("id", flat=True)[start:stop])
        ids = self.window()[start:stop] if start < RERANK_WINDOW else []
        if stop is None or stop > RERANK_WINDOW:
            ids += list(self._ordered.values_list("id", flat=True)[max(start, RERANK_WINDOW) : stop])
        return ids

    def window(self) -> list[int]:
        """The ids of the top RERANK_WINDOW matches: exact accents first, then relevance, then date."""
        if self._window is None:
            walked = self.walked()
            if walked is not None:
                ids = newest.top(walked, self, RERANK_WINDOW)
            elif self._top is not None:
                ids = self._top
            else:
                ids = list(self._ordered.values_list("id", flat=True)[:RERANK_WINDOW])
            self.loaded = {page.pk: page for page in specific_pages(ids)}

            def key(pk):
                page = self.loaded[pk]
                text = relevance.page_text(page)
                published = page.first_published_at
                return (
                    -relevance.is_exact(text, self.query),
                    -relevance.exact_score(text, self.query),
                    -relevance.relevance(text, self.query, self.alternatives),
                    -(published.timestamp() if published else 0),
                    ids.index(pk),
                )

            self._window = sorted((pk for pk in ids if pk in self.loaded), key=key)
        return self._window

    # --- shown results ----------------------------------------------------------------------------
    def hits(self, ids: list[int], request) -> list[Hit]:
        missing = [pk for pk in ids if pk not in self.loaded]
        self.loaded.update((page.pk, page) for page in specific_pages(missing))
        pages = [self.loaded[pk] for pk in ids if pk in self.loaded]
        sections = _sections(pages)
        hits = []
        for page in pages:
            text = relevance.page_text(page)
            kind = kind_of(page)
            url = page.get_url(request) or ""
            if kind and kind.anchor:
                url += kind.anchor(page, self.marked) or ""
            date = kind.date(page) if kind else page.first_published_at
            if isinstance(date, dt.datetime):
                date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
            hits.append(
                Hit(
                    page=page,
                    url=url,
                    title=relevance.highlight(page.title, self.marked),
                    snippet=relevance.highlight(relevance.snippet(text, self.marked), self.marked),
                    kind=str(kind.label if kind else page.get_verbose_name()),
                    date=date,
                    section=sections.get(page.pk, ""),
                    exact=relevance.is_exact(text, self.query),
                )
            )
        return hits


def specific_pages(ids: list[int]) -> list[Page]:
    return list(Page.objects.filter(pk__in=ids).specific()) if ids else []


def _sections(pages: list[Page]) -> dict[int, str]:
    """The title of each page's parent (its section), in one query."""
    steplen = Page.steplen
    parents = {page.pk: page.path[:-steplen] for page in pages if page.depth > 2}
    titles = dict(Page.objects.filter(path__in=set(parents.values()), depth__gt=1).values_list("path", "title"))
    return {pk: titles.get(path, "") for pk, path in parents.items()}


def filters_from(params) -> Filters:
    def day(name):
        try:
            return dt.date.fromisoformat((params.get(name) or "")[:10])
        except ValueError:
            return None

    since = params.get("thoi-gian", "")
    sort = params.get("sap-xep", "")
    return Filters(
        kind=kind_by_key(params.get("loai")),
        since=since if since in DATE_RANGES else "",
        date_from=day("tu-ngay"),
        date_to=day("den-ngay"),
        sort=sort if sort == SORT_NEWEST else SORT_RELEVANCE,
    )
