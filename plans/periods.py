"""Dates of a plan year: quarters, their bounds, and "today" in the site's time zone."""

import datetime as dt
from calendar import monthrange

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of `quarter` (1..4) of `year`."""
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return dt.date(year, first_month, 1), dt.date(year, last_month, monthrange(year, last_month)[1])


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The aware datetimes [1 Jan 00:00, 1 Jan next year 00:00) of `year` in the site's time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def day_bounds(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes covering the whole days from `since` to `until` inclusive."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end
