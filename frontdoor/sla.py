"""Response targets: when a referral of each urgency should be acknowledged.

Targets are written as ``"1h"`` (hours), ``"30m"`` (minutes), ``"2d"`` (calendar
days) or ``"1wd"`` (working days: the owning inbox's opening hours, England and Wales
bank holidays excluded, counted in the partnership's time zone). Defaults
follow DESIGN §4: red 1 hour, amber 1 working day, green 5 working days.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import holidays

from frontdoor.errors import ConfigurationError
from frontdoor.hours import OFFICE_HOURS, OpeningHours, WorkingCalendar
from frontdoor.model import Urgency

_TARGET = re.compile(r"^\s*(\d+)\s*(m|h|d|wd)\s*$")


@dataclass(frozen=True)
class Target:
    amount: int
    unit: str  # "m", "h", "d" or "wd"

    @classmethod
    def parse(cls, text: str) -> Target:
        """Parse ``"1h"``, ``"30m"``, ``"2d"`` or ``"5wd"``.

        Raises:
            ConfigurationError: the text is not a target.
        """
        match = _TARGET.match(text or "")
        if not match or int(match.group(1)) <= 0:
            raise ConfigurationError(f"invalid response target {text!r} (use e.g. 1h, 30m, 2d, 5wd)")
        return cls(int(match.group(1)), match.group(2))

    def describe(self) -> str:
        words = {"m": "minute", "h": "hour", "d": "day", "wd": "working day"}[self.unit]
        return f"{self.amount} {words}{'' if self.amount == 1 else 's'}"


@lru_cache(maxsize=1)
def bank_holidays() -> Container[date]:
    """Return England's bank holidays (England and Wales) with no list to keep up to date.

    From the ``holidays`` library (``country_holidays("GB", subdiv="ENG")``),
    which follows GOV.UK's list, substitute days and one-off holidays
    included, and computes every year up to the library's last (2100).
    """
    # Filled in once for every year the library knows, so threads serving requests never fill it in at the
    # same time.
    return holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2101))


@dataclass(frozen=True)
class SlaPolicy:
    red: Target = Target(1, "h")
    amber: Target = Target(1, "wd")
    green: Target = Target(5, "wd")
    tz: str = "Europe/London"
    holidays: Container[date] = field(default_factory=frozenset)

    def target(self, urgency: Urgency) -> Target:
        return {Urgency.RED: self.red, Urgency.AMBER: self.amber, Urgency.GREEN: self.green}[urgency]

    @property
    def calendar(self) -> WorkingCalendar:
        """The working calendar of these targets: their time zone and bank holidays."""
        return WorkingCalendar(self.tz, self.holidays)

    def is_working_day(self, day: date) -> bool:
        return self.calendar.is_working_day(day)

    def due_at(self, urgency: Urgency, created: datetime, hours: OpeningHours | None = None) -> datetime:
        """Return when a referral of ``urgency`` created at ``created`` is due (UTC).

        ``created`` must be timezone-aware. Minute, hour and day targets are
        elapsed time. A working-day target counts only the owning inbox's
        opening ``hours`` (office hours, Monday to Friday 09:00-17:00, when the
        inbox states none or is open around the clock): one working day is
        that inbox's working day, so a referral made on Friday evening with one
        working day to go is due when Monday's hours end.
        """
        if created.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        target = self.target(urgency)
        # Elapsed time is added in UTC: adding to a local time would add wall-clock
        # time, an hour out across a clock change.
        if target.unit == "m":
            return created.astimezone(timezone.utc) + timedelta(minutes=target.amount)
        if target.unit == "h":
            return created.astimezone(timezone.utc) + timedelta(hours=target.amount)
        if target.unit == "d":
            return created.astimezone(timezone.utc) + timedelta(days=target.amount)
        working = OFFICE_HOURS if hours is None or hours.always else hours
        return self.calendar.add_working_time(working, created, target.amount * working.day_minutes())
