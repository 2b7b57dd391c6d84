"""Reading a stored handover back, for the printable notification form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontdoor.errors import InvalidInput
from frontdoor.fields import Consent
from frontdoor.handover.model import PERSON_ROLES, AgencyContact, Move, UrgentBecause
from frontdoor.model import Kind, PersonRole, ReporterRole
from frontdoor.routing import RoutingTable
from frontdoor.views import ReferralDetail


@dataclass(frozen=True)
class HandoverSummary:
    """A stored handover as the printable notification form shows it (all text, ready to print)."""

    reference: str
    urgency: str
    reasons: tuple[str, ...]
    created_at: datetime
    due_at: datetime
    owner_inbox: str
    copy_inboxes: tuple[str, ...]
    from_area: str
    to_area: str
    move: str
    urgent_because: str | None
    move_date: str | None
    move_reason: str
    person: dict[str, str | None]
    consent: str
    consent_reason: str | None
    agencies: tuple[AgencyContact, ...]
    court_orders: str | None
    positive_requirements: str | None
    risks_to_person: str | None
    risks_from_person: str | None
    aspirations: str | None
    referrer: dict[str, str | None] = field(default_factory=dict)


def _label(enum_type: Any, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(enum_type(value).label)
    except ValueError:
        return value


def summary_from_detail(detail: ReferralDetail, table: RoutingTable) -> HandoverSummary:
    """Return the printable summary of a stored handover (a :class:`~frontdoor.views.ReferralDetail`).

    Raises:
        InvalidInput: the referral is not a handover (``field`` is ``kind``).
    """
    if detail.kind != Kind.HANDOVER.value:
        raise InvalidInput("Only handover referrals have a handover summary.", "kind")
    d = dict(detail.details or {})

    def area(area_id: str | None) -> str:
        known = table.areas.get(area_id or "")
        return known.name if known else (area_id or "Not known")

    try:
        rows = json.loads(d.get("agencies") or "[]")
        agencies = tuple(AgencyContact(str(r.get("agency") or "other"), r.get("name"), r.get("phone"),
                                       r.get("email")) for r in rows if isinstance(r, dict))
    except (ValueError, AttributeError):
        agencies = ()
    subject = next((p for p in detail.people if p.role != PersonRole.REPORTER.value), None)
    reporter = next((p for p in detail.people if p.role == PersonRole.REPORTER.value), None)
    reason = detail.description
    marker = "Reason: "
    if marker in reason:
        reason = reason.split(marker, 1)[1]
    return HandoverSummary(
        reference=detail.reference,
        urgency=detail.urgency,
        reasons=tuple(detail.reasons),
        created_at=detail.created_at,
        due_at=detail.due_at,
        owner_inbox=detail.inbox.name,
        copy_inboxes=tuple(c.name for c in detail.copies),
        from_area=area(d.get("from_area")),
        to_area=area(d.get("to_area") or detail.area_id),
        move=_label(Move, d.get("move")) or "Not recorded",
        urgent_because=_label(UrgentBecause, d.get("urgent_because")),
        move_date=d.get("move_date"),
        move_reason=reason,
        person={
            "name": subject.name if subject else None,
            "role": PERSON_ROLES.get(subject.role, subject.role_label) if subject else None,
            "date_of_birth": d.get("date_of_birth"),
            "age": str(subject.age) if subject and subject.age is not None else None,
            "gender": d.get("gender"),
        },
        consent=_label(Consent, d.get("consent")) or "Not recorded",
        consent_reason=d.get("consent_reason"),
        agencies=agencies,
        court_orders=d.get("court_orders"),
        positive_requirements=d.get("positive_requirements"),
        risks_to_person=d.get("risks_to_person"),
        risks_from_person=d.get("risks_from_person"),
        aspirations=d.get("aspirations"),
        referrer={
            "name": reporter.name if reporter else None,
            "role": ReporterRole(reporter.reporter_role).label if reporter and reporter.reporter_role else None,
            "agency": reporter.organisation if reporter else None,
            "email": reporter.email if reporter else None,
            "phone": reporter.phone if reporter else None,
        },
    )
