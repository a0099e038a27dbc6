"""The query a visitor types, understood: words, "phrases in quotes" and -exclusions.

Only word characters ever leave this module (folded, as tuples of words): quotes, minus signs and
every other punctuation are read here and never reach the search engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaign_site.text import clean_line, fold, has_diacritics

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
_WORD = re.compile(r"\w+")
# A quoted phrase (the closing quote may be missing), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Part:
    """Words that must all match: a phrase (in order, side by side) or a single word."""

    typed: tuple[str, ...]  # as typed, casefolded, accents kept
    folded: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as typed: NFC, trimmed, at most MAX_QUERY_LENGTH characters
    parts: tuple[Part, ...] = ()
    excluded: tuple[Part, ...] = ()
    has_accents: bool = False
    folded_words: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.parts

    @property
    def typed_words(self) -> tuple[str, ...]:
        return tuple(word for part in self.parts for word in part.typed)


def _part(text: str, phrase: bool) -> Part | None:
    typed = tuple(_WORD.findall(text.casefold()))
    folded = words(text)
    if not folded or len(typed) != len(folded):
        return None if not folded else Part(folded, folded, phrase and len(folded) > 1)
    return Part(typed, folded, phrase and len(folded) > 1)


def parse(raw: str | None) -> ParsedQuery:
    text = clean_line((raw or "")[: MAX_QUERY_LENGTH * 4].replace("\x00", " "))[:MAX_QUERY_LENGTH]
    parts: list[Part] = []
    excluded: list[Part] = []
    count = 0
    for match in _TOKEN.finditer(text.translate(_QUOTES)):
        minus, quoted, bare = match.groups()
        if bare is not None:
            minus, body, phrase = (
                ("-", bare[1:], False) if bare.startswith("-") and len(bare) > 1 else ("", bare, False)
            )
        else:
            body, phrase = quoted, True
        if phrase or minus:
            part = _part(body, phrase)
            found = [part] if part else []
        else:  # a bare token such as "TTHC," or "một-cửa": each word on its own
            found = [p for p in (_part(w, False) for w in _WORD.findall(body)) if p]
        for part in found:
            if count + len(part.folded) > MAX_TERMS:
                break
            count += len(part.folded)
            (excluded if minus else parts).append(part)
    folded_words = tuple(word for part in parts for word in part.folded)
    return ParsedQuery(
        text=text,
        parts=tuple(parts),
        excluded=tuple(excluded),
        has_accents=has_diacritics(" ".join(" ".join(p.typed) for p in parts)),
        folded_words=folded_words,
    )
