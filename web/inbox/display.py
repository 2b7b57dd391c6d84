"""Words and times for the inbox pages: labels, local times and the SLA clock."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from frontdoor.model import ReporterRole, Status
from frontdoor.services.dashboard_figures import KIND_LABELS as KIND_LABELS
from frontdoor.services.dashboard_figures import URGENCY_LABELS as URGENCY_LABELS

URGENCY_HINTS = {
    "red": "urgent: acknowledge within the hour",
    "amber": "serious: acknowledge within a working day",
    "green": "early signs: acknowledge within five working days",
}
CHANNEL_LABELS = {"web": "Web chat", "sms": "SMS", "whatsapp": "WhatsApp", "staff": "Staff", "email": "E-mail"}
STATUS_LABELS = {status.value: status.label for status in Status}
STATUS_FILTERS = (("open", "Open"), *((status.value, status.label) for status in Status), ("all", "All"))
REPORTER_ROLE_LABELS = {role.value: role.label for role in ReporterRole}
EVENT_LABELS = {
    "created": "Created",
    "acknowledged": "Acknowledged",
    "note": "Note",
    "closed": "Closed",
    "outcome": "Outcome recorded",
    "status": "Status changed",
    "reopened": "Reopened",
    "question": "Question for the reporter",
    "reporter_reply": "Reporter replied",
    "urgency_changed": "Urgency changed",
    "assigned": "Assignment",
    "transferred": "Transferred",
    "copied": "Info-only copy sent",
    "copy_removed": "Info-only copy withdrawn",
}
ASSIGNED_FILTERS = (
    ("", "Anyone or nobody"),
    ("me", "Assigned to me"),
    ("unassigned", "Not assigned"),
)
SCOPE_FILTERS = (
    ("all", "Owned and copies"),
    ("owned", "Owned by my inboxes"),
    ("copies", "Info-only copies"),
)


def label(mapping: dict[str, str], value: str | None) -> str:
    """Return the label of ``value`` in ``mapping``, or the value made readable."""
    if value is None:
        return "Not known"
    return mapping.get(value, value.replace("_", " ").capitalize())


def actor(value: str) -> str:
    """Return who did something on a timeline: a staff e-mail, or what did it automatically."""
    if value == "system" or value.startswith("system:"):  # e.g. system:casework, which e-mails the reporter
        return "Front Door (automatic)"
    if value.startswith("reporter"):
        return "the reporter"
    return value


def tristate(value: bool | None) -> str:
    """Return "Yes", "No" or "Not known"."""
    return "Not known" if value is None else ("Yes" if value else "No")


def duration(delta: timedelta) -> str:
    """Return a non-negative span as "2d 3h", "3h 20m", "10m" or "under 1m"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    if mins:
        return f"{mins}m"
    return "under 1m"


def sla_clock(due_at: datetime, now: datetime, status: str) -> str:
    """Return the response clock: "due in 3h 20m", "overdue by 10m", or "clock stopped".

    The clock runs only while a referral is new (DESIGN §4: targets are for
    acknowledgement).
    """
    if status != "new":
        return "clock stopped"
    if now >= due_at:
        return f"overdue by {duration(now - due_at)}"
    return f"due in {duration(due_at - now)}"


def local_time(value: datetime | None, tz: str = "Europe/London") -> str:
    """Return ``value`` in the partnership's time zone: "Tue 4 Mar 2025, 10:00"."""
    if value is None:
        return ""
    return LocalTimes(tz)(value)


class LocalTimes:
    """Writes times in one time zone as :func:`local_time` does; each day's words are worked out once.

    For a page of many times: one zone lookup, and the day, month and year written once a day.
    """

    def __init__(self, tz: str) -> None:
        """Start writing times in the time zone ``tz``.

        Raises:
            zoneinfo.ZoneInfoNotFoundError: ``tz`` is not a time zone.
        """
        self._zone = ZoneInfo(tz)
        self._days: dict[tuple[int, int, int], str] = {}

    def __call__(self, value: datetime) -> str:
        """Return ``value`` in the time zone: "Tue 4 Mar 2025, 10:00"."""
        local = value.astimezone(self._zone)
        key = (local.year, local.month, local.day)
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = f"{local:%a} {local.day} {local:%b %Y}"
        return f"{day}, {local.hour:02d}:{local.minute:02d}"


#: Details whose value is an area id, shown by the area's name.
_AREA_DETAILS = frozenset({"from_area", "to_area"})


def detail_rows(details: Mapping[str, str], area_names: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Return the referral's extra details as (label, lines) for the page.

    Area ids become area names; the agencies of a handover (stored as a JSON
    list) become one line per agency. Anything unreadable is shown as stored.
    """
    rows: list[tuple[str, list[str]]] = []
    for key, value in details.items():
        if value in (None, ""):
            continue
        label = key.replace("_", " ").capitalize()
        text = str(value)
        if key in _AREA_DETAILS:
            rows.append((label, [area_names.get(text, text)]))
        elif key == "agencies":
            rows.append((label, _agency_lines(text)))
        else:
            rows.append((label, [text]))
    return rows


def _agency_lines(text: str) -> list[str]:
    try:
        agencies = json.loads(text)
    except ValueError:
        return [text]
    if not isinstance(agencies, list):
        return [text]
    lines = []
    for agency in agencies:
        if isinstance(agency, dict):
            parts = [str(agency.get(k)) for k in ("agency", "name", "phone", "email") if agency.get(k)]
            lines.append(" — ".join(parts[:2]) + (f" ({', '.join(parts[2:])})" if parts[2:] else ""))
        else:
            lines.append(str(agency))
    return lines or [text]
