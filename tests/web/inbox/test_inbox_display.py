"""Labels, local times and the SLA clock wording."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from web.inbox import display

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (NOW + timedelta(hours=3, minutes=20), "new", "due in 3h 20m"),
        (NOW + timedelta(hours=3, minutes=20, seconds=59), "new", "due in 3h 20m"),
        (NOW + timedelta(hours=2), "new", "due in 2h"),
        (NOW + timedelta(minutes=45), "new", "due in 45m"),
        (NOW + timedelta(seconds=30), "new", "due in under 1m"),
        (NOW + timedelta(days=2, hours=5, minutes=10), "new", "due in 2d 5h"),
        (NOW + timedelta(days=6), "new", "due in 6d"),
        (NOW - timedelta(minutes=10), "new", "overdue by 10m"),
        (NOW - timedelta(hours=1, minutes=5), "new", "overdue by 1h 5m"),
        (NOW, "new", "overdue by under 1m"),
        (NOW - timedelta(hours=4), "acknowledged", "clock stopped"),
        (NOW + timedelta(hours=4), "closed", "clock stopped"),
    ],
)
def test_sla_clock(due, status, expected):
    assert display.sla_clock(due, NOW, status) == expected


def test_local_time_is_in_the_partnerships_time_zone():
    assert display.local_time(NOW) == "Wed 11 Mar 2026, 10:00"
    summer = datetime(2026, 7, 1, 9, 5, tzinfo=timezone.utc)
    assert display.local_time(summer) == "Wed 1 Jul 2026, 10:05"  # BST
    assert display.local_time(None) == ""


def test_labels():
    assert display.label(display.KIND_LABELS, "self_referral") == "Self-referral"
    assert display.label(display.KIND_LABELS, "something_new") == "Something new"
    assert display.label(display.URGENCY_LABELS, None) == "Not known"
    assert [display.tristate(v) for v in (True, False, None)] == ["Yes", "No", "Not known"]
