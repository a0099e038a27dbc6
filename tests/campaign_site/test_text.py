import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign_site import text

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


class TestNfc:
    def test_composes_nfd_input(self):
        decomposed = unicodedata.normalize("NFD", "Cải cách hành chính")
        assert decomposed != "Cải cách hành chính"
        assert text.nfc(decomposed) == "Cải cách hành chính"

    @pytest.mark.parametrize("value", [None, ""])
    def test_empty(self, value):
        assert text.nfc(value) == ""

    def test_clean_line_collapses_whitespace(self):
        assert text.clean_line("  Một\n cửa \t liên thông ") == "Một cửa liên thông"

    @given(st.text())
    def test_idempotent_and_normalised(self, value):
        once = text.nfc(value)
        assert text.nfc(once) == once
        assert unicodedata.is_normalized("NFC", once)


class TestFold:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Cải cách hành chính", "cai cach hanh chinh"),
            ("CẢI CÁCH HÀNH CHÍNH", "cai cach hanh chinh"),
            ("Đề án 06", "de an 06"),
            ("đường Đội Cấn", "duong doi can"),
            ("Sở", "so"),
            ("số", "so"),
            ("Thủ tục hành chính 🚀", "thu tuc hanh chinh 🚀"),
            ("", ""),
        ],
    )
    def test_examples(self, value, expected):
        assert text.fold(value) == expected

    def test_nfd_and_nfc_fold_the_same(self):
        word = "Chuyển đổi số"
        assert text.fold(unicodedata.normalize("NFD", word)) == text.fold(word) == "chuyen doi so"

    def test_stray_combining_marks_are_dropped(self):
        assert text.fold("a\u0301\u0323b\u0300") == "ab"

    def test_none(self):
        assert text.fold(None) == ""

    @given(st.text())
    def test_never_fails_and_is_idempotent(self, value):
        folded = text.fold(value)
        assert text.fold(folded) == folded
        assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
        assert "đ" not in folded and "Đ" not in folded

    @given(st.text(alphabet="aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐ \u0300\u0301\u0303\u0309\u0323"))
    def test_vietnamese_letters_fold_to_ascii(self, value):
        assert text.fold(value).isascii()

    def test_has_diacritics(self):
        assert text.has_diacritics("cải cách")
        assert text.has_diacritics("Đề án")
        assert not text.has_diacritics("cai cach")
        assert not text.has_diacritics("CAI CACH")
        assert not text.has_diacritics("")


class TestDates:
    def test_long_datetime_matches_article_line(self):
        value = dt.datetime(2020, 3, 4, 11, 4, tzinfo=HANOI)
        assert text.format_datetime_long(value) == "Thứ tư, 4/3/2020 11:04"

    def test_utc_is_shown_in_hanoi_time(self):
        value = dt.datetime(2024, 3, 21, 20, 30, tzinfo=dt.UTC)  # 03:30 on the 22nd in Hà Nội
        assert text.format_datetime_long(value) == "Thứ sáu, 22/3/2024 03:30"
        assert text.format_date(value) == "22/3/2024"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(dt.date(2024, 3, 22), "22/3/2024"), (dt.date(2025, 12, 1), "1/12/2025")],
    )
    def test_short_date(self, value, expected):
        assert text.format_date(value) == expected

    def test_day_month(self):
        assert text.format_day_month(dt.date(2024, 3, 21)) == "21/3"

    def test_sunday(self):
        assert text.format_date_long(dt.date(2024, 3, 24)) == "Chủ nhật, 24/3/2024"

    def test_none(self):
        assert text.format_datetime_long(None) == ""
        assert text.format_date(None) == ""
        assert text.format_day_month(None) == ""

    @given(st.datetimes(timezones=st.just(dt.UTC)))
    def test_every_datetime_formats(self, value):
        line = text.format_datetime_long(value)
        assert line.split(",")[0] in text.WEEKDAYS


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [
            (2599, 0, "2.599"),
            (9682, 0, "9.682"),
            (84.567, 2, "84,57"),
            (87.05, 2, "87,05"),
            (1234567.891, 1, "1.234.567,9"),
            (-2599, 0, "-2.599"),
            (0, 0, "0"),
            (0.005, 2, "0,01"),
            ("12", 0, "12"),
        ],
    )
    def test_numbers(self, value, decimals, expected):
        assert text.format_number(value, decimals) == expected

    @pytest.mark.parametrize("value", [None, "abc", float("nan"), float("inf"), True])
    def test_not_a_number(self, value):
        assert text.format_number(value) == ""

    @pytest.mark.parametrize(
        ("value", "expected"), [(84.57, "84,57%"), (100, "100%"), (27.0, "27%"), (1.84, "1,84%"), (71.2, "71,2%")]
    )
    def test_percent(self, value, expected):
        assert text.format_percent(value) == expected

    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_integers_round_trip(self, value):
        shown = text.format_number(value)
        assert int(shown.replace(".", "")) == value

    @given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9, places=2))
    def test_two_decimals_round_trip(self, value):
        shown = text.format_number(value, 2)
        assert float(shown.replace(".", "").replace(",", ".")) == pytest.approx(float(value), abs=0.006)


class TestTemplateFilters:
    def test_filters_render(self):
        from django.template import Context, Template

        template = Template(
            "{% load vi_format %}{{ when|vi_datetime }}|{{ day|vi_date }}|{{ day|vi_day_month }}|"
            "{{ n|vi_number }}|{{ p|vi_percent }}|{{ p|vi_number:1 }}"
        )
        rendered = template.render(
            Context(
                {
                    "when": dt.datetime(2020, 3, 4, 11, 4, tzinfo=HANOI),
                    "day": dt.date(2024, 3, 22),
                    "n": 2599,
                    "p": 84.567,
                }
            )
        )
        assert rendered == "Thứ tư, 4/3/2020 11:04|22/3/2024|22/3|2.599|84,57%|84,6"
