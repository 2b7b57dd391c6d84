"""Queue rows: what one line of the queue shows, built from the columns the queue's SELECT reads.

A page's rows are built by one :class:`RowBuilder`, so what is the same for every
row (the caller's inboxes, the time, area names, assignees) is looked up once a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row, RowMapping

from frontdoor import taxonomy
from frontdoor.model import Kind, ReporterRole, Status, needs_judgement
from frontdoor.routing import Area
from frontdoor.views import Principal, QueueRow, ReferralSummary, StaffView

#: How many indicators a queue row names before "+N more".
ROW_INDICATORS = 2
_REPORTER_LABELS = {role.value: role.label for role in ReporterRole}


def summary_line(age: int | None, area_name: str | None, indicators: list[str] | tuple[str, ...]) -> str:
    """Return a queue row's one-line summary: age, main indicators, area ("Age 15 · Missing, +1 · Bexley").

    The area comes last: on a narrow row it is what is cut short.
    """
    shown = [taxonomy.label(code) for code in indicators[:ROW_INDICATORS]]
    if len(indicators) > ROW_INDICATORS:
        shown.append(f"+{len(indicators) - ROW_INDICATORS}")
    return " · ".join([
        f"Age {age}" if age is not None else "Age not known",
        ", ".join(shown) or "No indicators",
        area_name or "Area not known",
    ])


def reporter_type(kind: str, anonymous: bool, reporter_role: str | None) -> str:
    """Return who reported it, in words: their role, a young person themselves, or anonymous.

    Raises:
        ValueError: ``reporter_role`` is not a reporter role.
    """
    if kind == Kind.SELF_REFERRAL.value:
        return "Young person (self)"
    if reporter_role:
        return _REPORTER_LABELS.get(reporter_role) or ReporterRole(reporter_role).label
    return "Anonymous" if anonymous else "Not given"


class RowBuilder:
    """Turns the rows of one queue page into :class:`ReferralSummary` or :class:`QueueRow` views."""

    def __init__(self, areas: Mapping[str, Area], principal: Principal, now: datetime) -> None:
        self._areas = areas
        self._inboxes = principal.inboxes
        self._now = now
        self._area_names: dict[str | None, str | None] = {}
        self._assignees: dict[int, str] = {}

    def _area_name(self, area_id: str | None) -> str | None:
        """Return the name of the area ``area_id`` (None when unknown), looked up once a page."""
        try:
            return self._area_names[area_id]
        except KeyError:
            area = self._areas.get(area_id or "")
            name = self._area_names[area_id] = area.name if area else None
            return name

    def _fields(self, c: RowMapping) -> dict[str, Any]:
        """Return the fields of :class:`ReferralSummary` from a row of the queue's columns and ``subject_age``."""
        theirs = c["inbox_id"] in self._inboxes
        return {
            "reference": c["reference"], "kind": c["kind"], "channel": c["channel"], "status": c["status"],
            "urgency": c["urgency"], "indicators": tuple(c["indicators"]), "inbox_id": c["inbox_id"],
            "area_id": c["area_id"], "area_name": self._area_name(c["area_id"]),
            "created_at": c["created_at"], "due_at": c["sla_due_at"],
            "overdue": c["status"] == Status.NEW.value and c["sla_due_at"] < self._now,
            "is_copy": not theirs, "subject_age": c["subject_age"],
            "needs_judgement": needs_judgement(c["triage_reasons"] or ()),
            "on_duty": not theirs and c["out_of_hours_inbox_id"] in self._inboxes,
        }

    def summary(self, row: Row[Any]) -> ReferralSummary:
        """Return a queue entry from a row of the queue's columns and ``subject_age``."""
        return ReferralSummary(**self._fields(row._mapping))

    def row(self, row: Row[Any]) -> QueueRow:
        """Return a queue row from a row that also has the name, reporter role and assignee columns."""
        c = row._mapping  # by name: much quicker than a Row's attributes
        fields = self._fields(c)
        return QueueRow(
            **fields,
            subject_name=c["subject_name"],
            reporter_type=reporter_type(c["kind"], c["anonymous"], c["reporter_role"]),
            assignee=self._assignee(c) if c["staff_email"] else None,
            summary_line=summary_line(c["subject_age"], fields["area_name"], fields["indicators"]),
        )

    def _assignee(self, c: RowMapping) -> str:
        """Return how the row names its assignee, worked out once a page for each of them."""
        try:
            return self._assignees[c["assigned_to"]]
        except KeyError:
            name = StaffView(c["assigned_to"], c["staff_email"], c["staff_name"]).short_name
            self._assignees[c["assigned_to"]] = name
            return name
