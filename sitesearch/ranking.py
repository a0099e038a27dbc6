"""Ranking in the database: how well a page's title matches, for ordering every match.

3: the title contains the query as typed (accents included); 2: its folded form contains the
folded query; 1: it has every folded word; else 0. PostgreSQL computes it with regular expressions
on the stored title; SQLite in SQL where the stored folded title (TitleEntry) settles it, else with
the same Python function, registered on the connection. The top of that order is then re-ranked in
Python with the lead and body (`relevance.py`).
"""

from __future__ import annotations

import operator
import re
from functools import reduce

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, Regex

from campaign_site.text import fold

from .models import TitleEntry

_WORD = re.compile(r"\w+")


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


# fold() for the titles the database hands over, in one C-level pass: each accented Latin letter
# to its folded letter, combining accents dropped (decomposed text). Ranking calls it once per
# match, where fold()'s NFD round trip would cost ten times as much.
_FAST_FOLD = {ord(variant): base for base, variants in _FOLDS.items() for variant in variants if variant != base}
_FAST_FOLD.update(dict.fromkeys(range(0x300, 0x370)))
_SPACES = re.compile(r"\s+")
_FOLDED_MAX = TitleEntry._meta.get_field("folded").max_length


def fast_fold(text: str) -> str:
    folded = text.translate(_FAST_FOLD).casefold()
    if not folded.isascii():
        return fold(text)  # letters outside the table: the general path
    return _SPACES.sub(" ", folded).strip()


def _title_score(title: str, phrase: str, folded_phrase: str, terms: list[str]) -> int:
    """3: the title contains the query as typed; 2: its folded form contains the folded query;
    1: it has every folded word; else 0. (What the database computes, see `_score_expression`.)"""
    if phrase and phrase in title.casefold():
        return 3
    folded = fast_fold(title)
    if folded_phrase and folded_phrase in folded:
        return 2
    words = set(_WORD.findall(folded))
    return 1 if all(term in words for term in terms) else 0


def _stored_title_score(title, folded, phrase, folded_phrase, terms):
    """`_title_score` with the title's folded form read from its TitleEntry (NULL when there is none
    for the current title): folding is what costs, and most titles then stop at a substring test."""
    title = title or ""
    if folded is None or len(folded) >= _FOLDED_MAX:  # no entry, or one cut short
        return _title_score(title, phrase, folded_phrase, terms.split())
    if phrase and phrase in title.casefold():
        return 3
    if folded_phrase and folded_phrase in folded:
        return 2
    terms = terms.split()
    words = set(_WORD.findall(folded))
    return 1 if all(term in words for term in terms) else 0


def title_score_expression(phrase: str, folded_phrase: str, terms: list[str]):
    """`_title_score` of the page's title as an SQL expression, for ordering every match in the
    database. PostgreSQL: regular expressions; SQLite: `_sqlite_score_expression`."""
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
        return _sqlite_score_expression(phrase, folded_phrase, terms)
    return Value(0, output_field=IntegerField())  # other databases: newest first, re-ranked on top


def _sqlite_score_expression(phrase: str, folded_phrase: str, terms: list[str]):
    """SQLite: `_title_score` with as few Python calls as the stored titles allow. A title that has
    the phrase as typed scores 3 (instr(), case kept); one whose TitleEntry (folded, for the current
    title) lacks a folded word even as a substring scores 0 (the typed phrase folds to those words);
    the rest go to `_stored_title_score`, with the folded form when there is one."""
    connection.ensure_connection()
    connection.connection.create_function("campaign_title_score", 5, _stored_title_score, deterministic=True)

    def score(title, folded):
        return Func(
            title,
            folded,
            Value(phrase),
            Value(folded_phrase),
            Value(" ".join(terms)),
            function="campaign_title_score",
            output_field=IntegerField(),
        )

    has_words = [GreaterThan(Func(F("folded"), Value(term), function="instr"), 0) for term in terms]
    stored = TitleEntry.objects.filter(page=OuterRef("pk"), title=OuterRef("title")).annotate(
        score=Case(
            When(reduce(operator.and_, has_words), then=score(OuterRef("title"), F("folded"))),
            default=Value(0),
            output_field=IntegerField(),
        )
        if has_words
        else score(OuterRef("title"), F("folded"))
    )
    return Case(
        When(GreaterThan(Func(F("title"), Value(phrase), function="instr"), 0), then=Value(3)),
        default=Coalesce(
            Subquery(stored.values("score")[:1]),
            score(F("title"), Value(None)),  # no entry for this title: the Python function folds it
            output_field=IntegerField(),
        ),
        output_field=IntegerField(),
    )
