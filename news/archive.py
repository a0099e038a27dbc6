"""The news archive's month calendar and its neighbours, built from the counts news/selectors.py reads.

A month view shows that month as a calendar (days with news are links, with their counts) and the
previous and next months that have news; a day view adds the nearest days with news before and after
it, so an empty day always offers somewhere to go.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from . import selectors

WEEKDAY_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
WEEKDAY_LONG = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
MONTH_LIST_LENGTH = 12


@dataclass(frozen=True)
class Day:
    date: dt.date
    count: int
    url: str | None  # only days with news are links
    current: bool


def month_calendar(*, index_page, month: dt.date, current: dt.date | None) -> list[list[Day | None]]:
    """Weeks (Monday first) of `month`; None pads the days of the neighbouring months."""
    counts = selectors.archive_days(index_page=index_page, month=month)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            if day.month != month.month:
                row.append(None)
                continue
            count = counts.get(day, 0)
            url = index_page.archive_url(day.year, day.month, day.day) if count else None
            row.append(Day(date=day, count=count, url=url, current=day == current))
        weeks.append(row)
    return weeks


def archive_context(*, index_page, period) -> dict:
    """What the archive box and an empty day show, for the listing's `period` (start, end, precision)."""
    months = selectors.archive_months(index_page=index_page)
    for month in months:
        month["url"] = index_page.archive_url(month["month"].year, month["month"].month)
    context = {"months": months[:MONTH_LIST_LENGTH], "weekdays": list(zip(WEEKDAY_SHORT, WEEKDAY_LONG, strict=True))}
    if not period or period[2] == "year":
        return context
    start, _end, precision = period
    shown = start.replace(day=1)
    older = next((m for m in months if m["month"] < shown), None)
    newer = next((m for m in reversed(months) if m["month"] > shown), None)
    context.update(
        month=shown,
        calendar=month_calendar(index_page=index_page, month=shown, current=start if precision == "day" else None),
        older_month=older,
        newer_month=newer,
    )
    if precision == "day":
        before, after = selectors.nearest_news_days(index_page=index_page, day=start)
        context.update(
            day_before={"date": before, "url": index_page.archive_url(before.year, before.month, before.day)}
            if before
            else None,
            day_after={"date": after, "url": index_page.archive_url(after.year, after.month, after.day)}
            if after
            else None,
        )
    return context
