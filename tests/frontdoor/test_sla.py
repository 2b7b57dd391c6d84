"""Response targets: hours, calendar days and working days (weekends, bank holidays, BST)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.hours import OpeningHours
from frontdoor.model import Urgency
from frontdoor.sla import SlaPolicy, Target, bank_holidays

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


POLICY = SlaPolicy(holidays=bank_holidays())

DUE = {
    # red: one hour, whatever the day
    "red-weekday": (Urgency.RED, london(2026, 3, 11, 10, 0), london(2026, 3, 11, 11, 0)),
    "red-saturday-night": (Urgency.RED, london(2026, 3, 14, 23, 30), london(2026, 3, 15, 0, 30)),
    "red-on-a-bank-holiday": (Urgency.RED, london(2026, 12, 25, 9, 0), london(2026, 12, 25, 10, 0)),
    # One real hour across the spring-forward gap: 00:30 GMT + 1h = 02:30 BST.
    "red-across-bst-start": (Urgency.RED, datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
                             london(2026, 3, 29, 2, 30)),
    # amber: one working day of office hours (Mon-Fri 09:00-17:00): eight working hours
    "amber-wednesday": (Urgency.AMBER, london(2026, 3, 11, 10, 0), london(2026, 3, 12, 10, 0)),
    "amber-friday-over-weekend": (Urgency.AMBER, london(2026, 3, 13, 16, 0), london(2026, 3, 16, 16, 0)),
    # Outside hours the clock waits for the next opening: a whole working day from Monday 09:00.
    "amber-saturday": (Urgency.AMBER, london(2026, 3, 14, 10, 0), london(2026, 3, 16, 17, 0)),
    "amber-sunday": (Urgency.AMBER, london(2026, 3, 15, 22, 0), london(2026, 3, 16, 17, 0)),
    "amber-wednesday-night": (Urgency.AMBER, london(2026, 3, 11, 23, 0), london(2026, 3, 12, 17, 0)),
    "amber-thursday-early-morning": (Urgency.AMBER, london(2026, 3, 12, 6, 0), london(2026, 3, 12, 17, 0)),
    "amber-friday-at-five": (Urgency.AMBER, london(2026, 3, 13, 17, 0), london(2026, 3, 16, 17, 0)),
    "amber-thursday-before-good-friday": (Urgency.AMBER, london(2026, 4, 2, 12, 0), london(2026, 4, 7, 12, 0)),
    "amber-christmas-eve-evening": (Urgency.AMBER, london(2026, 12, 24, 18, 0), london(2026, 12, 29, 17, 0)),
    # Friday 16:00 GMT, clocks go forward on Sunday: due Monday 16:00 BST (15:00 UTC).
    "amber-weekend-with-bst-start": (Urgency.AMBER, london(2026, 3, 27, 16, 0), london(2026, 3, 30, 16, 0)),
    # Friday 09:30 BST, clocks go back on Sunday: due Monday 09:30 GMT.
    "amber-weekend-with-bst-end": (Urgency.AMBER, london(2026, 10, 23, 9, 30), london(2026, 10, 26, 9, 30)),
    # Thursday 23:30 UTC is already Friday 00:30 in London during BST: due when Friday's hours end.
    "amber-utc-evening-is-london-next-day": (Urgency.AMBER, datetime(2026, 6, 4, 23, 30, tzinfo=UTC),
                                             london(2026, 6, 5, 17, 0)),
    # green: five working days (forty working hours)
    "green-monday": (Urgency.GREEN, london(2026, 3, 9, 9, 0), london(2026, 3, 13, 17, 0)),
    "green-monday-lunchtime": (Urgency.GREEN, london(2026, 3, 9, 13, 0), london(2026, 3, 16, 13, 0)),
    "green-over-easter": (Urgency.GREEN, london(2026, 4, 2, 9, 0), london(2026, 4, 10, 17, 0)),
    "green-saturday": (Urgency.GREEN, london(2026, 3, 14, 9, 0), london(2026, 3, 20, 17, 0)),
    "green-over-christmas": (Urgency.GREEN, london(2026, 12, 23, 14, 0), london(2027, 1, 4, 14, 0)),
    "green-over-may-bank-holiday": (Urgency.GREEN, london(2026, 5, 1, 11, 0), london(2026, 5, 11, 11, 0)),
}


@pytest.mark.parametrize(("urgency", "created", "due"), DUE.values(), ids=DUE.keys())
def test_due_at(urgency: Urgency, created: datetime, due: datetime) -> None:
    result = POLICY.due_at(urgency, created)
    assert result == due
    assert result.tzinfo is UTC


def test_due_time_falls_within_working_hours() -> None:
    start = london(2026, 1, 1, 0, 0)
    for offset in range(0, 24 * 366 * 2, 5):
        created = start + timedelta(hours=offset)
        for urgency in (Urgency.AMBER, Urgency.GREEN):
            due = POLICY.due_at(urgency, created).astimezone(LONDON)
            assert POLICY.is_working_day(due.date()), (created, urgency)
            assert time(9, 0) < due.time() <= time(17, 0), (created, urgency, due)
            assert due > created


@pytest.mark.parametrize(("hours", "created", "due"), [
    # An education inbox's working day is 08:30-16:30.
    ("Mon-Fri 08:30-16:30", london(2026, 3, 14, 10, 0), london(2026, 3, 16, 16, 30)),
    # Partnership triage works ten-hour days: one working day is ten hours.
    ("Mon-Fri 08:00-18:00", london(2026, 3, 11, 17, 0), london(2026, 3, 12, 17, 0)),
    # A team that also works Saturday mornings counts them.
    ("Mon-Fri 09:00-17:00, Sat 09:00-13:00", london(2026, 3, 13, 15, 0), london(2026, 3, 16, 11, 0)),
    # An inbox open around the clock still works to office hours for amber and green.
    ("24/7", london(2026, 3, 14, 10, 0), london(2026, 3, 16, 17, 0)),
], ids=["education-hours", "ten-hour-days", "saturday-mornings", "around-the-clock"])
def test_working_day_follows_the_owning_inbox(hours: str, created: datetime, due: datetime) -> None:
    assert POLICY.due_at(Urgency.AMBER, created, OpeningHours.parse(hours)) == due


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        POLICY.due_at(Urgency.RED, datetime(2026, 3, 11, 10, 0))


@pytest.mark.parametrize(("text", "target", "words"), [
    ("1h", Target(1, "h"), "1 hour"),
    ("30m", Target(30, "m"), "30 minutes"),
    (" 2 d ", Target(2, "d"), "2 days"),
    ("5wd", Target(5, "wd"), "5 working days"),
    ("1wd", Target(1, "wd"), "1 working day"),
])
def test_target_parse(text: str, target: Target, words: str) -> None:
    assert Target.parse(text) == target
    assert target.describe() == words


@pytest.mark.parametrize("text", ["", "0h", "1y", "h", "1.5h", "-1h", "one hour", None])
def test_bad_targets(text: str | None) -> None:
    with pytest.raises(ConfigurationError, match="invalid response target"):
        Target.parse(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(("target", "created", "due"), [
    (Target(30, "m"), london(2026, 3, 11, 10, 0), london(2026, 3, 11, 10, 30)),
    (Target(2, "d"), london(2026, 3, 13, 10, 0), london(2026, 3, 15, 10, 0)),
    # Four real hours from 23:00 GMT is 03:00 GMT = 04:00 BST, not 03:00 BST.
    (Target(4, "h"), london(2026, 3, 28, 23, 0), london(2026, 3, 29, 4, 0)),
    (Target(90, "m"), london(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
], ids=["minutes", "calendar-days", "hours-across-bst-start", "minutes-across-bst-end"])
def test_other_units(target: Target, created: datetime, due: datetime) -> None:
    policy = SlaPolicy(red=target, holidays=bank_holidays())
    assert policy.due_at(Urgency.RED, created) == due


@pytest.mark.parametrize("urgency", list(Urgency), ids=lambda u: u.value)
@pytest.mark.parametrize("instant", [
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC), datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
    datetime(2026, 3, 11, 10, 0, tzinfo=UTC), datetime(2026, 12, 24, 17, 0, tzinfo=UTC),
], ids=["before-bst-start", "before-bst-end", "ordinary", "christmas-eve"])
def test_same_instant_same_due_time_whatever_its_zone(urgency: Urgency, instant: datetime) -> None:
    in_london = instant.astimezone(LONDON)
    in_tokyo = instant.astimezone(ZoneInfo("Asia/Tokyo"))
    assert POLICY.due_at(urgency, instant) == POLICY.due_at(urgency, in_london) == POLICY.due_at(urgency, in_tokyo)


def test_configurable_timezone() -> None:
    # In New York the same instant is still Friday evening: due when Monday's hours end there.
    policy = SlaPolicy(tz="America/New_York", holidays=frozenset())
    created = datetime(2026, 3, 14, 1, 0, tzinfo=UTC)  # Friday 21:00 in New York
    assert policy.due_at(Urgency.AMBER, created) == datetime(2026, 3, 16, 17, 0,
                                                              tzinfo=ZoneInfo("America/New_York"))


def test_bank_holidays() -> None:
    holidays = bank_holidays()
    for day in (date(2026, 4, 3), date(2026, 4, 6), date(2026, 12, 25), date(2026, 12, 28)):
        assert day in holidays
    assert date(2026, 12, 29) not in holidays
    # Any year: substitute days and one-off holidays included, with no list to keep up to date.
    assert date(2031, 12, 25) in holidays and date(2032, 12, 27) in holidays  # 2032: Christmas on a Saturday
    assert date(2022, 9, 19) in holidays  # the State Funeral of Queen Elizabeth II


def test_defaults_follow_the_design() -> None:
    policy = SlaPolicy()
    assert policy.target(Urgency.RED) == Target(1, "h")
    assert policy.target(Urgency.AMBER) == Target(1, "wd")
    assert policy.target(Urgency.GREEN) == Target(5, "wd")
    assert policy.tz == "Europe/London"


ENGLAND_BANK_HOLIDAYS = {
    2026: [date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
           date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28)],
    2030: [date(2030, 1, 1), date(2030, 4, 19), date(2030, 4, 22), date(2030, 5, 6), date(2030, 5, 27),
           date(2030, 8, 26), date(2030, 12, 25), date(2030, 12, 26)],
    # 1 January 2040 is a Sunday: the substitute day is Monday 2 January.
    2040: [date(2040, 1, 2), date(2040, 3, 30), date(2040, 4, 2), date(2040, 5, 7), date(2040, 5, 28),
           date(2040, 8, 27), date(2040, 12, 25), date(2040, 12, 26)],
}


@pytest.mark.parametrize("year", ENGLAND_BANK_HOLIDAYS)
def test_bank_holidays_have_no_end_date(year: int) -> None:
    policy = SlaPolicy(holidays=bank_holidays())
    for day in ENGLAND_BANK_HOLIDAYS[year]:
        assert day in policy.holidays and not policy.is_working_day(day), day
    assert date(year, 7, 1) not in policy.holidays


def test_a_working_day_target_skips_easter_2040() -> None:
    # Thursday 29 March 2040 at 16:00: Good Friday and Easter Monday are not working days.
    policy = SlaPolicy(holidays=bank_holidays())
    assert policy.due_at(Urgency.AMBER, london(2040, 3, 29, 16, 0)) == london(2040, 4, 3, 16, 0)
