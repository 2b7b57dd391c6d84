"""The queue table's lines: what each row's cells say, worked out in one pass over the page.

The template only prints these, unpacked in its loop: it calls no function per
row. The time zone is looked up once a page, and each label and each day's
words are worked out once for each value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from frontdoor.views import QueueRow
from web.inbox import display


class QueueLine(NamedTuple):
    """One row of the queue table: the referral and the words and times of its cells."""

    row: QueueRow
    urgency: str
    kind: str
    status: str
    #: The response clock ("due in 3h 20m").
    clock: str
    #: When it is due, in the partnership's time zone, and as ISO 8601 for ``<time datetime>``.
    due: str
    due_iso: str


class _Labels(dict[str, str]):
    """The labels of one mapping, each value's worked out the first time it is asked for."""

    def __init__(self, mapping: dict[str, str]) -> None:
        super().__init__()
        self._mapping = mapping

    def __missing__(self, value: str) -> str:
        text = self[value] = display.label(self._mapping, value)
        return text


def queue_lines(rows: Iterable[QueueRow], now: datetime, tz: str) -> list[QueueLine]:
    """Return the table lines of ``rows`` at ``now``, with times in the time zone ``tz``.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: ``tz`` is not a time zone.
    """
    local = display.LocalTimes(tz)
    urgencies = _Labels(display.URGENCY_LABELS)
    kinds = _Labels(display.KIND_LABELS)
    statuses = _Labels(display.STATUS_LABELS)
    return [
        QueueLine(row, urgencies[row.urgency], kinds[row.kind], statuses[row.status],
                  display.sla_clock(row.due_at, now, row.status), local(row.due_at),
                  row.due_at.isoformat())
        for row in rows
    ]
