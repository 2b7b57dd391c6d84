"""Opening hours and the working calendar (DESIGN §5: out of hours; §4: response clocks).

An inbox's ``hours`` in the routing table are read, not just displayed:

* ``"24/7"`` (or ``"24 hours"``, ``"always open"``) — always open, bank holidays included;
* ``"Mon-Fri 09:00-17:00"`` — one or more day ranges with times, separated by
  commas (``"Mon-Fri 08:30-16:30, Sat 10:00-13:00"``); closed on bank holidays;
* anything after a ``;`` is a note for people (``"...; emergency duty team out
  of hours"``) and does not change the hours.

:class:`WorkingCalendar` adds the partnership's time zone and bank holidays, and
answers "is this inbox open now?", "when does it next open?" and "when has it
worked N hours from here?". Everything here is pure.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from frontdoor.errors import ConfigurationError, FrontDoorError, InvalidInput

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALWAYS = re.compile(r"^\s*(?:24/7|24 hours(?: a day)?|always(?: open)?)\s*$", re.IGNORECASE)
_SLOT = re.compile(
    r"^\s*(?P<first>[a-z]{3})[a-z]*\s*(?:-\s*(?P<last>[a-z]{3})[a-z]*)?\s+"
    r"(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})\s*$",
    re.IGNORECASE,
)


def _minutes(text: str, where: str) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ConfigurationError(f"{where}: {text!r} is not a time of day")
    return hours * 60 + minutes


@dataclass(frozen=True)
class OpeningHours:
    """When an inbox is staffed: always, or weekly slots closed on bank holidays."""

    text: str
    always: bool = False
    #: (weekday 0=Monday, opening minute, closing minute) in local time.
    slots: tuple[tuple[int, int, int], ...] = ()
    note: str | None = None

    @classmethod
    def parse(cls, text: str | None, where: str = "hours") -> OpeningHours:
        """Read ``"24/7"`` or ``"Mon-Fri 09:00-17:00[, Sat 10:00-13:00][; note]"``.

        ``None`` or an empty text means the hours were not stated: office hours
        (:data:`OFFICE_HOURS`) are assumed, so nothing is taken to be staffed at
        night by mistake.

        Raises:
            ConfigurationError: naming what could not be read.
        """
        if text is None or not str(text).strip():
            return OFFICE_HOURS
        raw = str(text).strip()
        hours_part, _, note = raw.partition(";")
        note_text = note.strip() or None
        if _ALWAYS.match(hours_part):
            return cls(text=raw, always=True, note=note_text)
        slots: list[tuple[int, int, int]] = []
        for piece in hours_part.split(","):
            match = _SLOT.match(piece)
            if not match:
                raise ConfigurationError(
                    f"{where}: cannot read {piece.strip()!r} (write e.g. \"Mon-Fri 09:00-17:00\" or \"24/7\")")
            first, last = match.group("first").lower(), (match.group("last") or match.group("first")).lower()
            if first not in _DAYS or last not in _DAYS:
                raise ConfigurationError(f"{where}: unknown day in {piece.strip()!r}")
            opens, closes = _minutes(match.group("open"), where), _minutes(match.group("close"), where)
            if opens >= closes:
                raise ConfigurationError(
                    f"{where}: {piece.strip()!r} closes before it opens (split a night shift in two)")
            start, end = _DAYS.index(first), _DAYS.index(last)
            days = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            slots.extend((day, opens, closes) for day in days)
        slots.sort()
        for (day, _o, closes), (next_day, next_opens, _c) in zip(slots, slots[1:]):
            if day == next_day and next_opens < closes:
                raise ConfigurationError(f"{where}: {raw!r} has overlapping times on {_DAY_NAMES[day]}")
        return cls(text=raw, slots=tuple(slots), note=note_text)

    def day_minutes(self) -> int:
        """Return the length of this inbox's longest working day, in minutes (1440 when always open)."""
        if self.always:
            return 24 * 60
        per_day: dict[int, int] = {}
        for day, opens, closes in self.slots:
            per_day[day] = per_day.get(day, 0) + closes - opens
        return max(per_day.values(), default=0)

    def describe(self) -> str:
        """Return the hours in words for people ("24/7", "Mon-Fri 09:00-17:00")."""
        return self.text.partition(";")[0].strip()


#: Assumed when an inbox states no hours, and used for working days of an inbox open 24/7.
OFFICE_HOURS = OpeningHours(text="Mon-Fri 09:00-17:00",
                            slots=tuple((day, 9 * 60, 17 * 60) for day in range(5)))


@dataclass(frozen=True)
class WorkingCalendar:
    """A time zone and its bank holidays: the calendar opening hours are read in."""

    tz: str = "Europe/London"
    holidays: Container[date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_working_day(self, day: date) -> bool:
        """Return True for Monday to Friday outside bank holidays."""
        return day.weekday() < 5 and day not in self.holidays

    def _day_slots(self, hours: OpeningHours, day: date) -> list[tuple[datetime, datetime]]:
        """Return ``day``'s opening intervals (UTC), none on a bank holiday."""
        if hours.always:
            start = datetime.combine(day, time(0), tzinfo=self.zone)
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
            return [(start.astimezone(timezone.utc), end.astimezone(timezone.utc))]
        if day in self.holidays:
            return []
        zone = self.zone
        out = []
        for weekday, opens, closes in hours.slots:
            if weekday != day.weekday():
                continue
            start = datetime.combine(day, time(opens // 60, opens % 60), tzinfo=zone)
            end = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone) if closes == 24 * 60
                   else datetime.combine(day, time(closes // 60, closes % 60), tzinfo=zone))
            start_utc, end_utc = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
            if end_utc > start_utc:  # an hour lost when the clocks go forward opens nothing
                out.append((start_utc, end_utc))
        return out

    def intervals(self, hours: OpeningHours, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield the open intervals (UTC) from ``start`` on, the first clipped to ``start``.

        Stops after a year without an opening (hours that never open).
        """
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        start = start.astimezone(timezone.utc)
        day = start.astimezone(self.zone).date() - timedelta(days=1)
        empty = 0
        while empty < 366:
            slots = [(max(a, start), b) for a, b in self._day_slots(hours, day) if b > start]
            empty = 0 if slots else empty + 1
            yield from slots
            day += timedelta(days=1)

    def is_open(self, hours: OpeningHours, at: datetime) -> bool:
        """Return True when an inbox with ``hours`` is staffed at ``at``."""
        if hours.always:
            return True
        for opens, closes in self.intervals(hours, at):
            return opens <= at.astimezone(timezone.utc) < closes
        return False

    def next_open(self, hours: OpeningHours, at: datetime) -> datetime | None:
        """Return when an inbox with ``hours`` is next staffed (``at`` itself when open now, UTC).

        ``None`` when the hours never open.
        """
        for opens, _closes in self.intervals(hours, at):
            return opens
        return None

    def add_working_time(self, hours: OpeningHours, start: datetime, minutes: float) -> datetime:
        """Return when ``minutes`` of ``hours``' opening time have passed after ``start`` (UTC).

        Time outside the hours does not count: a clock started on a Friday
        evening runs from Monday's opening.

        Raises:
            ConfigurationError: the hours never open.
        """
        remaining = timedelta(minutes=minutes)
        for opens, closes in self.intervals(hours, start):
            if closes - opens >= remaining:
                return opens + remaining
            remaining -= closes - opens
        raise ConfigurationError(f"hours {hours.text!r} never open")


def aware_time(text: str, name: str, error: type[FrontDoorError] = InvalidInput) -> datetime:
    """Return ``text``, an ISO 8601 time with a zone ("2026-12-05T23:30:00+00:00"), as a datetime.

    Raises:
        error (InvalidInput by default): it is not such a time; the message names ``name``.
    """
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise error(f"{name} {text!r} is not an ISO 8601 time") from exc
    if at.tzinfo is None:
        raise error(f"{name} {text!r} needs a zone (e.g. +00:00)")
    return at
