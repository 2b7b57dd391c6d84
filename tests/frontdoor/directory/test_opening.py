"""Services open now first: across a weekend and a bank holiday, with the clock passed in."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.directory import Directory, Match, RegularSchedule, Schedule, open_first, opening_hours
from frontdoor.directory.opening import CLOSED, OPEN, UNKNOWN, open_lines_first
from frontdoor.hours import WorkingCalendar
from frontdoor.sla import bank_holidays

LONDON = ZoneInfo("Europe/London")
#: Monday 31 August 2026 is the summer bank holiday in England.
CALENDAR = WorkingCalendar("Europe/London", bank_holidays())


def local(day: int, month: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def test_the_calendar_knows_the_bank_holiday():
    assert date(2026, 8, 31) in CALENDAR.holidays


def test_a_week_of_whole_days_is_always_open_and_office_hours_are_not():
    always = Schedule(tuple(RegularSchedule(d, "00:00", "23:59") for d in range(1, 8)))
    hours = opening_hours(always)
    assert hours is not None and hours.always
    office = opening_hours(Schedule(tuple(RegularSchedule(d, "09:00", "17:00") for d in range(1, 6))))
    assert office is not None and not office.always and len(office.slots) == 5
    assert opening_hours(Schedule()) is None
    assert opening_hours(Schedule((RegularSchedule(1, None, None, "Most weekdays"),))) is None


@pytest.fixture(scope="module")
def hackney(demo: Directory) -> tuple[Match, ...]:
    """A 15-year-old in Hackney who wants out: local services first, then national helplines."""
    matches = demo.match(15, "hackney", ["exit_support", "violence"], limit=20)
    assert matches[0].reach == "local"
    return matches


@pytest.mark.parametrize(
    ("at", "nearby_open", "reopens"),
    [
        (local(28, 8, 16), True, None),                   # Friday 16:00: local services open
        (local(28, 8, 18), False, local(1, 9, 9)),        # Friday 18:00: closed until Tuesday (bank holiday)
        (local(29, 8, 12), False, local(1, 9, 9)),        # Saturday
        (local(31, 8, 10), False, local(1, 9, 9)),        # the Monday of a bank holiday
        (local(1, 9, 10), True, None),                    # Tuesday 10:00
        (local(25, 9, 18), False, local(28, 9, 9)),       # an ordinary Friday evening: open again Monday
    ],
)
def test_open_services_come_first(hackney, at, nearby_open, reopens):
    result = open_first(hackney, at, CALENDAR)
    assert sorted(m.service.id for m in result.matches) == sorted(m.service.id for m in hackney)
    assert list(result.states) == sorted(result.states)  # open, then unknown hours, then closed
    first = result.matches[0]
    if nearby_open:
        assert first.reach == "local" and not result.nearby_closed and result.reopens is None
        assert [m.service.id for m in result.matches if m.reach == "local"] == [
            m.service.id for m in hackney if m.reach == "local"]
    else:
        assert first.reach == "national" and result.states[0] == OPEN  # a 24/7 line first
        assert result.nearby_closed and result.reopens == reopens
        assert all(m.reach == "national" for m in result.open_now)
        assert {m.reach for m in result.later} >= {"local"}
    assert result.open_now + result.later == result.matches


def test_ranking_is_kept_within_each_state(hackney):
    result = open_first(hackney, local(29, 8, 12), CALENDAR)
    for wanted in (OPEN, UNKNOWN, CLOSED):
        ids = [m.service.id for m, s in zip(result.matches, result.states) if s == wanted]
        assert ids == [m.service.id for m in hackney if m.service.id in ids]


def test_no_nearby_services_is_not_reported_as_closed(demo: Directory):
    national = demo.match(15, None, ["exit_support"], limit=4)
    result = open_first(national, local(29, 8, 12), CALENDAR)
    assert not result.nearby_closed and result.reopens is None


def test_the_time_must_have_a_zone(hackney):
    with pytest.raises(ValueError):
        open_first(hackney, datetime(2026, 8, 29, 12), CALENDAR)


@pytest.mark.parametrize(("at", "lines_first"), [(local(29, 8, 12), True), (local(31, 8, 10), True),
                                                 (local(1, 9, 10), False)])
def test_when_nearby_services_are_closed_open_lines_are_added_first(demo: Directory, at, lines_first):
    ranked = demo.match(15, "hackney", ["exit_support", "debt_or_threats"], limit=20)
    chosen = [m for m in ranked if m.reach != "national"][:3] + [m for m in ranked if m.reach == "national"][:1]
    assert chosen[-1].service.id == "gangsline"  # no hours given: not known to be open
    nets = demo.match(15, None, [], limit=5)
    result = open_lines_first(chosen, [*ranked, *nets], at, CALENDAR, limit=4)
    assert len(result.matches) == 4
    if lines_first:
        assert [m.service.id for m in result.open_now] == ["childline", "police-999"]
        assert [m.service.id for m in result.later] == ["hackney-youth-service", "hackney-yot"]
    else:
        assert [m.service.id for m in result.matches] == [m.service.id for m in chosen]
        assert [m.reach for m in result.open_now] == ["local", "local"]
