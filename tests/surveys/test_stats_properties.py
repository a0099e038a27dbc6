"""Largest-remainder percentages and the Wilson interval, for all inputs: they sum to 100, follow
the counts' order, break ties as documented, and refuse negative counts."""

import math
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from surveys.stats import Z95, largest_remainder, wilson_interval, wilson_margin

counts_lists = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=10)
decimals = st.integers(min_value=0, max_value=3)


@given(counts_lists, decimals)
@example([1, 1, 1], 1)
@example([0, 0, 7], 0)
def test_sums_to_exactly_100_in_the_requested_places(counts, places):
    percents = largest_remainder(counts, decimals=places)
    assert len(percents) == len(counts)
    assert all(p.as_tuple().exponent == -places for p in percents)
    if sum(counts) == 0:
        assert percents == [0] * len(counts)
    else:
        assert sum(percents) == 100


@given(counts_lists, decimals)
def test_follows_the_counts_order(counts, places):
    percents = largest_remainder(counts, decimals=places)
    for i in range(len(counts)):
        for j in range(len(counts)):
            if counts[i] > counts[j]:
                assert percents[i] >= percents[j]
            if counts[i] == counts[j]:
                assert abs(percents[i] - percents[j]) <= Decimal(1).scaleb(-places)
    assert all(p == 0 for c, p in zip(counts, percents, strict=True) if c == 0)  # nothing from nothing


@given(counts_lists, decimals)
def test_each_share_is_its_floor_or_one_unit_more(counts, places):
    total = sum(counts)
    assume(total > 0)
    unit = Decimal(1).scaleb(-places)
    for count, percent in zip(counts, percents := largest_remainder(counts, decimals=places), strict=True):
        floor = Decimal(count * 100 * 10**places // total) * unit
        assert percent in {floor, floor + unit}
    assert len(percents) == len(counts)


def test_ties_go_to_the_larger_count_then_the_earlier_item():
    # 1 and 3 of 8 at 0 places: 12.5 and 37.5, both remainders .5, one unit missing.
    assert largest_remainder([1, 3, 4], decimals=0) == [Decimal(12), Decimal(38), Decimal(50)]
    assert largest_remainder([3, 1, 4], decimals=0) == [Decimal(38), Decimal(12), Decimal(50)]
    # Same count, same remainder: the earlier item gets the unit.
    assert largest_remainder([1, 1, 1], decimals=0) == [Decimal(34), Decimal(33), Decimal(33)]
    assert largest_remainder([1, 1, 1, 3], decimals=0) == [Decimal(17), Decimal(17), Decimal(16), Decimal(50)]


def test_larger_remainder_wins_over_larger_count():
    # 2/3 = 66.67 (remainder .67) and 1/3 = 33.33 (.33): the larger remainder takes the unit.
    assert largest_remainder([2, 1], decimals=0) == [Decimal(67), Decimal(33)]
    assert largest_remainder([1, 2], decimals=0) == [Decimal(33), Decimal(67)]


@pytest.mark.parametrize("counts", [[-1], [-1, 1], [5, -1], [-3, 1, 1], [0, -2, 2], [-1, -1]])
def test_negative_counts_are_refused_whatever_the_total(counts):
    with pytest.raises(ValueError, match=r"^counts must not be negative$"):
        largest_remainder(counts)


@given(st.lists(st.integers(min_value=-100, max_value=100), min_size=1, max_size=6))
def test_any_negative_count_is_refused(counts):
    if any(c < 0 for c in counts):
        with pytest.raises(ValueError):
            largest_remainder(counts)
    else:
        largest_remainder(counts)


def test_empty_and_all_zero():
    assert largest_remainder([]) == []
    assert largest_remainder([0, 0], decimals=2) == [Decimal("0"), Decimal("0")]


# -- the Wilson interval ---------------------------------------------------------------------
@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_wilson_interval_contains_the_share_and_stays_in_0_1(n, data):
    successes = data.draw(st.integers(min_value=0, max_value=n))
    low, high = wilson_interval(successes, n)
    share = successes / n
    assert 0.0 <= low <= share <= high <= 1.0
    assert low < high
    assert wilson_margin(successes, n) == pytest.approx((high - low) / 2 * 100)
    # symmetric: the failures' interval mirrors the successes'
    mirror_low, mirror_high = wilson_interval(n - successes, n)
    assert mirror_low == pytest.approx(1 - high, abs=1e-12) and mirror_high == pytest.approx(1 - low, abs=1e-12)


@given(st.integers(min_value=1, max_value=10**5), st.data())
def test_wilson_interval_narrows_with_more_answers(n, data):
    successes = data.draw(st.integers(min_value=0, max_value=n))
    assert wilson_margin(successes * 4, n * 4) < wilson_margin(successes, n)


def test_wilson_known_values():
    low, high = wilson_interval(81, 100)
    assert round(low, 4) == 0.7222 and round(high, 4) == 0.8749
    assert wilson_interval(10, 10)[1] == 1.0 and round(wilson_interval(10, 10)[0], 4) == 0.7225
    assert wilson_interval(0, -5) == (0.0, 0.0)
    assert pytest.approx(1.959964, abs=1e-6) == Z95
    # a wider z gives a wider interval
    assert wilson_margin(50, 100, z=2.576) > wilson_margin(50, 100)
    assert math.isclose(wilson_margin(50, 100, z=1.0), 4.9752, abs_tol=1e-4)
