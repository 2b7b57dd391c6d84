"""Response targets: when a referral of each urgency should be acknowledged.

Targets are written as ``"1h"`` (hours), ``"30m"`` (minutes), ``"2d"`` (calendar
days) or ``"1wd"`` (working days: Monday to Friday, England and Wales bank
holidays excluded, counted in the partnership's time zone). Defaults follow
DESIGN §4: red 1 hour, amber 1 working day, green 5 working days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import yaml

from frontdoor.errors import ConfigurationError
from frontdoor.model import Urgency

_TARGET = re.compile(r"^\s*(\d+)\s*(m|h|d|wd)\s*$")


@dataclass(frozen=True)
class Target:
    amount: int
    unit: str  # "m", "h", "d" or "wd"

    @classmethod
    def parse(cls, text: str) -> "Target":
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
def bank_holidays() -> frozenset[date]:
    """Return the England and Wales bank holidays in ``data/bank_holidays.yaml``."""
    text = resources.files("frontdoor.data").joinpath("bank_holidays.yaml").read_text("utf-8")
    return frozenset(date.fromisoformat(str(d)) for d in yaml.safe_load(text)["england-and-wales"])


@dataclass(frozen=True)
class SlaPolicy:
    red: Target = Target(1, "h")
    amber: Target = Target(1, "wd")
    green: Target = Target(5, "wd")
    tz: str = "Europe/London"
    holidays: frozenset[date] = field(default_factory=frozenset)

    def target(self, urgency: Urgency) -> Target:
        return {Urgency.RED: self.red, Urgency.AMBER: self.amber, Urgency.GREEN: self.green}[urgency]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def due_at(self, urgency: Urgency, created: datetime) -> datetime:
        """Return when a referral of ``urgency`` created at ``created`` is due (UTC).

        ``created`` must be timezone-aware. A working-day target counts whole
        working days forward from the local date and keeps the local time of
        day; a referral made at a weekend is due N working days after it.
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
        zone = ZoneInfo(self.tz)
        local = created.astimezone(zone)
        day = local.date()
        counted = 0
        while counted < target.amount:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        due_local = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)
        return due_local.astimezone(timezone.utc)
