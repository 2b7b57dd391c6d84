"""What every benchmark summarises its timings with."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float:
    """Return the nearest-rank ``q``-th percentile of ``values`` (``inf`` entries allowed); NaN when empty."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = math.ceil(q / 100.0 * len(ordered))
    return ordered[min(len(ordered), max(rank, 1)) - 1]
