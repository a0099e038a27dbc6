""" "Có phải bạn muốn tìm: …": the closest spelling from the site's own vocabulary.

Each folded word (or two-word phrase, which carries context: "một cửa", not "một của") of the
query is looked up in VocabularyTerm. A variant must keep every accent the visitor typed ("cưa"
can become "cửa", never "của"); the most frequent such variant wins. A word the site never uses
is replaced by the most similar one by trigram similarity: PostgreSQL's pg_trgm `similarity()`,
and on SQLite the same measure in Python over the words sharing its first letter.
"""

from __future__ import annotations

import itertools
import unicodedata

from django.db import connection
from django.db.models import FloatField, Func, Value
from django.db.models.functions import Length

from campaign_site.text import fold

from .models import VocabularyTerm
from .query import ParsedQuery

MIN_SIMILARITY = 0.3


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _marks(char: str) -> set[str]:
    return set(unicodedata.normalize("NFD", char)[1:]) | ({"đ"} if char == "đ" else set())


def keeps_typed_accents(typed: str, candidate: str) -> bool:
    if len(typed) != len(candidate):
        return False
    return all(_marks(t) <= _marks(c) for t, c in zip(typed, candidate, strict=True))


class _Similar(Func):
    function = "similarity"
    output_field = FloatField()


def similar_words(folded_word: str, limit: int = 5) -> list[str]:
    """Folded vocabulary words closest to `folded_word`, best first."""
    words = VocabularyTerm.objects.exclude(folded__contains=" ")
    if connection.vendor == "postgresql":
        rows = (
            words.annotate(sim=_Similar("folded", Value(folded_word)))
            .filter(sim__gte=MIN_SIMILARITY)
            .order_by("-sim", "-frequency")
            .values_list("folded", flat=True)[: limit * 3]
        )
        return list(dict.fromkeys(rows))[:limit]
    size = len(folded_word)
    rows = (
        words.filter(folded__startswith=folded_word[:1])
        .annotate(size=Length("folded"))
        .filter(size__gte=size - 2, size__lte=size + 2)
        .values_list("folded", "frequency")[:5000]
    )
    scored = sorted(
        ((similarity(folded_word, w), n, w) for w, n in rows if w != folded_word),
        key=lambda row: (-row[0], -row[1]),
    )
    return list(dict.fromkeys(w for s, _n, w in scored if s >= MIN_SIMILARITY))[:limit]


def _best(variants, typed: str | None):
    """The most frequent variant that keeps the typed accents (any variant when none was typed)."""
    fitting = [v for v in variants if typed is None or keeps_typed_accents(typed, v.text)]
    return max(fitting, key=lambda v: v.frequency, default=None)


def suggestion(query: ParsedQuery) -> str | None:
    typed = list(query.typed_words)
    folded = list(query.folded_words)
    if not folded or len(typed) != len(folded):
        return None
    keys = set(folded) | {f"{a} {b}" for a, b in itertools.pairwise(folded)}
    variants: dict[str, list[VocabularyTerm]] = {}
    for term in VocabularyTerm.objects.filter(folded__in=keys):
        variants.setdefault(term.folded, []).append(term)
    out: list[str] = []
    i = 0
    while i < len(folded):
        if i + 1 < len(folded):
            pair = _best(variants.get(f"{folded[i]} {folded[i + 1]}", []), f"{typed[i]} {typed[i + 1]}")
            if pair:
                out.append(pair.text)
                i += 2
                continue
        word = _best(variants.get(folded[i], []), typed[i])
        if word is None and folded[i] not in variants and not folded[i].isdigit():
            for candidate in similar_words(folded[i]):
                word = _best(VocabularyTerm.objects.filter(folded=candidate), None)
                if word:
                    break
        out.append(word.text if word else typed[i])
        i += 1
    text = " ".join(out)
    if fold(text) == fold(" ".join(typed)) and text == " ".join(typed):
        return None
    return text if text != " ".join(typed) else None
