"""Opening hours as read from the routing table, and the working calendar."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.hours import OFFICE_HOURS, OpeningHours, WorkingCalendar
from frontdoor.sla import bank_holidays

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar("Europe/London", bank_holidays())


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(("text", "always", "slots", "note"), [
    ("24/7", True, (), None),
    ("24 hours a day", True, (), None),
    ("Mon-Fri 09:00-17:00", False, tuple((d, 540, 1020) for d in range(5)), None),
    ("Mon-Fri 09:00-17:00; emergency duty team out of hours", False, tuple((d, 540, 1020) for d in range(5)),
     "emergency duty team out of hours"),
    ("Monday-Wednesday 8:30-16:30, Sat 10:00-13:00", False,
     ((0, 510, 990), (1, 510, 990), (2, 510, 990), (5, 600, 780)), None),
    ("Fri-Mon 18:00-24:00", False, ((0, 1080, 1440), (4, 1080, 1440), (5, 1080, 1440), (6, 1080, 1440)), None),
], ids=["24-7", "24-hours", "office", "with-note", "days-and-saturday", "wrapping-days-to-midnight"])
def test_parse(text: str, always: bool, slots: tuple, note: str | None) -> None:
    hours = OpeningHours.parse(text)
    assert (hours.always, hours.slots, hours.note) == (always, slots, note)


@pytest.mark.parametrize(("text", "message"), [
    ("weekdays", "cannot read 'weekdays'"),
    ("Mon-Fri 9-5", "cannot read"),
    ("Mon-Fry 09:00-17:00", "unknown day"),
    ("Mon-Fri 17:00-09:00", "closes before it opens"),
    ("Mon-Fri 09:00-25:00", "not a time of day"),
    ("Mon 09:00-13:00, Mon 12:00-17:00", "overlapping times on Monday"),
])
def test_unreadable_hours_are_refused(text: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        OpeningHours.parse(text, "inbox 'x'")


def test_unstated_hours_are_office_hours() -> None:
    assert OpeningHours.parse(None) is OFFICE_HOURS
    assert OpeningHours.parse("  ") is OFFICE_HOURS


OPEN = {
    "tuesday-morning": ("Mon-Fri 09:00-17:00", london(2026, 12, 8, 10, 0), True),
    "opening-minute": ("Mon-Fri 09:00-17:00", london(2026, 12, 8, 9, 0), True),
    "closing-minute": ("Mon-Fri 09:00-17:00", london(2026, 12, 8, 17, 0), False),
    "saturday-night": ("Mon-Fri 09:00-17:00", london(2026, 12, 5, 23, 30), False),
    "christmas-day-a-friday": ("Mon-Fri 09:00-17:00", london(2026, 12, 25, 11, 0), False),
    "substitute-boxing-day": ("Mon-Fri 09:00-17:00", london(2026, 12, 28, 11, 0), False),
    "summer-time-morning": ("Mon-Fri 09:00-17:00", datetime(2026, 7, 7, 8, 30, tzinfo=timezone.utc), True),
    "winter-time-morning": ("Mon-Fri 09:00-17:00", datetime(2026, 1, 6, 8, 30, tzinfo=timezone.utc), False),
    "24-7-on-christmas-night": ("24/7", london(2026, 12, 25, 3, 0), True),
    "saturday-slot": ("Mon-Fri 09:00-17:00, Sat 10:00-13:00", london(2026, 12, 5, 11, 0), True),
    "late-slot-to-midnight": ("Fri-Sun 18:00-24:00", london(2026, 12, 5, 23, 59), True),
}


@pytest.mark.parametrize(("text", "when", "is_open"), OPEN.values(), ids=OPEN.keys())
def test_is_open(text: str, when: datetime, is_open: bool) -> None:
    assert CALENDAR.is_open(OpeningHours.parse(text), when) is is_open


@pytest.mark.parametrize(("when", "opens"), [
    (london(2026, 12, 5, 23, 30), london(2026, 12, 7, 9, 0)),    # Saturday night: Monday
    (london(2026, 12, 24, 18, 0), london(2026, 12, 29, 9, 0)),   # Christmas Eve: after two bank holidays
    (london(2026, 12, 8, 7, 0), london(2026, 12, 8, 9, 0)),      # early on a Tuesday: that morning
    (london(2026, 12, 8, 12, 0), london(2026, 12, 8, 12, 0)),    # open now: now
], ids=["saturday-night", "christmas-eve", "early-morning", "open-now"])
def test_next_open(when: datetime, opens: datetime) -> None:
    assert CALENDAR.next_open(OFFICE_HOURS, when) == opens


def test_hours_that_never_open_are_refused_for_clocks() -> None:
    never = OpeningHours(text="never")
    assert CALENDAR.next_open(never, london(2026, 12, 8, 12, 0)) is None
    with pytest.raises(ConfigurationError, match="never open"):
        CALENDAR.add_working_time(never, london(2026, 12, 8, 12, 0), 60)
