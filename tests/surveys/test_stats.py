from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from surveys.stats import largest_remainder, wilson_interval, wilson_margin


@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12), st.integers(0, 3))
def test_largest_remainder_sums_to_exactly_100(counts, decimals):
    percents = largest_remainder(counts, decimals=decimals)
    total = sum(counts)
    if total == 0:
        assert all(p == 0 for p in percents)
        return
    assert sum(percents) == Decimal(100)
    unit = Decimal(1).scaleb(-decimals)
    for count, percent in zip(counts, percents, strict=True):
        exact = Decimal(count) * 100 / Decimal(total)
        assert abs(percent - exact) < unit  # never more than one rounding unit away
        assert percent.as_tuple().exponent == -decimals


def test_largest_remainder_known_case():
    # 1/3 each: plain rounding gives 99.9; the first largest remainder gets the missing tenth.
    assert largest_remainder([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert largest_remainder([71, 27, 2], decimals=0) == [71, 27, 2]


def test_wilson_interval_matches_the_formula():
    low, high = wilson_interval(50, 100)
    assert round(low, 4) == 0.4038 and round(high, 4) == 0.5962
    assert round(wilson_margin(50, 100), 2) == 9.62
    assert wilson_interval(0, 0) == (0.0, 0.0)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0.27 < high < 0.28  # never negative, unlike the normal approximation
