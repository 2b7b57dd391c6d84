"""Casework on a referral: the lead agency, actions with owners and due dates, the review date and the
basis for sharing.

The owning inbox records all of it; anyone who may read the referral (an
info-only copy holder too) sees it, so copies carry the basis for sharing.
Each change goes on the timeline and into the audit log (identifiers only,
never the action's words or the reason). :meth:`CaseworkService.overdue` is
what a member's queue shows as overdue: open actions they or their inboxes
own, and reviews of their inboxes' open referrals, past their date.
:meth:`CaseworkService.record_reported_basis` records the basis a hospital
presentation's or a handover's consent answer gives as it arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdoor.errors import Conflict, InvalidInput, NotFound, Unavailable
from frontdoor.model import Status
from frontdoor.routing import RoutingTable
from frontdoor.services import audit, feedback
from frontdoor.services.casework_views import ActionView, CaseworkView, OverdueItem, SharingView
from frontdoor.services.referrals.access import REFUSALS
from frontdoor.services.referrals.validation import MAX_NOTE, clean
from frontdoor.services.referrals.workflow import ReferralWorkflow
from frontdoor.sharing import BASES, CONSENT, Agreement, Basis, ReportedConsent, check_basis, reported_basis
from frontdoor.sla import SlaPolicy
from frontdoor.store.casework import CaseAction
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralEvent, Staff
from frontdoor.views import Principal

__all__ = ["ActionView", "CaseworkService", "CaseworkView", "OverdueItem", "SharingView"]

log = logging.getLogger(__name__)

#: How an action's owner is written in forms and the API: ``inbox:<id>`` or ``staff:<id>``.
INBOX_OWNER, STAFF_OWNER = "inbox:", "staff:"
#: Who records the basis for sharing that a referrer's answers give (on the timeline and in the audit log).
REPORTED_ACTOR = "system"
#: An action or review given as a day falls due at the close of business that day (local time).
CLOSE_OF_BUSINESS = time(17, 0)


def _basis_detail(checked: Basis) -> str:
    """Return the audit detail of a recorded basis (codes only, never the reason)."""
    return f"{checked.consent} {checked.basis} {checked.agreement or '-'}"


class CaseworkService(ReferralWorkflow):
    """Record and read a referral's lead agency, actions, review date and basis for sharing."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy, clock: Callable[[], datetime],
                 agreements: Mapping[str, Agreement]) -> None:
        super().__init__(db, table, sla, clock)
        self.agreements = dict(agreements)

    # --- reading ----------------------------------------------------------------------
    def _owner_label(self, session: Session, action: CaseAction) -> str:
        if action.owner_staff is not None:
            staff = session.get(Staff, action.owner_staff)
            return self._staff_view(staff).short_name if staff else "a former member"
        return self._inbox_name(action.owner_inbox or "")

    def _view(self, session: Session, row: Referral) -> CaseworkView:
        now = self._clock()
        actions = session.scalars(select(CaseAction).where(CaseAction.referral_id == row.id)
                                  .order_by(CaseAction.done_at.is_not(None), CaseAction.due_at, CaseAction.id))
        agreement = self.agreements.get(row.sharing_agreement or "")
        is_open = row.status != Status.CLOSED.value
        return CaseworkView(
            reference=row.reference, lead_agency=row.lead_agency,
            lead_agency_label=self._table.agencies.get(row.lead_agency or ""),
            review_at=row.review_at, review_overdue=is_open and row.review_at is not None and row.review_at < now,
            actions=tuple(ActionView(
                id=a.id, title=a.title,
                owner=f"{STAFF_OWNER}{a.owner_staff}" if a.owner_staff is not None else f"{INBOX_OWNER}{a.owner_inbox}",
                owner_label=self._owner_label(session, a), due_at=a.due_at, done_at=a.done_at,
                overdue=is_open and a.done_at is None and a.due_at < now) for a in actions),
            sharing=SharingView(
                consent=row.sharing_consent, consent_label=CONSENT.get(row.sharing_consent or ""),
                basis=row.sharing_basis, basis_label=BASES.get(row.sharing_basis or ""),
                reason=row.sharing_reason, agreement=row.sharing_agreement,
                agreement_label=agreement.name if agreement else row.sharing_agreement),
            feedback_wanted=row.feedback_wanted,
        )

    def get(self, principal: Principal, reference: str) -> CaseworkView:
        """Return the casework of a referral the principal may read (owner or copy holder).

        Raises:
            NotFound: not visible (audited).
        """
        with self._db.session(commit_on=REFUSALS) as session:
            return self._view(session, self._load(session, principal, reference, "referral.casework"))

    def overdue(self, principal: Principal) -> list[OverdueItem]:
        """Return the principal's overdue work, oldest first: open actions owned by them or one of their
        inboxes, and reviews of their inboxes' open referrals, past their date."""
        now = self._clock()
        inboxes = sorted(principal.inboxes)
        with self._db.session() as session:
            actions = session.execute(
                select(Referral.reference, CaseAction).join(CaseAction, CaseAction.referral_id == Referral.id)
                .where(CaseAction.done_at.is_(None), CaseAction.due_at < now,
                       Referral.status != Status.CLOSED.value,
                       or_(CaseAction.owner_staff == principal.id, CaseAction.owner_inbox.in_(inboxes)))).all()
            items = [OverdueItem(ref, "action", a.due_at, self._owner_label(session, a)) for ref, a in actions]
            reviews = session.execute(
                select(Referral.reference, Referral.review_at, Referral.inbox_id)
                .where(Referral.review_at < now, Referral.status != Status.CLOSED.value,
                       Referral.inbox_id.in_(inboxes))).all()
        items += [OverdueItem(ref, "review", at, self._inbox_name(inbox)) for ref, at, inbox in reviews if at]
        return sorted(items, key=lambda item: (item.due_at, item.reference))

    def overdue_by_inbox(self) -> dict[str, list[OverdueItem]]:
        """Return each inbox's overdue actions and reviews (for the daily digest); inboxes with none are left out.

        An action owned by a person counts for the referral's owning inbox.
        """
        now = self._clock()
        found: dict[str, list[OverdueItem]] = {}
        with self._db.session() as session:
            actions = session.execute(
                select(Referral.reference, Referral.inbox_id, CaseAction)
                .join(CaseAction, CaseAction.referral_id == Referral.id)
                .where(CaseAction.done_at.is_(None), CaseAction.due_at < now,
                       Referral.status != Status.CLOSED.value)).all()
            for ref, inbox, action in actions:
                found.setdefault(action.owner_inbox or inbox, []).append(
                    OverdueItem(ref, "action", action.due_at, self._owner_label(session, action)))
            for ref, at, inbox in session.execute(
                    select(Referral.reference, Referral.review_at, Referral.inbox_id)
                    .where(Referral.review_at < now, Referral.status != Status.CLOSED.value)).all():
                if at is not None:
                    found.setdefault(inbox, []).append(OverdueItem(ref, "review", at, self._inbox_name(inbox)))
        return {inbox: sorted(items, key=lambda i: (i.due_at, i.reference)) for inbox, items in found.items()}

    # --- recording --------------------------------------------------------------------
    def _done(self, session: Session, row: Referral, principal: Principal, now: datetime, event: str, body: str,
              action: str, detail: str | None = None) -> CaseworkView:
        """Put ``event`` on the timeline and ``action`` in the audit log; return the casework now."""
        self._recorded(session, row, principal, now, event, body, action, detail)
        return self._view(session, row)

    def set_lead_agency(self, principal: Principal, reference: str, agency: str | None) -> CaseworkView:
        """Set the lead agency (one of the routing table's agencies; None or "" clears it).

        Raises:
            InvalidInput: unknown agency. NotFound: not visible. AccessDenied: only a copy.
            Conflict: closed, or already so.
        """
        agency = agency or None
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.lead_agency", open_only=True)
            if agency is not None and agency not in self._table.agencies:
                raise InvalidInput("Choose the lead agency from the list.", "lead_agency")
            if row.lead_agency == agency:
                raise Conflict("The lead agency is already that.")
            row.lead_agency = agency
            body = f"Lead agency: {self._table.agencies[agency]}" if agency else "Lead agency cleared"
            return self._done(session, row, principal, now, "lead_agency", body, "referral.lead_agency",
                              agency or "-")

    def _day(self, value: datetime | date | str | None, field: str, what: str) -> datetime | None:
        """Return when something given as a day falls due: the close of business that day, local time
        (None when empty; an aware datetime is taken as it is).

        Raises:
            InvalidInput: not a date (YYYY-MM-DD) or a naive datetime.
        """
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise InvalidInput(f"Give the {what}.", field)
            return value
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise InvalidInput(f"The {what} must be a date like 2026-03-11.", field) from None
        return None if value is None else datetime.combine(value, CLOSE_OF_BUSINESS, tzinfo=ZoneInfo(self._sla.tz))

    def set_review(self, principal: Principal, reference: str,
                   review_at: datetime | date | str | None) -> CaseworkView:
        """Set (or, with None or "", clear) when the referral is next reviewed (a day: its close of business).

        Raises:
            InvalidInput: not a date. NotFound / AccessDenied / Conflict (closed) as above.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.review", open_only=True)
            review_at = self._day(review_at, "review_at", "review date")
            row.review_at = review_at
            body = f"Review on {review_at:%d %b %Y}" if review_at else "Review date cleared"
            return self._done(session, row, principal, now, "review", body, "referral.review",
                              review_at.date().isoformat() if review_at else "-")

    def _owner(self, session: Session, row: Referral, owner: str | None) -> tuple[str | None, int | None]:
        """Return the (inbox, staff id) an owner choice names: any inbox, or a member of the owning inbox.

        Raises:
            InvalidInput: neither.
        """
        owner = owner or ""
        if owner.startswith(INBOX_OWNER) and owner[len(INBOX_OWNER):] in self._table.inboxes:
            return owner[len(INBOX_OWNER):], None
        if owner.startswith(STAFF_OWNER) and owner[len(STAFF_OWNER):].isdigit():
            staff_id = int(owner[len(STAFF_OWNER):])
            if any(m.id == staff_id for m in self._members(session, row.inbox_id)):
                return None, staff_id
        raise InvalidInput("Choose who owns the action: an inbox, or a member of the owning inbox.", "owner")

    def add_action(self, principal: Principal, reference: str, title: str, owner: str | None,
                   due: datetime | date | str | None) -> CaseworkView:
        """Add an action with its owner (``inbox:<id>`` or ``staff:<id>``) and when it is due (a day: its
        close of business).

        Raises:
            InvalidInput: no title, unknown owner or no due date. NotFound / AccessDenied / Conflict as above.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.action", open_only=True)
            text = clean(title, "title", MAX_NOTE)
            if not text:
                raise InvalidInput("Say what the action is.", "title")
            due_at = self._day(due, "due_at", "due date")
            if due_at is None:
                raise InvalidInput("Give the date the action is due.", "due_at")
            inbox, staff = self._owner(session, row, owner)
            action = CaseAction(referral_id=row.id, title=text, owner_inbox=inbox, owner_staff=staff,
                                due_at=due_at, created_at=now, created_by=principal.email)
            session.add(action)
            session.flush()
            return self._done(session, row, principal, now, "action",
                              f"Action for {self._owner_label(session, action)} by {due_at:%d %b %Y}: {text}",
                              "referral.action", f"action={action.id} owner={owner}")

    def complete_action(self, principal: Principal, reference: str, action_id: int) -> CaseworkView:
        """Mark an action done.

        Raises:
            NotFound: no such action on this referral, or not visible. AccessDenied: only a copy.
            Conflict: already done, or the referral is closed.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.action_done", open_only=True)
            action = session.get(CaseAction, action_id)
            if action is None or action.referral_id != row.id:
                raise NotFound("No such action")
            if action.done_at is not None:
                raise Conflict("That action is already done.")
            action.done_at = now
            return self._done(session, row, principal, now, "action_done", f"Action done: {action.title}",
                              "referral.action_done", f"action={action.id}")

    def record_basis(self, principal: Principal, reference: str, consent: str | None, basis: str | None,
                     reason: str | None, agreement: str | None) -> CaseworkView:
        """Record the basis for sharing: consent, the lawful basis, the reason and the agreement.

        Copy holders see it with the referral. The reason goes on the timeline
        (encrypted like every note), not in the audit log.

        Raises:
            InvalidInput: see :func:`frontdoor.sharing.check_basis`. NotFound / AccessDenied as above.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.sharing")
            checked = check_basis(consent, basis, reason, agreement, self.agreements)
            body = self._set_basis(row, checked)
            return self._done(session, row, principal, now, "sharing_basis", f"Basis for sharing: {body}",
                              "referral.sharing", _basis_detail(checked))

    def _set_basis(self, row: Referral, checked: Basis) -> str:
        """Record ``checked`` on ``row``; return it in words for the timeline."""
        row.sharing_consent, row.sharing_basis = checked.consent, checked.basis
        row.sharing_reason, row.sharing_agreement = checked.reason, checked.agreement
        agreement_name = self.agreements[checked.agreement].name if checked.agreement else None
        return "; ".join(part for part in (CONSENT[checked.consent], BASES[checked.basis], checked.reason,
                                           agreement_name) if part)

    def record_reported_basis(self, reference: str, reported: ReportedConsent) -> SharingView | None:
        """Record the basis for sharing the referrer's consent answer gives, as the stored referral arrives.

        The agreement is the one the referrer's agency signed with the
        agencies of the referral's owner and copies. Nothing is recorded when
        the answer gives no basis or one is recorded already (a repeated
        submission), nor when the database fails now (logged: the referral is
        stored, and the SPOC records the basis, or a repeated submission
        does). The SPOC can change it like any basis. Returns the basis now
        recorded (None when none is).

        Raises:
            NotFound: no such referral.
            InvalidInput: see :func:`frontdoor.sharing.reported_basis`.
        """
        try:
            return self._record_reported(reference, reported)
        except Unavailable:
            log.warning("the basis for sharing of %s was not recorded; the SPOC records it", reference)
            return None

    def _record_reported(self, reference: str, reported: ReportedConsent) -> SharingView | None:
        now = self._clock()
        with self._db.session() as session:
            row = session.scalar(select(Referral).where(Referral.reference == reference))
            if row is None:
                raise NotFound("No such referral")
            if row.sharing_basis is None:
                inboxes = [row.inbox_id, *(c.inbox_id for c in row.copies)]
                agencies = {self._table.inboxes[i].agency for i in inboxes if i in self._table.inboxes}
                checked = reported_basis(reported, agencies, self.agreements)
                if checked is not None:
                    body = self._set_basis(row, checked)
                    row.events.append(ReferralEvent(at=now, actor=REPORTED_ACTOR, action="sharing_basis",
                                                    body=f"Basis for sharing, from the referrer's answers: {body}"))
                    audit.record(session, at=now, actor=REPORTED_ACTOR, action="referral.sharing",
                                 reference=row.reference, detail=_basis_detail(checked))
            return self._view(session, row).sharing if row.sharing_basis else None

    def ask_professional(self, principal: Principal, reference: str, question: str) -> CaseworkView:
        """Send the professional reporter a question by e-mail; they answer by text with the reference and a
        code, as anonymous reporters do, and the answer comes back on the timeline.

        Raises:
            InvalidInput: empty or too long. NotFound: not visible. AccessDenied: only a copy.
            Conflict: closed, or the reporter gave no e-mail address.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.question_email", open_only=True)
            body = clean(question, "question", 500)
            if not body:
                raise InvalidInput("A question cannot be empty.", "question")
            if feedback.reporter_email(row) is None:
                raise Conflict("The reporter gave no e-mail address; use the contact details given.")
            row.updated_at = now
            feedback.note(session, row, feedback.QUESTION)
            return self._done(session, row, principal, now, "question", body, "referral.question_email")
