"""Honest numbers: percentages that add up to exactly 100, and a 95% margin of error."""

import math
from decimal import Decimal

Z95 = 1.959963984540054


def largest_remainder(counts: list[int], *, decimals: int = 1) -> list[Decimal]:
    """Percentages of `counts` rounded to `decimals` places that sum to exactly 100.

    Every share is first rounded down; the units still missing go, one each, to the shares
    with the largest remainders (ties: the larger count, then the earlier item). All zeros give zeros.
    """
    if any(c < 0 for c in counts):  # before the total: [-1, 1] must not pass as "all zeros"
        raise ValueError("counts must not be negative")
    quantum = Decimal(1).scaleb(-decimals)
    total = sum(counts)
    if total == 0:
        return [Decimal(0).quantize(quantum) for _ in counts]
    scale = 100 * 10**decimals
    floors, remainders = [], []
    for index, count in enumerate(counts):
        whole, rest = divmod(count * scale, total)
        floors.append(whole)
        remainders.append((rest, count, -index))
    missing = scale - sum(floors)
    for _, _, neg_index in sorted(remainders, reverse=True)[:missing]:
        floors[-neg_index] += 1
    return [(Decimal(units) * quantum).quantize(quantum) for units in floors]


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion, as fractions 0..1; (0, 0) when n is 0."""
    if n <= 0:
        return (0.0, 0.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # The interval always holds p; clamp so float error cannot put 10/10 above its upper bound.
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def wilson_margin(successes: int, n: int, z: float = Z95) -> float:
    """Half the width of the Wilson interval, in percentage points."""
    low, high = wilson_interval(successes, n, z)
    return (high - low) / 2 * 100
