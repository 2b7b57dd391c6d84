"""What the referral services share: loading a referral the caller may see, and its views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdoor import taxonomy
from frontdoor.errors import AccessDenied, InvalidInput, NotFound
from frontdoor.hours import OpeningHours
from frontdoor.model import PersonRole, Status, Urgency
from frontdoor.references import normalise_reference
from frontdoor.routing import RoutingTable
from frontdoor.services import audit
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, Staff, StaffInbox
from frontdoor.views import EventView, InboxView, PersonView, Principal, ReferralDetail, StaffView
from frontdoor.workflow_config import WorkflowConfig

#: Refusals that still commit the audit entry recorded before them.
REFUSALS = (NotFound, AccessDenied)


class ReferralAccess:
    """The database, routing table, response targets and clock, with the lookups every referral service uses."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy, clock: Callable[[], datetime],
                 workflow: WorkflowConfig | None = None) -> None:
        self._db = db
        self._table = table
        self._sla = sla
        self._clock = clock
        #: The outcomes per area and their labels (the packaged demo workflow when none is given).
        self.workflow_config = workflow or WorkflowConfig.load(None, table.areas)

    def _opening(self, inbox_id: str) -> OpeningHours | None:
        inbox = self._table.inboxes.get(inbox_id)
        return inbox.opening if inbox else None

    def _due(self, urgency: Urgency, received: datetime, inbox_id: str) -> datetime:
        """Return when ``inbox_id`` should respond to a referral of ``urgency`` it received at ``received``."""
        return self._sla.due_at(urgency, received, self._opening(inbox_id))


    def _load(self, session: Session, principal: Principal, reference: str, action: str) -> Referral:
        try:
            canonical = normalise_reference(reference)
        except InvalidInput:
            # Logged without the text given, which is not an identifier.
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", detail="malformed reference")
            raise NotFound("No such referral") from None
        row = session.scalar(
            select(Referral).where(Referral.reference == canonical).options(
                selectinload(Referral.copies), selectinload(Referral.people),
                selectinload(Referral.events))
        )
        if row is None or not principal.can_read(row.inbox_id, [c.inbox_id for c in row.copies]):
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", reference=canonical)
            raise NotFound("No such referral")
        return row

    def _inbox_view(self, inbox_id: str) -> InboxView:
        inbox = self._table.inboxes.get(inbox_id)
        if inbox is None:
            return InboxView(inbox_id, inbox_id, "unknown", None, None, None)
        return InboxView(inbox.id, inbox.name, inbox.agency, inbox.email, inbox.phone, inbox.hours)

    @staticmethod
    def _staff_view(staff: Staff) -> StaffView:
        return StaffView(id=staff.id, email=staff.email, name=staff.name)

    def _members(self, session: Session, inbox_id: str) -> list[Staff]:
        """Return the active staff of ``inbox_id``, by name then e-mail."""
        return list(session.scalars(
            select(Staff).join(StaffInbox, StaffInbox.staff_id == Staff.id)
            .where(StaffInbox.inbox_id == inbox_id, Staff.active.is_(True))
            .order_by(Staff.name, Staff.email)
        ).all())

    def _detail(self, row: Referral, principal: Principal, session: Session) -> ReferralDetail:
        now = self._clock()
        owner = row.inbox_id in principal.inboxes
        assigned = session.get(Staff, row.assigned_to) if row.assigned_to is not None else None
        assignees = tuple(self._staff_view(s) for s in self._members(session, row.inbox_id)) if owner else ()
        area = self._table.areas.get(row.area_id or "")
        return ReferralDetail(
            reference=row.reference, kind=row.kind, channel=row.channel, status=row.status,
            urgency=row.urgency, reasons=tuple(row.triage_reasons), indicators=tuple(row.indicators),
            indicator_labels=tuple(taxonomy.label(c) for c in row.indicators),
            routing_reasons=tuple(row.routing_reasons), inbox=self._inbox_view(row.inbox_id),
            copies=tuple(self._inbox_view(c.inbox_id) for c in row.copies),
            is_copy=not owner,
            area_id=row.area_id, area_name=area.name if area else None, area_text=row.area_text,
            place=row.place, when=row.when_text, immediate_danger=row.immediate_danger,
            consent_to_contact=row.consent_to_contact, anonymous=row.anonymous,
            followup_enabled=row.followup_digest is not None,
            description=row.description, details=dict(row.details or {}), outcome=row.outcome,
            created_at=row.created_at, due_at=row.sla_due_at, acknowledged_at=row.acknowledged_at,
            closed_at=row.closed_at,
            overdue=row.status == Status.NEW.value and row.sla_due_at < now,
            people=tuple(
                PersonView(
                    role=p.role, role_label=PersonRole(p.role).label, at_risk=PersonRole(p.role).at_risk,
                    name=p.name, age=p.age, age_band=p.age_band, school=p.school, home_area=p.home_area,
                    known_to_social_care=p.known_to_social_care, looked_after=p.looked_after,
                    parent_carer_aware=p.parent_carer_aware, description=p.description,
                    reporter_role=p.reporter_role, organisation=p.organisation, email=p.email, phone=p.phone,
                )
                for p in row.people
            ),
            events=tuple(EventView(e.at, e.actor, e.action, e.body) for e in row.events),
            outcome_label=self.workflow_config.label(row.outcome),
            assigned_to=self._staff_view(assigned) if assigned else None,
            assignees=assignees,
            out_of_hours=self._inbox_view(row.out_of_hours_inbox_id) if row.out_of_hours_inbox_id else None,
            on_duty=not owner and row.out_of_hours_inbox_id in principal.inboxes,
        )


    def _inbox_name(self, inbox_id: str) -> str:
        inbox = self._table.inboxes.get(inbox_id)
        return inbox.name if inbox else inbox_id

