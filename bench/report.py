"""The printed results: rows of figure, value, reference measured in the same run, ratio, target."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def rate(value: float, unit: str = "req/s") -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.3f}x"


@dataclass
class Row:
    figure: str
    value: str
    reference: str = "—"
    ratio: str = "—"
    target: str = "—"
    result: str = "—"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class Table:
    HEADINGS = ("Figure", "Value", "Reference (same run)", "Ratio", "Target", "Result")

    def __init__(self, title: str):
        self.title = title
        self.rows: list[Row] = []

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def render(self) -> str:
        cells = [self.HEADINGS] + [(r.figure, r.value, r.reference, r.ratio, r.target, r.result) for r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.HEADINGS))]
        lines = [f"### {self.title}", ""]
        for n, row in enumerate(cells):
            lines.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)
