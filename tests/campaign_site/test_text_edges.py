"""Edge cases of the text helpers where a wrong change would otherwise pass: casefolding beyond
lower(), surrounding whitespace, half-way rounding of floats, signs, and dates across midnight."""

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from campaign_site import text

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = "\u0300\u0301\u0303\u0309\u0323"
vietnamese_text = st.text(alphabet=VIETNAMESE + TONES + " \t\n0123456789")


class TestFold:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Straße", "strasse"),  # casefold, not lower
            ("ﬁ", "fi"),
            ("ĐẠI HỌC", "dai hoc"),
            ("ð", "d"),
            ("  Một cửa  ", "mot cua"),  # surrounding whitespace goes
            ("\n\tDịch vụ\u00a0công\n", "dich vu cong"),
            ("Thủ   tục\n\nhành chính", "thu tuc hanh chinh"),
            ("   ", ""),
        ],
    )
    def test_examples(self, value, expected):
        assert text.fold(value) == expected

    @given(vietnamese_text)
    @example("  Đ ")
    def test_vietnamese_text_folds_to_trimmed_lowercase_ascii(self, value):
        folded = text.fold(value)
        assert folded.isascii()
        assert folded == folded.strip() and "  " not in folded
        assert folded == folded.lower()

    @given(vietnamese_text)
    def test_case_and_normal_form_do_not_matter(self, value):
        folded = text.fold(value)
        assert text.fold(value.upper()) == folded
        assert text.fold(value.lower()) == folded
        assert text.fold(unicodedata.normalize("NFD", value)) == folded
        assert text.fold(folded) == folded  # idempotent

    @given(st.text())
    def test_any_text_folds_idempotently_without_marks(self, value):
        folded = text.fold(value)
        assert text.fold(folded) == folded
        assert folded == folded.strip()
        assert unicodedata.is_normalized("NFC", folded)

    def test_has_diacritics_ignores_case_and_spacing(self):
        assert not text.has_diacritics("  STRASSE  ")
        assert not text.has_diacritics("Straße")  # casefold only: ß is a letter, not an accent
        assert text.has_diacritics(" Đà Nẵng ")
        assert not text.has_diacritics(None)

    def test_clean_line_trims_and_composes(self):
        assert text.clean_line(unicodedata.normalize("NFD", "\n  Cải   cách \t")) == "Cải cách"
        assert text.clean_line(None) == ""


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [
            (1.005, 2, "1,01"),  # a float just below .005 in binary still rounds half up, as written
            (2.675, 2, "2,68"),
            (1.115, 2, "1,12"),
            (-1.005, 2, "-1,01"),  # half away from zero for negatives too
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),  # not banker's rounding
            (-0.5, 0, "-1"),
            (-0.004, 2, "0,00"),  # no "-0,00"
            (999.95, 1, "1.000,0"),  # rounding carries into the thousands
            (1234.5, 3, "1.234,500"),
            (-1234567, 0, "-1.234.567"),
            (Decimal("84.565"), 2, "84,57"),
            ("0.045", 2, "0,05"),
            (12, 2, "12,00"),
        ],
    )
    def test_examples(self, value, decimals, expected):
        assert text.format_number(value, decimals) == expected

    @given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=4))
    def test_every_half_way_case_rounds_up(self, units, decimals):
        half_way = (Decimal(units) + Decimal("0.5")).scaleb(-decimals)  # exactly between two shown values
        shown = text.format_number(half_way, decimals)
        expected = half_way.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        assert Decimal(shown.replace(".", "").replace(",", ".")) == expected

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9))
    def test_grouping_and_sign(self, value):
        shown = text.format_number(value, 3)
        integer, _, fraction = shown.lstrip("-").partition(",")
        assert len(fraction) == 3
        groups = integer.split(".")
        assert all(len(group) == 3 for group in groups[1:]) and 1 <= len(groups[0]) <= 3
        assert shown.startswith("-") == (value < 0)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(0.5, "0,5%"), (10, "10%"), (100.0, "100%"), (99.999, "100%"), (-2.5, "-2,5%"), (0.001, "0%"), (None, "")],
    )
    def test_percent(self, value, expected):
        assert text.format_percent(value) == expected


class TestDates:
    def test_weekdays_in_order(self):
        monday = dt.date(2024, 3, 18)
        names = [text.weekday_name(monday + dt.timedelta(days=n)) for n in range(7)]
        assert names == ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]

    def test_aware_values_are_read_in_hanoi(self):
        late_utc = dt.datetime(2024, 2, 29, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1 March in Hà Nội
        assert text.weekday_name(late_utc) == "Thứ sáu"
        assert text.format_date_long(late_utc) == "Thứ sáu, 1/3/2024"
        assert text.format_day_month(late_utc) == "1/3"
        assert text.format_date(late_utc) == "1/3/2024"

    def test_naive_values_are_taken_as_written(self):
        naive = dt.datetime(2024, 2, 29, 23, 30)
        assert text.format_datetime_long(naive) == "Thứ năm, 29/2/2024 23:30"
        assert text.format_date(naive) == "29/2/2024"
        assert text.format_date_long(None) == ""


# --- shorten_at_word: LED lines, search snippets --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("một hai ba", 10, "một hai ba"),  # exactly the limit: untouched
        ("một hai ba", 40, "một hai ba"),
        ("  một   hai\n\tba ", 40, "một hai ba"),  # whitespace collapsed, even when not cut
        ("một hai ba bốn", 9, "một hai…"),  # cut at the last whole word, ellipsis inside the limit
        ("một hai ba bốn", 13, "một hai ba…"),
        ("abcd efgh", 6, "abcd…"),  # the space right after the room
        ("Tuyệt-vời-lắm-luôn", 6, "Tuyệt…"),  # one long first word: cut inside it
        ("một, hai ba", 6, "một…"),  # punctuation before the cut is dropped
        ("một - hai ba", 7, "một…"),
        ("một; hai: ba", 6, "một…"),
        ("một — hai", 7, "một…"),
        ("abcdef", 1, "a…"),  # never less than one character of text
        ("abcdef", 2, "a…"),
    ],
)
def test_shorten_at_word(value, limit, expected):
    assert text.shorten_at_word(value, limit) == expected


def test_shorten_at_word_with_another_ellipsis():
    assert text.shorten_at_word("một hai ba bốn năm", 12, ellipsis="...") == "một hai..."
    assert text.shorten_at_word("một hai ba bốn năm", 12, ellipsis="") == "một hai ba"
    assert text.shorten_at_word("abcdefgh", 5, ellipsis="...") == "ab..."


@given(
    words=st.lists(st.text(alphabet="abcđêôơưạảấ", min_size=1, max_size=9), min_size=1, max_size=12),
    limit=st.integers(2, 60),
)
def test_shorten_at_word_keeps_whole_words_within_the_limit(words, limit):
    value = " ".join(words)
    short = text.shorten_at_word(value, limit)
    assert len(short) <= limit
    if len(value) <= limit:
        assert short == value
    else:
        assert short.endswith("…")
        kept = short[:-1].split(" ")
        if len(kept) > 1 or len(words[0]) < limit:
            assert kept == words[: len(kept)]  # whole words, in order
        else:
            assert words[0].startswith(kept[0])
