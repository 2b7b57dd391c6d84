"""Geometry of the dashboard's bar charts, drawn by the template as inline SVG.

Inline SVG with presentation attributes needs no script, no style and no
``data:`` URI, so the strict Content-Security-Policy allows it. A suppressed
count gets no bar at all (its length would give the number away), only its
text ``<5``.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.services.dashboard_figures import Breakdown

LABEL_WIDTH = 230
BAR_WIDTH = 380
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: float
    width: float
    text_y: float

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH

    @property
    def description(self) -> str:
        """A short text version for assistive technology (the table below has it all)."""
        if not self.bars:
            return "No referrals in this period."
        return "; ".join(f"{bar.label}: {bar.shown}" for bar in self.bars)


def bar_chart(breakdown: Breakdown, chart_id: str) -> Chart:
    """Return horizontal bars for ``breakdown``, scaled to its largest shown count."""
    largest = breakdown.largest
    bars = []
    for index, cell in enumerate(breakdown.cells):
        y = TOP + index * ROW_HEIGHT
        width = 0.0 if not cell.count or not largest else max(1.0, BAR_WIDTH * cell.count / largest)
        bars.append(Bar(cell.label, cell.shown, y, round(width, 1), y + BAR_HEIGHT / 2 + 5))
    height = TOP * 2 + max(1, len(bars)) * ROW_HEIGHT
    return Chart(chart_id, breakdown.title, tuple(bars), LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, height)
