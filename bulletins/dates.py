"""Feed dates as Vietnamese outlets write them: RFC 822 with every kind of zone, ISO 8601, and
day-first forms. Pure (no feedparser, no database), so it can be tested and mutated on its own."""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from campaign_site.text import nfc

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{2,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4}|\d{2})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(.*)$"
)
# Day first, as Vietnamese outlets print it: '21/3/2024 8h05', 'Thứ năm, 21/3/2024, 08:00 (GMT+7)',
# 'Thứ Năm, 21/03/2024 - 08:00'.
_VI_WEEKDAY = re.compile(
    r"^(?:th[ứu]\s+(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|\d)|ch[ủu]\s+nh[ậa]t)\s*,?\s*", re.IGNORECASE
)
_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:\s*[,-]\s*|[\sT]+)(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?\s*(.*)$"
)
_ZONE_OFFSET = re.compile(r"^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?([0-5]\d))?$", re.IGNORECASE)
MAX_OFFSET = dt.timedelta(hours=14)  # the widest offset in use (Kiribati, UTC+14)
_NAMED_ZONES = {"": None, "ICT": 7 * 60, "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "ICT+7": 7 * 60}


# A feed writes its few zones ("+0700", "GMT+7", "GMT") on every date: each is read once (it was a third of a
# date's reading), and each fixed offset made into a time zone once.
@functools.lru_cache(maxsize=256)
def _zone_minutes(zone: str) -> int | bool | None:
    """Minutes east of UTC; None when no zone is given (local time is assumed); False if unknown."""
    zone = zone.strip().upper()
    if zone.startswith("(") and zone.endswith(")"):
        zone = zone[1:-1].strip()  # '(GMT+7)'
    if zone in _NAMED_ZONES:
        return _NAMED_ZONES[zone]
    match = _ZONE_OFFSET.match(zone)
    if not match:
        return False
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes or 0)
    if dt.timedelta(minutes=total) > MAX_OFFSET:
        return False
    return total if sign == "+" else -total


def _aware(year, month, day, hour, minute, second, zone: str) -> dt.datetime | None:
    offset = _zone_minutes(zone)
    if offset is False:
        return None
    try:
        naive = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if offset is None:
        return naive.replace(tzinfo=VIETNAM)
    return naive.replace(tzinfo=_fixed_zone(offset))


@functools.lru_cache(maxsize=64)
def _fixed_zone(minutes: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(minutes=minutes))


def parse_date(value: str) -> dt.datetime | None:
    """Dates as Vietnamese outlets write them; a missing zone means Asia/Ho_Chi_Minh.

    'Thu, 21 Mar 2024 08:00:00 GMT+7', '… UTC+7', '… ICT', '… +0700', no zone at all,
    '21/03/2024 08:00', 'Thứ năm, 21/3/2024, 08:00 (GMT+7)', ISO 8601 ('2024-03-21T08:00:00', with or
    without an offset). Two-digit years are this century's; offsets beyond ±14 h are impossible and
    refused. None when the text is none of these.
    """
    value = nfc(value).strip()  # an NFD weekday ('Thứ') reads like an NFC one
    if not value:
        return None
    match = _RFC822.match(value)
    if match:
        day, month_name, year, hour, minute, second, zone = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            return None
        year_value = int(year) + (2000 if len(year) == 2 else 0)
        return _aware(year_value, month, int(day), int(hour), int(minute), int(second or 0), zone)
    match = _DMY.match(_VI_WEEKDAY.sub("", value))
    if match:
        day, month, year, hour, minute, second, zone = match.groups()
        return _aware(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), zone)
    try:
        parsed = dt.datetime.fromisoformat(value)  # reads a trailing "Z" since Python 3.11
    except ValueError:
        return None
    if not parsed.tzinfo:
        return parsed.replace(tzinfo=VIETNAM)
    return parsed if abs(parsed.utcoffset()) <= MAX_OFFSET else None
