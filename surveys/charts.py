"""Server-rendered charts: geometry here, markup in surveys/includes/bar_chart.html and trend_chart.html."""

from dataclasses import dataclass

WIDTH = 640
ROW = 58
BAR = 24
LABEL_GAP = 20
BAR_MAX = 520  # leaves room for the percentage after the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: object
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


def bar_chart(rows: list[tuple[str, int, object]], *, title: str, chart_id: str) -> dict:
    """Horizontal bars, one per (label, count, percent); the label sits above its bar for narrow screens."""
    bars = []
    for index, (label, count, percent) in enumerate(rows):
        top = index * ROW
        width = round(BAR_MAX * float(percent) / 100, 1)
        bars.append(
            Bar(
                label=label,
                count=count,
                percent=percent,
                label_y=top + 16,
                bar_y=top + LABEL_GAP + 4,
                width=max(width, 1.0) if count else 0.0,
                value_x=width + 8,
                value_y=top + LABEL_GAP + 4 + BAR - 6,
            )
        )
    return {"id": chart_id, "title": title, "bars": bars, "width": WIDTH, "height": max(ROW * len(rows), ROW)}


# The trend: share satisfied per period as a line, with the SIPAS target of 80% drawn across.
TREND_WIDTH = 640
TREND_HEIGHT = 260
TREND_LEFT = 84  # room for the 0–100% axis labels (27 units high on phones)
TREND_RIGHT = 16
TREND_TOP = 16
TREND_BOTTOM = 44  # room for the period labels
TARGET_PERCENT = 80


@dataclass(frozen=True)
class TrendPoint:
    label: str
    share: float | None
    x: float
    y: float | None


def _y(percent: float) -> float:
    plot = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    return round(TREND_TOP + plot * (1 - percent / 100), 1)


def trend_chart(rows: list[tuple[str, float | None]], *, title: str, chart_id: str) -> dict | None:
    """A line of the share satisfied per period: (label, share 0–100 or None) each. Periods without
    votes break the line rather than pretend to be 0%. None when fewer than two periods."""
    if len(rows) < 2:
        return None
    step = (TREND_WIDTH - TREND_LEFT - TREND_RIGHT) / (len(rows) - 1)
    points = [
        TrendPoint(label, share, round(TREND_LEFT + i * step, 1), None if share is None else _y(share))
        for i, (label, share) in enumerate(rows)
    ]
    segments, current = [], []
    for point in points:
        if point.y is None:
            if len(current) > 1:
                segments.append(current)
            current = []
        else:
            current.append(point)
    if len(current) > 1:
        segments.append(current)
    # Label every period when they fit, else about five of them (always the last): legible on a phone.
    every = max(1, -(-len(points) // 5))
    return {
        "id": chart_id,
        "title": title,
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "left": TREND_LEFT,
        "axis_x": TREND_LEFT - 8,
        "right": TREND_WIDTH - TREND_RIGHT,
        "baseline": TREND_HEIGHT - TREND_BOTTOM,
        "label_y": TREND_HEIGHT - TREND_BOTTOM + 24,
        "grid": [{"percent": p, "y": _y(p)} for p in (0, 25, 50, 75, 100)],
        "target": {"percent": TARGET_PERCENT, "y": _y(TARGET_PERCENT), "label_y": _y(TARGET_PERCENT) - 6},
        "points": points,
        "lines": [" ".join(f"{p.x},{p.y}" for p in segment) for segment in segments],
        "labels": [
            # The end labels lean inwards so they are never cut off at the edges.
            {"x": p.x, "text": p.label, "anchor": "start" if i == 0 else "end" if i == len(points) - 1 else "middle"}
            for i, p in enumerate(points)
            if i % every == 0 or i == len(points) - 1
        ],
    }
