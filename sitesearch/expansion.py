"""Query expansion: the glossary (TTHC = thủ tục hành chính) and the officers' synonyms, both ways.

Every entry is folded into a tuple of words; an entry and its equivalents form one group. A run of
query words equal to any member of a group is replaced by "any member": a single word as a word,
several words as a phrase (never as scattered words). The table is cached and forgotten whenever a
glossary entry or a synonym changes (signal_handlers), so no index needs rebuilding.
"""

from __future__ import annotations

from django.core.cache import cache

from campaign_site.models import Abbreviation

from .models import Synonym
from .query import ParsedQuery, Part, words

CACHE_KEY = "sitesearch:equivalents:v1"
CACHE_SECONDS = 60 * 60
MAX_ALTERNATIVES = 6


def _groups() -> list[set[tuple[str, ...]]]:
    groups = [
        {words(short), words(expansion)} for short, expansion in Abbreviation.objects.values_list("short", "expansion")
    ]
    for synonym in Synonym.objects.all():
        groups.append({words(synonym.term), *(words(line) for line in synonym.equivalent_list())})
    return [{member for member in group if member} for group in groups]


def equivalents() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """{folded words: every folded form meaning the same, itself first}, merged across entries."""
    table = cache.get(CACHE_KEY)
    if table is None:
        merged: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for group in _groups():
            for member in group:
                merged.setdefault(member, set()).update(group)
        table = {
            key: (key, *sorted(members - {key}, key=lambda m: (-len(m), m)))[:MAX_ALTERNATIVES]
            for key, members in merged.items()
        }
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    return table


def forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def expand(query: ParsedQuery) -> list[tuple[tuple[str, ...], ...]]:
    """For each part of the query that must match: its alternatives (tuples of folded words; more
    than one word = a phrase). Runs of plain words are matched against the table longest first."""
    table = equivalents()
    longest = max((len(key) for key in table), default=1)
    out: list[tuple[tuple[str, ...], ...]] = []
    pending: list[Part] = []

    def flush():
        plain = [part.folded[0] for part in pending]
        i = 0
        while i < len(plain):
            for size in range(min(longest, len(plain) - i), 0, -1):
                key = tuple(plain[i : i + size])
                if key in table:
                    out.append(table[key])
                    i += size
                    break
            else:
                out.append(((plain[i],),))
                i += 1
        pending.clear()

    for part in query.parts:
        if part.phrase:
            flush()
            out.append(table.get(part.folded, (part.folded,)))
        else:
            pending.append(part)
    flush()
    return out
