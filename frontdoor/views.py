"""Plain, read-only views that services hand to shells.

Shells render these; they never see database rows, so nothing in a template or
JSON encoder can lazily load data the caller may not see.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from frontdoor.model import needs_judgement


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member and the inboxes they may read."""

    id: int
    email: str
    name: str | None
    is_admin: bool
    inboxes: frozenset[str]

    def can_read(self, owner_inbox: str, copy_inboxes: tuple[str, ...] | list[str]) -> bool:
        return owner_inbox in self.inboxes or any(i in self.inboxes for i in copy_inboxes)


@dataclass(frozen=True)
class InboxView:
    id: str
    name: str
    agency: str
    email: str | None
    phone: str | None
    hours: str | None


@dataclass(frozen=True)
class PersonView:
    role: str
    role_label: str
    at_risk: bool
    name: str | None
    age: int | None
    age_band: str | None
    school: str | None
    home_area: str | None
    known_to_social_care: bool | None
    looked_after: bool | None
    parent_carer_aware: bool | None
    description: str | None
    reporter_role: str | None
    organisation: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class StaffView:
    """A staff member as others see them on a referral (never their inboxes or sign-in)."""

    id: int
    email: str
    name: str | None

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.email})" if self.name else self.email

    @property
    def short_name(self) -> str:
        """Return the name alone, or the e-mail address when no name is held."""
        return self.name or self.email


@dataclass(frozen=True)
class AreaInboxes:
    """The inboxes serving one area, for choosing where to transfer or copy a referral."""

    area_id: str | None
    area_name: str
    inboxes: tuple[InboxView, ...]


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    body: str | None
    #: The staff member who did it, by name (None: not a member of staff, or no longer known).
    actor_name: str | None = None
    #: Their inbox that the referral is in (owning or copy), by name.
    actor_inbox: str | None = None


@dataclass(frozen=True)
class ReferralSummary:
    reference: str
    kind: str
    channel: str
    status: str
    urgency: str
    indicators: tuple[str, ...]
    inbox_id: str
    area_id: str | None
    area_name: str | None
    created_at: datetime
    due_at: datetime
    overdue: bool
    is_copy: bool
    subject_age: int | None
    #: Triage flagged it: signals conflict, or too little to judge.
    needs_judgement: bool = False
    #: The caller's inbox is the out-of-hours contact covering this red referral: theirs to act on now.
    on_duty: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["indicators"] = list(self.indicators)
        for key in ("created_at", "due_at"):
            data[key] = getattr(self, key).isoformat()
        return data


@dataclass(frozen=True)
class QueueRow(ReferralSummary):
    """One line of the SPOC's queue: the summary and what the row shows besides it.

    ``summary_line`` is age, area and main indicators, never the description.
    """

    subject_name: str | None = None
    reporter_type: str = "Not given"
    assignee: str | None = None
    summary_line: str = ""


@dataclass(frozen=True)
class QueuePage:
    """The queue split into the caller's own work and copies for information.

    ``mine``: owned by the caller's inboxes, or red referrals they cover out of
    hours and that are still new. ``copies``: info-only copies to their inboxes.
    ``more_mine`` / ``more_copies``: further rows exist past these.
    """

    mine: tuple[QueueRow, ...]
    copies: tuple[QueueRow, ...]
    more_mine: bool = False
    more_copies: bool = False


@dataclass(frozen=True)
class ReferralDetail:
    reference: str
    kind: str
    channel: str
    status: str
    urgency: str
    reasons: tuple[str, ...]
    indicators: tuple[str, ...]
    indicator_labels: tuple[str, ...]
    routing_reasons: tuple[str, ...]
    inbox: InboxView
    copies: tuple[InboxView, ...]
    is_copy: bool
    area_id: str | None
    area_name: str | None
    area_text: str | None
    place: str | None
    when: str | None
    immediate_danger: bool | None
    consent_to_contact: bool | None
    anonymous: bool
    #: The anonymous reporter can be asked questions through reference + code.
    followup_enabled: bool
    description: str
    details: dict[str, str]
    outcome: str | None
    created_at: datetime
    due_at: datetime
    acknowledged_at: datetime | None
    closed_at: datetime | None
    overdue: bool
    people: tuple[PersonView, ...]
    events: tuple[EventView, ...]
    outcome_label: str | None = None
    #: The member of the owning inbox working the referral, if anyone.
    assigned_to: StaffView | None = None
    #: Members of the owning inbox it may be assigned to (only filled in for the owner).
    assignees: tuple[StaffView, ...] = ()
    #: The out-of-hours contact that also has it (red, received while the owner was closed).
    out_of_hours: InboxView | None = None
    #: The caller is that out-of-hours contact: they may acknowledge it and add notes.
    on_duty: bool = False

    @property
    def subject(self) -> PersonView | None:
        """Return the first person at risk (the young person the referral is about), if any."""
        return next(iter(self.at_risk), None)

    @property
    def at_risk(self) -> tuple[PersonView, ...]:
        return tuple(p for p in self.people if p.at_risk)

    @property
    def alleged_exploiters(self) -> tuple[PersonView, ...]:
        return tuple(p for p in self.people if p.role == "alleged_exploiter")

    @property
    def reporter(self) -> PersonView | None:
        return next((p for p in self.people if p.role == "reporter"), None)

    @property
    def others(self) -> tuple[PersonView, ...]:
        return tuple(p for p in self.people if p.role == "witness")

    @property
    def needs_judgement(self) -> bool:
        """Triage flagged it for a person's judgement (one of its reasons says why)."""
        return needs_judgement(self.reasons)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("created_at", "due_at", "acknowledged_at", "closed_at"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        data["events"] = [
            {**asdict(e), "at": e.at.isoformat()} for e in self.events
        ]
        data["reasons"] = list(self.reasons)
        data["needs_judgement"] = self.needs_judgement
        data["indicators"] = list(self.indicators)
        data["indicator_labels"] = list(self.indicator_labels)
        data["routing_reasons"] = list(self.routing_reasons)
        data["copies"] = [asdict(c) for c in self.copies]
        data["out_of_hours"] = asdict(self.out_of_hours) if self.out_of_hours else None
        data["people"] = [asdict(p) for p in self.people]
        data["assigned_to"] = asdict(self.assigned_to) if self.assigned_to else None
        # Who else could take it is for the page's form, not for API clients.
        del data["assignees"]
        return data
