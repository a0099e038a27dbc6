"""PostgreSQL: which index entries can reach a title score, found through trigram indexes.

A page's title score (`ranking.py`) is computed from its index entry's `title_text`. Every title that
scores at least `level` satisfies the condition `at_least(level, …)` returns, and that condition is a
trigram index search (migration `0003`), so the few older pages that outrank the newest matches are
found without reading every match (`newest.py`). The conditions read the same row the score reads:
they can never be stale.

- 3 (the phrase as typed, any case): the score's own regular expression, on `title_text`.
- 2 (the folded phrase): `sitesearch_fold(title_text)` contains the folded phrase. The score's
  pattern matches, letter by letter, a letter folding to the phrase's letter plus combining accents,
  and a run of spaces for a space: `sitesearch_fold` maps exactly those letters (the same table),
  drops the accents and collapses the spaces, so a title matching the pattern contains the phrase.
- 1 (every folded word): `sitesearch_fold(title_text)` contains every folded word (same argument).
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import F, Func, Q, TextField

from .ranking import _FAST_FOLD, _MARKS, _cased_pattern

FOLD_FUNCTION = "sitesearch_fold"


def fold_function_sql() -> str:
    """CREATE FUNCTION for `sitesearch_fold(text)`: `ranking.fast_fold` of the letters in its table
    (accents dropped, whitespace runs to one space, each accented or upper-case Latin letter to its
    folded letter), as an immutable SQL function an expression index can use. Migration 0003 keeps
    the text it ran; a test fails when this one differs (a new table needs a new migration)."""
    pairs = [(chr(code), base) for code, base in sorted(_FAST_FOLD.items()) if base]
    source, target = "".join(a for a, _ in pairs), "".join(b for _, b in pairs)
    assert "'" not in source + target and len(source) == len(target)
    return (
        f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT translate("
        f"regexp_replace(regexp_replace($1, '[{_MARKS}]+', '', 'g'), '[[:space:]]+', ' ', 'g'), "
        f"'{source}', '{target}') $$"
    )


def _with_titles(entries):
    return entries.annotate(
        stored_title=F("title_text"),
        folded_title=Func(F("title_text"), function=FOLD_FUNCTION, output_field=TextField()),
    )


def at_least(level: int, phrase: str, folded_phrase: str, terms: list[str]) -> Q:
    """A condition every index entry whose title scores >= `level` satisfies (on `_with_titles(…)`)."""
    typed = Q(stored_title__regex=_cased_pattern(phrase))
    if level >= 3:
        return typed
    if level == 2:
        return typed | Q(folded_title__contains=folded_phrase)
    return typed | reduce(operator.and_, [Q(folded_title__contains=term) for term in terms])


def page_ids(level: int, phrase: str, folded_phrase: str, terms: list[str]) -> set[int]:
    """The pages whose indexed title can score >= `level`: a superset, read from the trigram indexes."""
    from wagtail.search.models import IndexEntry

    entries = _with_titles(IndexEntry.objects.all()).filter(at_least(level, phrase, folded_phrase, terms))
    return {int(pk) for pk in entries.values_list("object_id", flat=True) if pk.isdigit()}
