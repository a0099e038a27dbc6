"""What the annual plan can measure from citizens' feedback (registered in wagtail_hooks.py)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback import selectors
from plans.choices import IndicatorUnit
from plans.registry import IndicatorSource, SourceQuery


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def on_time_share(query: SourceQuery) -> Decimal | None:
    """The share of the year's answers given by their due date; None before the first answer."""
    since, until = _year_bounds(query.year)
    return selectors.on_time_share(since=since, until=until)


def adopted_ideas(query: SourceQuery) -> Decimal | None:
    """Ideas marked adopted during the year; None while none has been."""
    since, until = _year_bounds(query.year)
    count = selectors.adopted_ideas(since=since, until=until)
    return Decimal(count) if count else None


def sources() -> list[IndicatorSource]:
    return [
        IndicatorSource(
            key="feedback_answered_on_time",
            label=_("Share of citizens' messages answered on time"),
            unit=IndicatorUnit.PERCENT,
            measure=on_time_share,
        ),
        IndicatorSource(
            key="feedback_ideas_adopted",
            label=_("Number of reform ideas adopted"),
            unit=IndicatorUnit.COUNT,
            measure=adopted_ideas,
        ),
    ]
