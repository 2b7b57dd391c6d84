"""The percentile every benchmark reports."""

from __future__ import annotations

import math

from bench.stats import percentile


def test_percentile_is_nearest_rank_and_counts_failed_turns_as_slowest() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(reversed(values), 100) == 100.0
    assert percentile([0.3], 95) == 0.3
    assert percentile([0.2, 0.1, 0.4, 0.3], 0) == 0.1
    assert math.isnan(percentile([], 95))
    assert percentile([0.1] * 94 + [math.inf] * 6, 95) == math.inf
    assert percentile([0.1] * 95 + [math.inf] * 5, 95) == 0.1
