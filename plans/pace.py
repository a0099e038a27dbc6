"""On pace or behind: where a task or an indicator should be by a given day of the plan's period.

Pure functions (no database), so the edges are tested point by point: before the period, after it,
a period of one day, a leap year. A period is inclusive of both days; a day counts as elapsed once
it has begun, so on the last day everything is due (100%).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
QUANTUM = Decimal("0.01")

ON_PACE = "on_pace"
BEHIND = "behind"
NO_DATA = "no_data"
PACE_LABELS = {ON_PACE: _("On pace"), BEHIND: _("Behind pace"), NO_DATA: _("No data yet")}


def plan_period(year: int) -> tuple[dt.date, dt.date]:
    """A yearly plan runs from 1 January to 31 December of its year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def expected_percent(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """The share (0..100, two places) of the period [start, end] that has begun by `today`.

    Before `start`: 0. On or after `end`: 100 (a one-day period is all due on its day, and an
    end before the start, which a deadline cannot be, counts as due from `end` on).
    """
    if today >= end:
        return HUNDRED.quantize(QUANTUM)
    if today < start:
        return Decimal(0).quantize(QUANTUM)
    total_days = (end - start).days + 1
    elapsed_days = (today - start).days + 1
    return (Decimal(elapsed_days) * HUNDRED / total_days).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def pace(actual: Decimal | int | None, expected: Decimal) -> str:
    """ON_PACE when `actual` (0..100) has reached what is expected by now, BEHIND otherwise,
    NO_DATA when nothing is measured yet."""
    if actual is None:
        return NO_DATA
    return ON_PACE if Decimal(actual) >= expected else BEHIND
