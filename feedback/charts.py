"""The statistics chart: per month, messages received and answered on time, as server-rendered SVG
(markup in feedback/admin/chart.html), readable without JavaScript and on a phone."""

from dataclasses import dataclass

WIDTH = 640
ROW = 64
BAR = 18
BAR_MAX = 520


@dataclass(frozen=True)
class MonthBar:
    label: str
    received: int
    on_time: int
    top: int
    received_width: float
    on_time_width: float


def month_chart(rows: list[tuple[str, int, int]], *, title: str, chart_id: str) -> dict | None:
    """Bars per (month label, received, answered on time); None when there is nothing to draw."""
    if not rows:
        return None
    most = max(received for _label, received, _on_time in rows) or 1
    bars = [
        MonthBar(
            label=label,
            received=received,
            on_time=on_time,
            top=index * ROW,
            received_width=round(BAR_MAX * received / most, 1),
            on_time_width=round(BAR_MAX * on_time / most, 1),
        )
        for index, (label, received, on_time) in enumerate(rows)
    ]
    return {"id": chart_id, "title": title, "bars": bars, "width": WIDTH, "height": ROW * len(bars), "bar": BAR}
