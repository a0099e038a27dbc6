"""Vietnamese text helpers: Unicode normalisation, accent folding, dates and numbers.

Every text that enters the site goes through `nfc`; every search or keyword match compares
`fold`ed text; every date and number a reader sees goes through the formatters below.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


class _CombiningMarks(dict):
    """A `str.translate` table that drops combining characters (`unicodedata.combining`), filled
    as characters are first seen: a table of all 0x110000 code points would cost a start-up."""

    def __missing__(self, codepoint: int):
        value = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = value
        return value


_COMBINING_MARKS = _CombiningMarks()
# The combining characters of U+0300–U+036F (all but the grapheme joiner U+034F).
_DIACRITICS = "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))
_COMBINING_DIACRITICS = re.compile("[" + _DIACRITICS + "]+")
# Anything but ASCII and those marks: when there is none, dropping every non-ASCII character drops exactly the
# marks (one scan and an encode instead of a substitution at each accented letter).
_BEYOND_ASCII_AND_DIACRITICS = re.compile("[^\x00-\x7f" + _DIACRITICS + "]")


def nfc(text: str | None) -> str:
    """Return `text` in Unicode NFC (composed), the form the site stores. None becomes ""."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None) -> str:
    """NFC text with runs of whitespace (including newlines) collapsed to single spaces."""
    return _single_spaced(nfc(text))


def _single_spaced(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: what `re.sub(r"\\s+", " ", text).strip()`
    gives (str.split and the regular expression's \\s know the same whitespace), several times faster."""
    return " ".join(text.split())


def fold(text: str | None) -> str:
    """Fold `text` for accent-insensitive matching: "Cải cách" and "CAI CACH" give "cai cach".

    NFD, drop combining marks, map đ→d, casefold, collapse whitespace.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", _fold_extra(text))
    # Vietnamese marks are all in the combining diacritics block: when nothing else is beyond ASCII, the
    # ASCII encoding drops them; otherwise one regular expression does, and the per-character table is
    # needed only when something else is left beyond ASCII.
    if decomposed.isascii():
        stripped = decomposed
    elif not _BEYOND_ASCII_AND_DIACRITICS.search(decomposed):
        stripped = decomposed.encode("ascii", "ignore").decode("ascii")
    else:
        stripped = _COMBINING_DIACRITICS.sub("", decomposed)
        if not stripped.isascii():
            stripped = stripped.translate(_COMBINING_MARKS)
    folded = stripped.casefold()
    if not folded.isascii():  # NFC and đ leave ASCII as it is
        # casefold may reintroduce decomposable letters (e.g. "ß" -> "ss" is fine); fold đ again.
        folded = unicodedata.normalize("NFC", _fold_extra(folded))
    return _single_spaced(folded)


def _fold_extra(text: str) -> str:
    """The letters NFD does not decompose (đ, Đ, ð → d); `replace` is much faster than `translate`."""
    return text.replace("đ", "d").replace("Đ", "d").replace("ð", "d")


def has_diacritics(text: str | None) -> bool:
    """True when `text` carries any accent or đ, i.e. folding changes it beyond case."""
    return bool(text) and fold(text) != clean_line(text).casefold()


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def weekday_name(value: dt.date) -> str:
    """The Vietnamese weekday: 'Thứ hai' … 'Chủ nhật'."""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return WEEKDAYS[value.weekday()]


def format_datetime_long(value: dt.datetime | None) -> str:
    """'Thứ tư, 4/3/2020 11:04' in the site's time zone (the article date line). Public pages write
    every date d/m/yyyy, as `format_date` does; the admin keeps its date pickers' 04/03/2020."""
    if value is None:
        return ""
    value = _local(value)
    return f"{weekday_name(value)}, {format_date(value)} {value:%H:%M}"


def format_date_long(value: dt.date | None) -> str:
    """'Thứ tư, 4/3/2020' (no time)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return f"{weekday_name(value)}, {format_date(value)}"


def format_date(value: dt.date | None) -> str:
    """'22/3/2024': day/month without leading zeros, full year (bulletin titles)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return f"{value.day}/{value.month}/{value.year}"


def format_day_month(value: dt.date | None) -> str:
    """'21/3': the short date used in press credits."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return f"{value.day}/{value.month}"


def shorten_at_word(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut.
    A first word longer than the limit is cut inside (nothing shorter would say anything)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ellipsis))
    cut = text[: room + 1].rsplit(" ", 1)[0] if " " in text[: room + 1] else text[:room]
    return cut.rstrip(" ,;:-–—") + ellipsis


def format_number(value, decimals: int = 0) -> str:
    """Vietnamese style: dot thousands, comma decimals. 2599 -> '2.599', 84.567 (2) -> '84,57'.

    Rounds half up (as people do by hand). Non-numbers come back as an empty string.
    """
    if value is None or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer_part, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(integer_part):,}".replace(",", ".")
    if decimals > 0:
        return f"{sign}{grouped},{fraction}"
    return f"{sign}{grouped}"


def format_percent(value, decimals: int = 2) -> str:
    """'84,57%'. Trailing zeros after the comma are dropped: 100 -> '100%', 27.0 -> '27%'."""
    text = format_number(value, decimals)
    if not text:
        return ""
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"
