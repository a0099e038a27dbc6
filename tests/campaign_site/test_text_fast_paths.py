"""`clean_line` and `fold` collapse whitespace with str.split instead of a regular expression, and
`fold` drops the marks of U+0300–U+036F with one regular expression and skips the per-character
table, NFC and the second đ pass when the text is ASCII by then. It must give exactly what the
full path gives (NFD, every combining character dropped, đ → d, casefold, NFC, whitespace), for
Vietnamese and for anything else."""

import random
import re
import sys
import unicodedata

from campaign_site import text

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_WHITESPACE = re.compile(r"\s+")


def reference_fold(value: str | None) -> str:
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_EXTRA)
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", folded)).strip()


def reference_clean_line(value: str | None) -> str:
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


ALPHABET = [
    chr(c)
    for c in [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]
    + [0x110, 0x111, 0xF0, 0xDF, 0x130, 0x1E9E, 0x2160, 0xFB01, 0x3000, 0x85, 0x2028, 0x9, 0xA, 0xD]
    + [0x1AB0, 0x1DC0, 0x20D0, 0xFE20, 0x483, 0x591, 0xE31, 0xE48, 0x3099, 0x34F, 0x200D, 0xAC00, 0x1F600]
]
VIETNAMESE = "Sở Nội vụ Đà Nẵng ĐẨY MẠNH cải cách thủ tục hành chính, rút ngắn thời gian giải quyết hồ sơ"


def test_fold_equals_the_full_path_on_random_text():
    rng = random.Random(11)
    for _ in range(20_000):
        value = "".join(rng.choices(ALPHABET, k=rng.randint(0, 30)))
        assert text.fold(value) == reference_fold(value), repr(value)


def test_fold_equals_the_full_path_on_vietnamese_in_every_form():
    rng = random.Random(12)
    words = VIETNAMESE.split()
    for _ in range(2_000):
        value = " ".join(rng.choices(words, k=rng.randint(1, 12)))
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            variant = unicodedata.normalize(form, value)
            assert text.fold(variant) == reference_fold(variant) == reference_fold(value)
    assert (
        text.fold(VIETNAMESE)
        == "so noi vu da nang day manh cai cach thu tuc hanh chinh, rut ngan thoi gian giai quyet ho so"
    )


def test_fold_equals_the_full_path_on_ascii_with_combining_marks():
    """The fast path for text that is ASCII and U+0300–U+036F marks once decomposed (Vietnamese in any
    form), and its edges: the grapheme joiner U+034F (not a combining character) and marks of other blocks."""
    rng = random.Random(14)
    marks = [chr(c) for c in range(0x300, 0x370)]
    others = ["\u034f", "\u1ab0", "\u20d0", "\u0483", "\u00e9", "\u0111", "\u00df", "\u0130", "\u212a", "\x85"]
    ascii_letters = [chr(c) for c in range(0x0, 0x80)]
    for _ in range(20_000):
        value = "".join(rng.choices(ascii_letters * 3 + marks, k=rng.randint(0, 30)))
        if rng.random() < 0.2:
            value += rng.choice(others)
        assert text.fold(value) == reference_fold(value), repr(value)
    assert text.fold("Cu\u0309a \u034fhe\u0302\u0301") == "cua \u034fhe"
    assert text._BEYOND_ASCII_AND_DIACRITICS.search("Cu\u0309a he\u0302\u0301") is None


def test_str_split_knows_the_same_whitespace_as_the_regular_expression():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1))
    matched = {i for m in _WHITESPACE.finditer(everything) for i in range(m.start(), m.end())}
    assert matched == {c for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert len(matched) > 20  # tabs, newlines, no-break and ideographic spaces, separators…


def test_clean_line_of_clean_line_changes_nothing():
    """Why a feed title from `_plain_text` (clean_line or html_to_text, which ends in it) is not cleaned twice:
    the single spaces it leaves never compose with a neighbour, so the text stays NFC and single-spaced."""
    rng = random.Random(16)
    spaces = [" ", "\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2000", "\u2001", "\u2028", "\u3000"]
    marks = ["\u0301", "\u0323", "\u0302", "\u3099", "\u1161", "\u0b3e", "\u0334", "\u0345", "\u05b0"]
    starters = ["e", "E", "\u1100", "\u0b47", "\uac00", "\u0391", "\u212b", "\u2126", "\u0344", "\u0f73"]
    for _ in range(30_000):
        value = "".join(rng.choices(ALPHABET + spaces * 6 + marks * 6 + starters * 6, k=rng.randint(0, 20)))
        once = text.clean_line(value)
        assert text.clean_line(once) == once, repr(value)


def test_clean_line_equals_the_regular_expression_path():
    rng = random.Random(13)
    spaces = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000", "\u200b", "\ufeff"]
    for _ in range(20_000):
        value = "".join(rng.choices(ALPHABET + spaces * 4, k=rng.randint(0, 30)))
        assert text.clean_line(value) == reference_clean_line(value), repr(value)
    assert text.clean_line(None) == ""
