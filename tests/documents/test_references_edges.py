"""Edge cases of the legal-reference parser that the shape table does not reach (found by `make mutation`):
kinds, what is skipped and what follows it, spellings that break across lines, the pattern builders."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign_site.text import fold
from documents.references import KIND_WORDS, _kind_alternatives, _variants, find_references, key_of, number_key


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Nghị định 61/2018/NĐ-CP", "nghi-dinh"),
        ("NĐ 61/2018", "nghi-dinh"),
        ("Quyết định 06/QĐ-TTg", "quyet-dinh"),
        ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "thong-tu"),
        ("Luật số 80/2015/QH13", "luat"),
        ("Kế hoạch số 28/KH-UBND", "ke-hoach"),
        ("79/TB-VPCP", ""),  # a bare symbol names no kind
        ("61/2018/NĐ-CP", ""),
    ],
)
def test_each_reference_says_its_kind(text, kind):
    (reference,) = find_references(text)
    assert reference.kind == kind


def test_a_kind_word_broken_across_lines_still_names_its_kind():
    """Text pasted from a PDF breaks lines anywhere: "Nghị\\nđịnh 61/2018" is a decree (implied symbol)."""
    (reference,) = find_references("theo Nghị\nđịnh 61/2018 của Chính phủ")
    assert (reference.kind, reference.key) == ("nghi-dinh", "61/2018/nd-cp")
    (reference,) = find_references("Thông  tư   liên\ttịch 01/2015/TTLT-BNV-BTC")
    assert reference.kind == "thong-tu"


@pytest.mark.parametrize("text", ["Nghị định 61", "NĐ 61 ngày 1/7", "Nghị định số 61 của Chính phủ"])
def test_a_decree_without_year_or_symbol_is_not_a_document(text):
    """The decree's symbol is implied only with a year: "NĐ 61/2018" is one document, "NĐ 61" is not."""
    assert find_references(text) == []


def test_a_skipped_mention_does_not_end_the_search():
    text = "Kế hoạch số 28 và Quyết định 22/3/2024 thực hiện Nghị định 61/2018/NĐ-CP, Quyết định 06/QĐ-TTg."
    assert [ref.key for ref in find_references(text)] == ["61/2018/nd-cp", "6/qd-ttg"]


def test_nothing_in_nothing():
    assert find_references("") == []
    assert find_references(None) == []


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("80/2015/qh13", "80/2015/qh13"),  # typed in lower case
        ("80/2015/QH 13", "80/2015/qh13"),
        ("80/2015/QH\t13", "80/2015/qh13"),  # any white space, not only a space
        ("Số: 06/qđ-ttg", "6/qd-ttg"),
        ("SỐ 06/QĐ-TTg", "6/qd-ttg"),
        ("so 06/QD-TTg", "6/qd-ttg"),
        ("61/2018/NĐ – CP", "61/2018/nd-cp"),
    ],
)
def test_register_key_whatever_the_spelling(typed, key):
    assert key_of(typed) == key


def test_a_reference_broken_inside_its_symbol_keeps_one_key():
    (reference,) = find_references("Luật số 80/2015/QH\n13 quy định")
    assert reference.key == "80/2015/qh13"


def test_number_key_drops_leading_zeros_and_folds_the_symbol():
    assert number_key("006", None, "QĐ-TTg") == "6/qd-ttg"
    assert number_key(61, 2018, "NĐ - CP") == "61/2018/nd-cp"
    assert number_key("1", "2015", "TTLT-BNV-BTC") == "1/2015/ttlt-bnv-btc"


# --- The pattern builders (the module compiles them once, at import) ---------------------------

KIND_WORD_LIST = [word for words in KIND_WORDS.values() for word in words]


def _spellings(word: str) -> list[str]:
    return [word, word.upper(), word.title(), fold(word), fold(word).upper(), word.replace(" ", " \n ")]


@pytest.mark.parametrize("word", KIND_WORD_LIST)
def test_variants_match_every_spelling_of_the_word(word):
    pattern = re.compile(_variants(word), re.IGNORECASE)
    for spelling in _spellings(word):
        assert pattern.fullmatch(spelling), spelling
    if "đ" in word:
        assert pattern.fullmatch(word.replace("đ", "ð"))  # the Icelandic eth that OCR gives for Đ


@pytest.mark.parametrize("word", KIND_WORD_LIST)
def test_variants_match_only_the_word(word):
    pattern = re.compile(_variants(word), re.IGNORECASE)
    assert not pattern.fullmatch(word + "x")
    assert not pattern.fullmatch("x" + word)
    if " " in word:
        assert not pattern.fullmatch(word.replace(" ", ""))  # words stay apart


def test_variants_keep_other_characters_literal():
    assert re.fullmatch(_variants("a.b"), "a.b")
    assert not re.fullmatch(_variants("a.b"), "axb")
    assert _variants("số") == "s(?:o|ố)"
    assert _variants("nđ") == "n[dđð]"


@given(st.sampled_from(KIND_WORD_LIST), st.sampled_from(KIND_WORD_LIST))
@settings(deadline=None)
def test_variants_of_two_words_never_match_each_other(word, other):
    if fold(word) != fold(other):
        assert not re.fullmatch(_variants(word), other, re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "longest"),
    [
        ("Thông tư liên tịch", "Thông tư liên tịch"),
        ("TTLT", "TTLT"),
        ("Nghị định", "Nghị định"),
        ("Thông tư", "Thông tư"),
    ],
)
def test_kind_alternatives_prefer_the_longest_word(text, longest):
    """An alternation takes the first branch that matches: "thông tư liên tịch" must come before
    "thông tư", "ttlt" before "tt"."""
    assert re.match(_kind_alternatives(), text, re.IGNORECASE).group(0) == longest


def test_kind_alternatives_hold_every_word_once():
    pattern = re.compile(f"(?:{_kind_alternatives()})", re.IGNORECASE)
    for word in KIND_WORD_LIST:
        assert pattern.fullmatch(word)
    assert not pattern.fullmatch("văn bản")
