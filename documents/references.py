"""Recognises references to legal documents in Vietnamese text and gives each one a register key.

Shapes real texts use: "Nghị định số 61/2018/NĐ-CP", "Nghị định 61/2018/ND-CP", "NĐ 61/2018",
"Quyết định 06/QĐ-TTg", "Kế hoạch số 28/KH-UBND", "Luật số 80/2015/QH13", a bare
"79/TB-VPCP", with or without "số", with slashes or dashes, Đ or D, accents or none.

Never a reference: dates (22/3/2024), phone numbers, percentages, fractions, a type word followed by
a bare number ("Kế hoạch số 28": which one? the register cannot tell).

The key (`number_key`) is what the register stores and matches on: accent-folded, lower case, the
number without leading zeros, separators as "/" and "-": "61/2018/nd-cp", "6/qd-ttg".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaign_site.text import fold, nfc

# The document kinds and the words (full or abbreviated) that name them in running text.
KIND_WORDS = {
    "luat": ("luật",),
    "nghi-dinh": ("nghị định", "nđ"),
    "nghi-quyet": ("nghị quyết", "nq"),
    "quyet-dinh": ("quyết định", "qđ"),
    "chi-thi": ("chỉ thị", "ct"),
    "thong-tu": ("thông tư liên tịch", "thông tư", "ttlt", "tt"),
    "ke-hoach": ("kế hoạch", "kh"),
    "cong-van": ("công văn", "cv"),
    "thong-bao": ("thông báo", "tb"),
    "huong-dan": ("hướng dẫn", "hd"),
}
# A kind whose issuer is always the same, so "NĐ 61/2018" is unambiguous: "61/2018/NĐ-CP".
IMPLIED_SYMBOL = {"nghi-dinh": "NĐ-CP"}

# Hyphen and the dashes pasted from Word, escaped for use inside a character class.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_SEP = rf"\s*[/{_DASH}]\s*"
_LETTER = "A-ZĐÐa-zđ"


def _variants(word: str) -> str:
    """A pattern matching the lower-case `word` with or without accents, used case-insensitively
    ("nghị định": "Nghi dinh", "NGHỊ ĐỊNH", and broken across lines)."""
    out = []
    for char in word:
        plain = fold(char)
        if char == " ":
            out.append(r"\s+")
        elif plain == "d":
            out.append("[dđð]")
        elif plain != char:
            out.append(f"(?:{re.escape(plain)}|{re.escape(char)})")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _kind_alternatives() -> str:
    words = [(kind, word) for kind, names in KIND_WORDS.items() for word in names]
    words.sort(key=lambda pair: len(pair[1]), reverse=True)  # "thông tư liên tịch" before "thông tư"
    return "|".join(_variants(word) for _kind, word in words)


# A symbol: letters, then up to three dash-joined parts ("NĐ-CP", "QĐ-TTg", "KH-UBND", "UBND-KSTTHC",
# "TTLT-BNV-BTC"), or the National Assembly's "QH13". Two letters at least, so "3/4" never matches.
_SYMBOL = rf"(?:QH\s*\d{{1,2}}|[{_LETTER}]{{1,8}}(?:\s?[{_DASH}]\s?[{_LETTER}0-9]{{1,10}}){{1,3}}|[{_LETTER}]{{2,8}})"
_BARE_SYMBOL = rf"(?:QH\d{{1,2}}|[A-ZĐÐ][{_LETTER}]{{0,7}}(?:\s?[{_DASH}]\s?[{_LETTER}0-9]{{1,10}}){{1,3}})"
_YEAR = r"(?:19[4-9]\d|20\d\d)"
_NUMBER = r"\d{1,5}"

_WITH_KIND = (
    rf"(?P<kind>{_kind_alternatives()})\.?"
    rf"(?:\s+(?:{_variants('số')})\s*[:.]?)?\s*"
    rf"(?P<number>{_NUMBER})"
    rf"(?:{_SEP}(?P<year>{_YEAR})(?![\d]))?"
    rf"(?:{_SEP}(?P<symbol>{_SYMBOL}))?"
)
# Bare "61/2018/NĐ-CP" or "79/TB-VPCP": the symbol in capitals, as documents print it.
_BARE = rf"(?P<bnumber>{_NUMBER}){_SEP}(?:(?P<byear>{_YEAR}){_SEP})?(?P<bsymbol>{_BARE_SYMBOL})"

PATTERN = re.compile(
    rf"(?<![\w/.,{_DASH}])(?:(?i:{_WITH_KIND})|{_BARE})(?![\w/{_DASH}]|[.,]\d)",
)

_WORD_TO_KIND = {fold(word): kind for kind, names in KIND_WORDS.items() for word in names}


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    text: str  # as written
    key: str  # the register key, e.g. "61/2018/nd-cp"
    kind: str  # "nghi-dinh", or "" for a bare symbol


def _clean_symbol(symbol: str) -> str:
    return re.sub(rf"\s*[{_DASH}]\s*", "-", re.sub(r"\s+", "", symbol))


def number_key(number: str | int, year: str | int | None, symbol: str) -> str:
    """'06', None, 'QĐ-TTg' -> '6/qd-ttg'; '61', '2018', 'NĐ-CP' -> '61/2018/nd-cp'."""
    parts = [str(int(number))]
    if year:
        parts.append(str(int(year)))
    parts.append(fold(_clean_symbol(symbol)))
    return "/".join(parts)


def key_of(number_symbol: str) -> str:
    """The key of a number and symbol as typed in the register ("61/2018/NĐ-CP", "số 06/QĐ-TTg")."""
    text = nfc(number_symbol).strip()
    text = re.sub(rf"^(?i:{_variants('số')})\s*[:.]?\s*", "", text)
    match = re.fullmatch(rf"({_NUMBER}){_SEP}(?:({_YEAR}){_SEP})?({_SYMBOL})", text, flags=re.IGNORECASE)
    if not match:
        return ""
    return number_key(match.group(1), match.group(2), match.group(3))


def _kind_of(word: str) -> str:
    """The kind a matched kind word names (the pattern matches only those words; fold joins their
    white space, so a word broken across lines is still found)."""
    return _WORD_TO_KIND[fold(word)]


def find_references(text: str) -> list[Reference]:
    """Every reference in `text` (NFC), in order, with its span and key."""
    found = []
    for match in PATTERN.finditer(text or ""):
        if match.group("kind"):
            kind = _kind_of(match.group("kind"))
            number, year, symbol = match.group("number"), match.group("year"), match.group("symbol")
            if not symbol:
                symbol = IMPLIED_SYMBOL.get(kind) if year else None
                if not symbol:
                    continue  # "Kế hoạch số 28", "Quyết định 22/3/2024": not a unique document
        else:
            kind = ""
            number, year, symbol = match.group("bnumber"), match.group("byear"), match.group("bsymbol")
        found.append(Reference(match.start(), match.end(), match.group(0), number_key(number, year, symbol), kind))
    return found
