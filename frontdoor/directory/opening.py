"""Which services are open now: a directory schedule read as opening hours, and matches ordered by it.

A young person is shown the services they can reach now first. A service's
ORUK ``regular_schedules`` are read as :class:`~frontdoor.hours.OpeningHours`
(every day ``00:00``-``23:59`` or ``24:00`` is open all the time, bank holidays
included; other hours are closed on bank holidays) and asked of the
partnership's :class:`~frontdoor.hours.WorkingCalendar` at a time given by the
caller. Services without a schedule are not taken to be open. Everything here
is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from frontdoor.directory.model import NATIONAL, Match, Schedule
from frontdoor.hours import OpeningHours, WorkingCalendar

_DAY = 24 * 60
#: Order of a service's state now: open, hours not known, closed.
OPEN, UNKNOWN, CLOSED = 0, 1, 2


def _minutes(text: str) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    return hours * 60 + minutes


def opening_hours(schedule: Schedule) -> OpeningHours | None:
    """Return a schedule's hours as read, or None when it gives no opening and closing times.

    A day open from ``00:00`` to ``23:59`` counts as the whole day; a service open
    every whole day of the week is always open (bank holidays included).
    """
    slots = []
    for entry in schedule.regular:
        if not entry.opens_at or not entry.closes_at:
            continue
        closes = _minutes(entry.closes_at)
        slots.append((entry.weekday - 1, _minutes(entry.opens_at), _DAY if closes >= _DAY - 1 else closes))
    if not slots:
        return None
    text = schedule.hours or ""
    if {(day, opens, closes) for day, opens, closes in slots} >= {(day, 0, _DAY) for day in range(7)}:
        return OpeningHours(text=text, always=True)
    return OpeningHours(text=text, slots=tuple(sorted(set(slots))))


def state(match: Match, at: datetime, calendar: WorkingCalendar) -> int:
    """Return :data:`OPEN`, :data:`UNKNOWN` (no schedule) or :data:`CLOSED` for a service at ``at``."""
    hours = opening_hours(match.service.schedule)
    if hours is None:
        return UNKNOWN
    return OPEN if calendar.is_open(hours, at) else CLOSED


@dataclass(frozen=True)
class OpenNow:
    """Matches ordered for now, and whether the nearby (local and regional) ones are all closed."""

    #: Open services first, then those whose hours are not known, then closed ones; otherwise in rank order.
    matches: tuple[Match, ...]
    #: The state of each match (:data:`OPEN`, :data:`UNKNOWN`, :data:`CLOSED`), in the order of ``matches``.
    states: tuple[int, ...]
    #: True when there are nearby services with hours and none of them is open now.
    nearby_closed: bool
    #: When the first closed nearby service opens again (UTC), when ``nearby_closed``.
    reopens: datetime | None

    @property
    def open_now(self) -> tuple[Match, ...]:
        """Return the matches open now, in order."""
        return tuple(m for m, s in zip(self.matches, self.states) if s == OPEN)

    @property
    def later(self) -> tuple[Match, ...]:
        """Return the matches not known to be open now, in order."""
        return tuple(m for m, s in zip(self.matches, self.states) if s != OPEN)


def open_first(matches: Sequence[Match], at: datetime, calendar: WorkingCalendar) -> OpenNow:
    """Return ``matches`` with the services open at ``at`` first (a stable reordering).

    When every nearby service with known hours is closed, the 24/7 lines come
    first and :attr:`OpenNow.reopens` says when the first nearby one opens again.

    Raises:
        ValueError: ``at`` has no time zone.
    """
    states = [state(m, at, calendar) for m in matches]
    order = sorted(range(len(matches)), key=lambda i: states[i])
    nearby = [(m, s) for m, s in zip(matches, states) if m.reach != NATIONAL and s != UNKNOWN]
    closed = bool(nearby) and all(s == CLOSED for _m, s in nearby)
    reopens = None
    if closed:
        times = [calendar.next_open(hours, at) for m, _s in nearby
                 if (hours := opening_hours(m.service.schedule)) is not None]
        reopens = min((t for t in times if t is not None), default=None)
    return OpenNow(tuple(matches[i] for i in order), tuple(states[i] for i in order), closed, reopens)


def open_lines_first(chosen: Sequence[Match], candidates: Sequence[Match], at: datetime,
                     calendar: WorkingCalendar, limit: int, lines: int = 2) -> OpenNow:
    """Return ``chosen`` ordered open first; when the nearby ones are all closed and no chosen
    national line is open, up to ``lines`` open national lines from ``candidates`` come first.

    The result keeps at most ``limit`` services (never fewer nearby ones than fit).

    Raises:
        ValueError: ``at`` has no time zone.
    """
    result = open_first(chosen, at, calendar)
    if not result.nearby_closed or any(m.reach == NATIONAL for m in result.open_now):
        return result
    taken = {m.service.id for m in chosen}
    extra: list[Match] = []
    for match in candidates:
        if (len(extra) < lines and match.reach == NATIONAL and match.service.id not in taken
                and state(match, at, calendar) == OPEN):
            extra.append(match)
            taken.add(match.service.id)
    nearby = [m for m in chosen if m.reach != NATIONAL]
    national = [m for m in chosen if m.reach == NATIONAL]
    kept = extra + nearby[: max(limit - len(extra), 1)]
    return open_first(kept + national[: max(limit - len(kept), 0)], at, calendar)
