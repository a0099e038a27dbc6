"""Expected progress by a day of a period, and the on-pace mark: edges point by point."""

import datetime as dt
from decimal import Decimal

import pytest

from plans.pace import BEHIND, NO_DATA, ON_PACE, expected_percent, pace, plan_period

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "today", "expected"),
    [
        # before the start, on its first day, in the middle, the day before the end, on and after the end
        (D(2026, 1, 1), D(2026, 12, 31), D(2025, 12, 31), "0.00"),
        (D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1), "0.27"),  # 1/365
        (D(2026, 1, 1), D(2026, 12, 31), D(2026, 7, 1), "49.86"),  # 182/365
        (D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 30), "99.73"),  # 364/365
        (D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 31), "100.00"),
        (D(2026, 1, 1), D(2026, 12, 31), D(2027, 3, 1), "100.00"),
        # a leap year has 366 days: 1 July is day 183, exactly half; 29 February is day 60
        (D(2028, 1, 1), D(2028, 12, 31), D(2028, 7, 1), "50.00"),
        (D(2028, 1, 1), D(2028, 12, 31), D(2028, 2, 29), "16.39"),  # 60/366
        (D(2028, 1, 1), D(2028, 12, 31), D(2028, 12, 30), "99.73"),  # 365/366
        # a period of one day: nothing due before it, all of it from that day on
        (D(2026, 5, 4), D(2026, 5, 4), D(2026, 5, 3), "0.00"),
        (D(2026, 5, 4), D(2026, 5, 4), D(2026, 5, 4), "100.00"),
        (D(2026, 5, 4), D(2026, 5, 4), D(2026, 5, 5), "100.00"),
        # an end before the start (a deadline cannot be, but no division by zero or negative share)
        (D(2026, 5, 4), D(2026, 5, 1), D(2026, 4, 30), "0.00"),
        (D(2026, 5, 4), D(2026, 5, 1), D(2026, 5, 2), "100.00"),
        # a quarter: 31 March of quarter I is its last day
        (D(2026, 1, 1), D(2026, 3, 31), D(2026, 2, 14), "50.00"),  # 45/90
    ],
)
def test_expected_percent(start, end, today, expected):
    assert expected_percent(start, end, today) == Decimal(expected)


def test_expected_percent_never_leaves_0_to_100_and_never_falls():
    start, end = D(2028, 1, 1), D(2028, 12, 31)
    values = [expected_percent(start, end, start + dt.timedelta(days=n)) for n in range(-3, 370)]
    assert all(Decimal(0) <= value <= Decimal(100) for value in values)
    assert values == sorted(values)


def test_plan_period_is_the_calendar_year():
    assert plan_period(2028) == (D(2028, 1, 1), D(2028, 12, 31))


@pytest.mark.parametrize(
    ("actual", "expected", "mark"),
    [
        (Decimal("50.00"), Decimal("50.00"), ON_PACE),  # exactly where it should be
        (Decimal("49.99"), Decimal("50.00"), BEHIND),
        (100, Decimal("100.00"), ON_PACE),
        (0, Decimal("0.00"), ON_PACE),  # before the period nothing is expected yet
        (0, Decimal("0.27"), BEHIND),
        (None, Decimal("10.00"), NO_DATA),
    ],
)
def test_pace(actual, expected, mark):
    assert pace(actual, expected) == mark
