"""Site search over every live page, accent-insensitive, with exact accented matches first.

Pages index an accent-folded copy of their text (`folded_search_text`, FoldedSearchMixin), and the
query is folded the same way, so "cai cach hanh chinh" and "cải cách hành chính" find the same
pages on SQLite FTS and PostgreSQL FTS alike. The top results are then re-ranked: pages whose
title, then lead, contain the query exactly as typed (accents included) come first, because
"số" and "sở" fold to the same "so".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.paginator import Paginator
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
# The newest matches that are ranked; older ones beyond this are not listed.
MAX_CANDIDATES = 2000
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


# Titles recur from one search to the next: remember their folded form (a few MB at most).
_fold_title = lru_cache(maxsize=50_000)(fold)


def _title_score(title: str, phrase: str, folded_phrase: str, terms: list[str]) -> int:
    folded = _fold_title(title)
    if phrase and phrase in title.casefold():
        return 3
    if folded_phrase and folded_phrase in folded:
        return 2
    words = set(_WORD.findall(folded))
    return 1 if all(term in words for term in terms) else 0


def search_pages(query: str, terms: list[str]) -> tuple[list[int], dict[int, Page]]:
    """Live pages matching every folded word, best first.

    The database backends' relevance ordering runs one full-text match per matching row (minutes
    on 10,000 articles), so the engine only finds the matches, newest first, and the ranking is
    done here: candidates by how well the title matches (as typed, folded, all words), newest first
    within a score; then the top RERANK_WINDOW put exact accented matches (title, then lead) first.
    """
    if not terms:
        return [], {}
    matches = (
        Page.objects.live()
        .public()
        .only("id", "title", "first_published_at")
        .order_by("-first_published_at", "-id")
        .search(" ".join(terms), operator="and", order_by_relevance=False)
    )
    phrase, folded_phrase = query.casefold(), " ".join(terms)
    candidates = [(pk, _title_score(title, phrase, folded_phrase, terms)) for pk, title in _ids_and_titles(matches)]
    # Stable sort: equal scores keep the newest-first order of the search.
    candidates.sort(key=lambda item: -item[1])
    ids = [pk for pk, _score in candidates]
    window = {pk: (score, position) for position, (pk, score) in enumerate(candidates[:RERANK_WINDOW])}
    loaded = {page.pk: page for page in _specific_pages(list(window))}
    # Exact (accented) matches first, in the title then the lead; then the folded title score.
    top = sorted(loaded, key=lambda pk: (-_exactness(loaded[pk], phrase), -window[pk][0], window[pk][1]))
    return top + ids[RERANK_WINDOW:], loaded


def _ids_and_titles(matches) -> list[tuple[int, str]]:
    """(id, title) of the first MAX_CANDIDATES matches. The database backends expose their results
    as a queryset, read here as tuples: building 2,000 Page objects would cost far more."""
    results = matches[:MAX_CANDIDATES]
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return list(get_queryset().values_list("id", "title"))
    return [(page.pk, page.title) for page in results]


def _specific_pages(ids: list[int]) -> list[Page]:
    return list(Page.objects.filter(pk__in=ids).defer_streamfields().specific()) if ids else []


@require_GET
def search(request):
    query, terms = clean_query(request.GET.get("q"))
    ids, loaded = search_pages(query, terms)
    page_obj = Paginator(ids, conf.SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    missing = [pk for pk in page_obj.object_list if pk not in loaded]
    loaded.update((page.pk, page) for page in _specific_pages(missing))
    term_set = set(terms)
    phrase = query.casefold()
    page_obj.object_list = [
        SearchHit(
            page=page,
            title=highlight(page.title, term_set),
            snippet=highlight(_snippet(_lead_of(page), term_set), term_set),
            kind=str(page.get_verbose_name()),
            exact=_exactness(page, phrase) > 0,
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
