"""Ranking and showing a loaded result: exact-accent group, relevance, snippet with marks.

Relevance: each required part of the query scores where its best alternative is found (title 3,
lead 2, body 1; a phrase only counts side by side); the whole query found as a phrase adds the same
again. A page whose text has every word exactly as typed (accents included) belongs to the exact
group, which comes first: "của" and "cửa" fold alike, only the typed accents tell them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from campaign_site.text import clean_line, fold, shorten_at_word

from .query import ParsedQuery

_WORD = re.compile(r"\w+")
SNIPPET_CHARS = 240
LEAD_FIELDS = ("lead", "intro", "summary", "search_description")
BODY_SOURCES = ("body_text", "search_body_text", "headlines_text")


@dataclass
class PageText:
    title: str
    lead: str
    body: str

    def fields(self) -> tuple[tuple[int, str], ...]:
        return ((3, self.title), (2, self.lead), (1, self.body))


def page_text(page) -> PageText:
    lead = ""
    for name in LEAD_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            lead = clean_line(value)
            break
    body = ""
    for name in BODY_SOURCES:
        value = getattr(page, name, None)
        value = value() if callable(value) else value
        if isinstance(value, str) and value.strip():
            body = clean_line(value)
            break
    return PageText(page.title, lead, body)


def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    if len(needle) == 1:
        return needle[0] in haystack
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def is_exact(text: PageText, query: ParsedQuery) -> bool:
    """Every query word, exactly as typed (accents included), is a word of the page's text."""
    if not query.has_accents:
        return False
    found = set(_WORD.findall(f"{text.title} {text.lead} {text.body}".casefold()))
    return all(word in found for word in query.typed_words)


def exact_score(text: PageText, query: ParsedQuery) -> int:
    """Where the words are found exactly as typed: the title (3) before the lead (2) before the body
    (1); the whole query typed as a phrase doubles it."""
    if not query.has_accents:
        return 0
    score = 0
    for weight, value in text.fields():
        found = tuple(_WORD.findall(value.casefold()))
        if all(word in found for word in query.typed_words):
            score = max(score, weight * (2 if _contains(found, query.typed_words) else 1))
    return score


def relevance(text: PageText, query: ParsedQuery, alternatives) -> int:
    folded = [(weight, _folded_words(value)) for weight, value in text.fields()]
    score = 0
    for options in alternatives:
        score += max((weight for weight, words in folded for option in options if _contains(words, option)), default=0)
    if len(query.folded_words) > 1:
        score += max((weight for weight, words in folded if _contains(words, query.folded_words)), default=0)
    return score


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


def snippet(text: PageText, terms: set[str]) -> str:
    """A window of the lead or body around the first marked word (the lead when neither has one)."""
    for source in (text.lead, text.body):
        for match in _WORD.finditer(source):
            if fold(match.group()) in terms:
                start = max(0, match.start() - SNIPPET_CHARS // 3)
                if start:
                    start = source.rfind(" ", 0, start) + 1
                return ("… " if start else "") + shorten_at_word(source[start:], SNIPPET_CHARS)
    return shorten_at_word(text.lead or text.body, SNIPPET_CHARS)
