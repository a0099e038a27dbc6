"""Server-rendered bar charts: geometry here, markup in surveys/includes/bar_chart.html."""

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
