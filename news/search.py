"""Site search over every live page, accent-insensitive, with exact accented matches first.

Pages index an accent-folded copy of their text (`folded_search_text`, FoldedSearchMixin), and the
query is folded the same way, so "cai cach hanh chinh" and "cải cách hành chính" find the same
pages on SQLite FTS and PostgreSQL FTS alike. The top results are then re-ranked: pages whose
title, then lead, contain the query exactly as typed (accents included) come first, because
"số" and "sở" fold to the same "so".
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Value, When, Window
from django.db.models.lookups import Regex
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from wagtail.models import Page

from campaign_site.text import clean_line, fold

from . import conf

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RERANK_WINDOW = 50
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+")


@dataclass
class SearchHit:
    page: Page
    title: SafeString
    snippet: SafeString
    kind: str
    exact: bool


def clean_query(raw: str | None) -> tuple[str, list[str]]:
    """(the query as typed, NFC and trimmed; its folded words). Punctuation, SQL and HTML
    metacharacters never reach the search engine: only word characters do."""
    text = clean_line((raw or "")[: MAX_QUERY_LENGTH * 4])[:MAX_QUERY_LENGTH]
    return text, _WORD.findall(fold(text))[:MAX_TERMS]


def _lead_of(page: Page) -> str:
    for name in ("lead", "intro", "summary", "search_description"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return clean_line(value)
    return ""


def highlight(text: str, terms: set[str]) -> SafeString:
    """Escape `text`, then wrap each word whose folded form is a query word in <mark>."""
    out, position = [], 0
    for match in _WORD.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = match.group()
        out.append(f"<mark>{escape(word)}</mark>" if fold(word) in terms else escape(word))
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _snippet(text: str, terms: set[str]) -> str:
    """A window of `text` around the first matching word."""
    for match in _WORD.finditer(text):
        if fold(match.group()) in terms:
            start = max(0, match.start() - SNIPPET_CHARS // 3)
            piece = text[start:]
            return ("… " if start else "") + Truncator(piece).chars(SNIPPET_CHARS)
    return Truncator(text).chars(SNIPPET_CHARS)


def _exactness(page: Page, phrase: str) -> int:
    """2 when the title contains the query as typed, 1 when the lead does, else 0."""
    if not phrase:
        return 0
    if phrase in page.title.casefold():
        return 2
    return 1 if phrase in _lead_of(page).casefold() else 0


def _letter_classes() -> tuple[dict[str, str], dict[str, str], str]:
    """What the PostgreSQL patterns below are built from: for each folded letter, every letter
    that folds to it ("a": "aAàÀảẢ…"); for each casefolded letter, every letter that casefolds to
    it ("ả": "ảẢ"); and the characters of a word (ASCII letters and digits, the accented Latin
    letters, combining accents), for word boundaries that do not depend on the database's locale."""
    folds: dict[str, str] = {}
    cases: dict[str, str] = {}
    word = []
    for block in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for char in map(chr, block):
            folded, lowered = fold(char), char.casefold()
            if len(folded) == 1 and folded != char:
                folds[folded] = folds.get(folded, folded) + char
                if ord(char) > 0x7F:
                    word.append(char)
            if len(lowered) == 1 and lowered != char:
                cases[lowered] = cases.get(lowered, lowered) + char
    return folds, cases, "0-9A-Za-z_" + "".join(word) + _MARKS


_MARKS = f"{chr(0x300)}-{chr(0x36F)}"  # combining accents, as a bracket-expression range
_FOLDS, _CASES, _WORD_CHARS = _letter_classes()


def _folded_pattern(folded_text: str) -> str:
    """A PostgreSQL regular expression matching, in a title as stored, any text that folds to
    `folded_text` (word characters and spaces only): each letter becomes the class of letters
    folding to it, followed by any combining accents (decomposed text)."""
    out = []
    for char in folded_text:
        if char == " ":
            out.append("[[:space:]]+")
        elif char in _FOLDS:
            out.append(f"[{_FOLDS[char]}][{_MARKS}]*")
        else:  # digits, underscore, letters of other scripts: never an operator
            out.append(char)
    return "".join(out)


def _cased_pattern(phrase: str) -> str:
    """A PostgreSQL regular expression matching `phrase` (casefolded) in any letter case."""
    out = []
    for char in phrase:
        if char in _CASES:
            out.append(f"[{_CASES[char]}]")
        elif char.isalnum() or ord(char) > 0x7F or char == " ":
            out.append(char)
        else:  # ASCII punctuation: escaped, so never an operator
            out.append("\\" + char)
    return "".join(out)


def _title_score(title: str, phrase: str, folded_phrase: str, terms: list[str]) -> int:
    """3: the title contains the query as typed; 2: its folded form contains the folded query;
    1: it has every folded word; else 0. (What the database computes, see `_score_expression`.)"""
    if phrase and phrase in title.casefold():
        return 3
    folded = fold(title)
    if folded_phrase and folded_phrase in folded:
        return 2
    words = set(_WORD.findall(folded))
    return 1 if all(term in words for term in terms) else 0


def _sqlite_title_score(title, phrase, folded_phrase, terms):
    return _title_score(title or "", phrase, folded_phrase, terms.split())


def _score_expression(phrase: str, folded_phrase: str, terms: list[str]):
    """`_title_score` of the page's title as an SQL expression, for ordering every match in the
    database. PostgreSQL: regular expressions; SQLite: the same Python function, registered on the
    connection."""
    if connection.vendor == "postgresql":
        # Regular expressions on the title as stored: folding every title (translate(), unaccent)
        # would cost far more than matching a few small patterns.
        title = F("index_entries__title_text")  # the indexed title: read with the match itself
        outside = f"[^{_WORD_CHARS}]"
        every_word = reduce(
            operator.and_,
            [Regex(title, Value(f"(^|{outside}){_folded_pattern(term)}({outside}|$)")) for term in terms],
        )
        return Case(
            When(Regex(title, Value(_cased_pattern(phrase))), then=Value(3)),
            When(Regex(title, Value(_folded_pattern(folded_phrase))), then=Value(2)),
            When(every_word, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function("campaign_title_score", 4, _sqlite_title_score, deterministic=True)
        return Func(
            F("title"),
            Value(phrase),
            Value(folded_phrase),
            Value(" ".join(terms)),
            function="campaign_title_score",
            output_field=IntegerField(),
        )
    return Value(0, output_field=IntegerField())  # other databases: newest first, re-ranked on top


def _matching_pages(terms: list[str]):
    """Every live, public page matching all the folded words, as a queryset: the database backends
    (SQLite FTS5, PostgreSQL full text) expose their results as one."""
    results = Page.objects.live().public().order_by().search(" ".join(terms), operator="and", order_by_relevance=False)
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return get_queryset()
    return Page.objects.filter(pk__in=[page.pk for page in results])  # another backend: slower, still right


class RankedMatches:
    """Every match, best first, read one result page at a time (what the Paginator pages through).

    The database orders all the matches: by how well the title matches (as typed, folded, every
    word; `_title_score`), newest first within a score. (The backends' own relevance ordering runs
    one full-text match per row: minutes on 10,000 articles.) Then the top RERANK_WINDOW put exact
    accented matches (title, then lead) first, because "số" and "sở" both fold to "so". A page of
    results costs one query for the window and the count, one for the page's ids when it lies after
    the window, and loading those pages.
    """

    def __init__(self, query: str, terms: list[str]):
        self.phrase = query.casefold()
        self.terms = terms
        self.loaded: dict[int, Page] = {}  # the window's pages, specific, streamfields deferred
        self._count: int | None = None if terms else 0
        self._window: list[int] | None = None
        self._head_rows: list[tuple[int, int, int]] | None = None if terms else []
        if terms:
            self._matches = _matching_pages(terms)
            score = _score_expression(self.phrase, " ".join(terms), terms)
            self._ranked = self._matches.annotate(title_score=score).order_by(
                "-title_score", F("first_published_at").desc(nulls_last=True), "-id"
            )

    def _head(self) -> list[tuple[int, int, int]]:
        """(id, title score, number of matches) of the top matches: one query gives the window and
        the count (a count alone would read every match again)."""
        if self._head_rows is None:
            ranked = self._ranked.annotate(total=Window(Count("id")))
            self._head_rows = list(ranked.values_list("id", "title_score", "total")[: max(RERANK_WINDOW, 1)])
            self._count = self._head_rows[0][2] if self._head_rows else 0
        return self._head_rows

    def count(self) -> int:
        if self._count is None:
            self._head()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[int]:
        start, stop = index.start or 0, index.stop
        if not self.terms or (stop is not None and stop <= start):
            return []
        ids = self.window()[start:stop] if start < RERANK_WINDOW else []
        if (stop is None or stop > RERANK_WINDOW) and self.count() > RERANK_WINDOW:
            ids += list(self._ranked.values_list("id", flat=True)[max(start, RERANK_WINDOW) : stop])
        return ids

    def window(self) -> list[int]:
        """The ids of the top RERANK_WINDOW matches, exact accented matches first."""
        if self._window is None:
            rows = self._head()[:RERANK_WINDOW]
            rank = {pk: (score, position) for position, (pk, score, _total) in enumerate(rows)}
            self.loaded = {page.pk: page for page in _specific_pages(list(rank))}
            self._window = sorted(
                (pk for pk in rank if pk in self.loaded),
                key=lambda pk: (-_exactness(self.loaded[pk], self.phrase), -rank[pk][0], rank[pk][1]),
            )
        return self._window


def _specific_pages(ids: list[int]) -> list[Page]:
    return list(Page.objects.filter(pk__in=ids).defer_streamfields().specific()) if ids else []


@require_GET
def search(request):
    query, terms = clean_query(request.GET.get("q"))
    matches = RankedMatches(query, terms)
    page_obj = Paginator(matches, conf.search_per_page()).get_page(request.GET.get("page"))
    loaded = dict(matches.loaded)
    missing = [pk for pk in page_obj.object_list if pk not in loaded]
    loaded.update((page.pk, page) for page in _specific_pages(missing))
    term_set = set(terms)
    page_obj.object_list = [
        SearchHit(
            page=page,
            title=highlight(page.title, term_set),
            snippet=highlight(_snippet(_lead_of(page), term_set), term_set),
            kind=str(page.get_verbose_name()),
            exact=_exactness(page, matches.phrase) > 0,
        )
        for page in (loaded[pk] for pk in page_obj.object_list if pk in loaded)
    ]
    context = {
        "search_query": query,
        "terms": terms,
        "results": page_obj,
        "too_short": bool(query) and not terms,
    }
    return render(request, "news/search_results.html", context)
