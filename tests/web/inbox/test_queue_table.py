"""The queue table's lines: each row's labels, clock and local due time worked out once a page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from frontdoor.views import QueueRow
from web.inbox import display
from web.inbox.queue_table import QueueLine, queue_lines

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=timezone.utc)


def row(**overrides: object) -> QueueRow:
    values: dict[str, object] = {
        "reference": "ABCD2345", "kind": "self_referral", "channel": "web", "status": "new", "urgency": "red",
        "indicators": (), "inbox_id": "bexley-community-safety", "area_id": None, "area_name": None,
        "created_at": NOW, "due_at": NOW + timedelta(hours=1), "overdue": False, "is_copy": False,
        "subject_age": None,
    }
    values.update(overrides)
    return QueueRow(**values)  # type: ignore[arg-type]


def test_a_line_says_what_the_row_cells_show() -> None:
    first = row()
    [line] = queue_lines([first], NOW, "Europe/London")
    assert line == QueueLine(first, "Red", "Self-referral", "New", "due in 1h", "Wed 11 Mar 2026, 11:00",
                             "2026-03-11T11:00:00+00:00")
    assert (line.urgency, line.kind, line.status) == (
        display.label(display.URGENCY_LABELS, "red"), display.label(display.KIND_LABELS, "self_referral"),
        display.label(display.STATUS_LABELS, "new"))


def test_lines_match_the_page_wide_helpers_row_by_row() -> None:
    rows = [row(due_at=NOW + timedelta(days=d, minutes=37 * d), status=s, kind=k)
            for d, s, k in ((0, "new", "tip"), (120, "acknowledged", "something_new"), (-3, "new", "tip"))]
    for line in queue_lines(rows, NOW, "Europe/London"):
        r = line.row
        assert line.clock == display.sla_clock(r.due_at, NOW, r.status)
        assert line.due == display.local_time(r.due_at, "Europe/London")
        assert line.due_iso == r.due_at.isoformat()
        assert line.kind == display.label(display.KIND_LABELS, r.kind)  # an unknown kind made readable


def test_local_times_write_each_day_once_and_follow_summer_time() -> None:
    local = display.LocalTimes("Europe/London")
    assert local(NOW) == "Wed 11 Mar 2026, 10:00"
    assert local(NOW + timedelta(hours=1, minutes=5)) == "Wed 11 Mar 2026, 11:05"  # the same day's words
    assert local(datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc)) == "Thu 2 Jul 2026, 00:30"  # BST: next day
    assert local(datetime(2026, 7, 1, 9, 5, tzinfo=timezone.utc)) == display.local_time(
        datetime(2026, 7, 1, 9, 5, tzinfo=timezone.utc))
