"""The dashboard's figures: tables of counts with small numbers suppressed, and the reporting period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

#: Counts from 1 to SUPPRESS_BELOW - 1 are never shown.
SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
HIDDEN = "hidden"
#: Longest period one dashboard covers.
MAX_DAYS = 366 * 5
DEFAULT_MONTHS = 12

KIND_LABELS = {
    "concern": "Concern",
    "tip": "Community tip",
    "self_referral": "Self-referral",
    "handover": "Relocation handover",
    "health": "Hospital presentation",
}
URGENCY_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Cell:
    """One shown count: ``count`` is None when suppressed or hidden; ``shown`` is what to print."""

    key: str
    label: str
    count: int | None
    shown: str

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Breakdown:
    """Referrals counted by one characteristic."""

    key: str
    title: str
    cells: tuple[Cell, ...]

    @property
    def largest(self) -> int:
        return max((c.count or 0 for c in self.cells), default=0)


@dataclass(frozen=True)
class AcknowledgementRow:
    """Time to acknowledge for one urgency (or all): against its target."""

    key: str
    label: str
    target: str
    #: Referrals that can be judged: acknowledged, or past their due time unacknowledged.
    judged: Cell
    within_target: Cell
    #: Percentage acknowledged within the target (None when too few to show).
    share_within: float | None
    median_hours: float | None
    p90_hours: float | None

    @property
    def share_shown(self) -> str:
        return "not shown" if self.share_within is None else f"{self.share_within:.0f}%"


@dataclass(frozen=True)
class Dashboard:
    """The aggregates for one principal and period (already suppressed)."""

    start: date
    end: date  # inclusive
    scope: str
    total: Cell
    breakdowns: tuple[Breakdown, ...]
    acknowledgement: tuple[AcknowledgementRow, ...]

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    def csv_rows(self) -> list[list[str]]:
        """Return the aggregates as CSV rows (a header first); nothing about any one referral."""
        period = [self.start.isoformat(), self.end.isoformat()]
        rows = [["period_from", "period_to", "section", "category", "label", "measure", "value"]]
        rows.append(period + ["total", "all", "All referrals", "referrals", self.total.shown])
        for breakdown in self.breakdowns:
            for cell in breakdown.cells:
                rows.append(period + [breakdown.key, cell.key, cell.label, "referrals", cell.shown])
        for ack in self.acknowledgement:
            base = period + ["time_to_acknowledge", ack.key, f"{ack.label} (target {ack.target})"]
            rows.append(base + ["judged", ack.judged.shown])
            rows.append(base + ["within_target", ack.within_target.shown])
            rows.append(base + ["share_within_target_percent",
                                "" if ack.share_within is None else f"{ack.share_within:.1f}"])
            rows.append(base + ["median_hours", _hours(ack.median_hours)])
            rows.append(base + ["p90_hours", _hours(ack.p90_hours)])
        return rows


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def shown(count: int) -> str:
    """Return how ``count`` is printed: ``"<5"`` from 1 to 4, otherwise the number."""
    return SUPPRESSED if 0 < count < SUPPRESS_BELOW else str(count)


def _cell(key: str, label: str, count: int) -> Cell:
    text = shown(count)
    return Cell(key, label, None if text == SUPPRESSED else count, text)


def suppress(pairs: Iterable[tuple[str, str, int]], *, additive: bool) -> tuple[Cell, ...]:
    """Turn (key, label, count) into cells, suppressing small counts.

    With ``additive`` (the counts add up to a shown total), the withheld counts
    together could be worked out by subtraction; so while they add up to less
    than :data:`SUPPRESS_BELOW`, the smallest shown count is hidden as well.
    """
    items = list(pairs)
    cells = [_cell(key, label, count) for key, label, count in items]
    if additive:
        withheld = sum(count for (_k, _l, count), cell in zip(items, cells) if cell.suppressed)
        candidates = sorted((count, index) for index, (_k, _l, count) in enumerate(items)
                            if count >= SUPPRESS_BELOW)
        while 0 < withheld < SUPPRESS_BELOW and candidates:
            count, index = candidates.pop(0)
            cells[index] = Cell(cells[index].key, cells[index].label, None, HIDDEN)
            withheld += count
    return tuple(cells)


def default_period(today: date, months: int = DEFAULT_MONTHS) -> tuple[date, date]:
    """Return the ``months`` calendar months up to and including ``today``'s."""
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


def _months(start: date, end: date) -> list[tuple[str, str]]:
    """Return (``YYYY-MM``, ``Mon YYYY``) for every month from ``start`` to ``end``."""
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append((f"{year:04d}-{month:02d}", f"{_MONTHS[month - 1]} {year}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _quantile(values: dict[int, float], n: int, q: float) -> float | None:
    """Interpolated quantile (like ``percentile_cont``) from the 1-based ranks in ``values``."""
    position = q * (n - 1)
    low = int(position)
    if low + 1 not in values:
        return None
    lower = values[low + 1]
    upper = values.get(low + 2, lower)
    return lower + (position - low) * (upper - lower)


def _ranks(n: int) -> set[int]:
    """The 1-based ranks needed for the median and the 90th percentile of ``n`` values."""
    ranks: set[int] = set()
    for q in (0.5, 0.9):
        low = int(q * (n - 1))
        ranks |= {low + 1, min(low + 2, n)}
    return ranks
