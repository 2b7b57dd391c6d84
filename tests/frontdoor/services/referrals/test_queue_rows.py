"""A queue row's words, and the rows of a page built with what is the same for every row looked up once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest

from frontdoor import taxonomy
from frontdoor.routing import RoutingTable
from frontdoor.services.referrals.queue_rows import RowBuilder, reporter_type, summary_line
from frontdoor.views import Principal, QueueRow, ReferralSummary

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)
BEXLEY = Principal(id=7, email="spoc@bexley.example", name="Sam", is_admin=False,
                   inboxes=frozenset({"bexley-community-safety"}))


def columns(**overrides: Any) -> Any:
    """Return a row as the queue's SELECT reads it (with the name, reporter role and assignee)."""
    values: dict[str, Any] = {
        "id": 1, "reference": "ABCD2345", "kind": "concern", "channel": "web", "status": "new", "urgency": "amber",
        "urgency_rank": 1, "indicators": ["county_lines", "missing_episodes", "cuckooing"], "triage_reasons": [],
        "inbox_id": "bexley-community-safety", "out_of_hours_inbox_id": None, "area_id": "bexley",
        "created_at": NOW - timedelta(hours=2), "sla_due_at": NOW + timedelta(hours=3), "anonymous": False,
        "assigned_to": None, "subject_age": 15, "subject_name": "Jo Pupil", "reporter_role": "teacher",
        "staff_name": None, "staff_email": None,
    }
    values.update(overrides)
    return SimpleNamespace(_mapping=values)  # what the builder reads of a Row


@pytest.fixture
def build() -> RowBuilder:
    return RowBuilder(RoutingTable.load().areas, BEXLEY, NOW)


def test_the_summary_line_names_age_two_indicators_and_the_area_last() -> None:
    line = summary_line(15, "London Borough of Bexley", ("county_lines", "missing_episodes", "cuckooing"))
    assert line == (f"Age 15 · {taxonomy.label('county_lines')}, {taxonomy.label('missing_episodes')}, +1"
                    " · London Borough of Bexley")
    assert summary_line(None, None, ()) == "Age not known · No indicators · Area not known"


def test_the_reporter_in_words() -> None:
    assert reporter_type("self_referral", False, None) == "Young person (self)"
    assert reporter_type("concern", False, "teacher") == "Teacher or school staff"
    assert reporter_type("tip", True, None) == "Anonymous"
    assert reporter_type("concern", False, None) == "Not given"
    with pytest.raises(ValueError):
        reporter_type("concern", False, "astronaut")


def test_a_row_has_the_summary_fields_and_what_the_queue_shows(build: RowBuilder) -> None:
    row = build.row(columns())
    assert isinstance(row, QueueRow)
    assert (row.reference, row.area_name, row.indicators) == (
        "ABCD2345", "London Borough of Bexley", ("county_lines", "missing_episodes", "cuckooing"))
    assert (row.is_copy, row.on_duty, row.overdue, row.needs_judgement) == (False, False, False, False)
    assert (row.subject_name, row.reporter_type, row.assignee) == ("Jo Pupil", "Teacher or school staff", None)
    assert row.summary_line.startswith("Age 15 · ") and row.summary_line.endswith(" · London Borough of Bexley")
    summary = build.summary(columns())
    assert type(summary) is ReferralSummary
    assert all(getattr(row, name) == value for name, value in vars(summary).items())


def test_copies_on_duty_and_overdue(build: RowBuilder) -> None:
    copy = build.row(columns(inbox_id="met-se-gangs"))
    assert (copy.is_copy, copy.on_duty) == (True, False)
    covered = build.row(columns(inbox_id="met-se-gangs", out_of_hours_inbox_id="bexley-community-safety"))
    assert (covered.is_copy, covered.on_duty) == (True, True)
    late = build.row(columns(sla_due_at=NOW - timedelta(minutes=1)))
    assert late.overdue and not build.row(columns(sla_due_at=NOW - timedelta(minutes=1), status="acknowledged")).overdue


def test_the_area_and_the_assignee_are_worked_out_once_a_page(build: RowBuilder) -> None:
    first = build.row(columns(assigned_to=3, staff_name="Alex Smith", staff_email="alex@bexley.example"))
    second = build.row(columns(assigned_to=3, staff_name="Alex Smith", staff_email="alex@bexley.example"))
    assert first.assignee == second.assignee == "Alex Smith"
    assert build.row(columns(assigned_to=4, staff_name=None, staff_email="kim@bexley.example")).assignee == \
        "kim@bexley.example"
    assert build.row(columns(area_id=None)).area_name is None
    assert build.row(columns(area_id="nowhere")).summary_line.endswith(" · Area not known")
