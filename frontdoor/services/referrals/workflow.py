"""Workflow: the SPOC's actions on a stored referral (acknowledge, notes, urgency, assignment,
transfer, copies, questions to the reporter; statuses, outcomes, close and reopen in
:mod:`~frontdoor.services.referrals.outcomes`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from frontdoor.errors import AccessDenied, Conflict, InvalidInput
from frontdoor.model import Status, Urgency
from frontdoor.services import audit, cover, feedback
from frontdoor.services.referrals.access import REFUSALS
from frontdoor.services.referrals.outcomes import OutcomeWorkflow
from frontdoor.services.referrals.validation import MAX_NOTE, MAX_REASON, clean
from frontdoor.store.models import Referral, ReferralCopy, ReferralEvent
from frontdoor.views import Principal, ReferralDetail


class ReferralWorkflow(OutcomeWorkflow):
    """Work stored referrals: the owning inbox acts, a copy holder may add notes."""

    def _recorded(self, session: Session, row: Referral, principal: Principal, now: datetime, event: str,
                  body: str | None, action: str, detail: str | None = None) -> ReferralDetail:
        """Put ``event`` on the timeline and ``action`` in the audit log, both at ``now``.

        Returns the referral as ``principal`` now sees it.
        """
        row.updated_at = now
        row.events.append(ReferralEvent(at=now, actor=principal.email, action=event, body=body))
        audit.record(session, at=now, actor=principal.email, action=action, reference=row.reference, detail=detail)
        session.flush()
        return self._detail(row, principal, session)

    def _owned(self, session: Session, principal: Principal, reference: str, action: str,
               on_duty: bool = False, open_only: bool = False) -> Referral:
        """Load a referral the principal's inbox owns (or, with ``on_duty``, covers out of hours).

        Raises:
            NotFound: not visible. AccessDenied: only a copy (audited).
            Conflict: ``open_only`` and the referral is closed.
        """
        row = self._load(session, principal, reference, action)
        if (on_duty and row.out_of_hours_inbox_id in principal.inboxes and row.urgency == Urgency.RED.value
                and row.status == Status.NEW.value):
            return row
        if row.inbox_id not in principal.inboxes:
            audit.record(session, at=self._clock(), actor=principal.email,
                         action=f"{action}.denied", reference=row.reference)
            raise AccessDenied("This is an info-only copy; the owning inbox works this referral.")
        if open_only and row.status == Status.CLOSED.value:
            raise Conflict("The referral is closed.")
        return row

    def acknowledge(self, principal: Principal, reference: str) -> ReferralDetail:
        """Mark a new referral acknowledged, stopping its response clock (and its alerts).

        The owning inbox may acknowledge it, and so may the out-of-hours contact
        that covers it while the owner is closed. A member of the owning inbox
        who acknowledges an unassigned referral is assigned it (they can hand
        it on with :meth:`reassign`); the out-of-hours contact is not.

        Raises:
            NotFound: not visible. AccessDenied: only a copy. Conflict: not new.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.acknowledge", on_duty=True)
            if row.status != Status.NEW.value:
                raise Conflict(f"Already {row.status}.")
            row.status = Status.ACKNOWLEDGED.value
            row.acknowledged_at = now
            row.updated_at = now
            duty = row.inbox_id not in principal.inboxes
            body = (f"Acknowledged out of hours by {self._inbox_name(row.out_of_hours_inbox_id or '')} "
                    f"for {self._inbox_name(row.inbox_id)}") if duty else None
            feedback.note(session, row, feedback.ACKNOWLEDGED)
            taken = not duty and row.assigned_to is None
            if taken:
                row.assigned_to = principal.id
                body = f"Assigned to {principal.name or principal.email}, who acknowledged it"
            return self._recorded(session, row, principal, now, "acknowledged", body, "referral.acknowledge",
                                  f"staff={principal.id}" if taken else None)

    def add_note(self, principal: Principal, reference: str, text: str) -> ReferralDetail:
        """Add a note to the referral's timeline (the owner or an info-only copy holder).

        Raises:
            InvalidInput: empty or too long. NotFound: not visible.
        """
        body = clean(text, "note", MAX_NOTE)
        if not body:
            raise InvalidInput("A note cannot be empty.", "note")
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.note")
            return self._recorded(session, row, principal, now, "note", body, "referral.note")

    # --- urgency, assignment, transfer and copies (the owning inbox only) --------
    def _reason(self, reason: str | None) -> str:
        body = clean(reason, "reason", MAX_REASON)
        if not body:
            raise InvalidInput("Give a reason: it goes on the timeline and the audit trail.", "reason")
        return body

    def _known_inbox(self, inbox_id: str | None, field: str) -> str:
        if not isinstance(inbox_id, str) or inbox_id not in self._table.inboxes:
            raise InvalidInput("Choose an inbox from the list.", field)
        return inbox_id

    def change_urgency(self, principal: Principal, reference: str, urgency: str,
                       reason: str | None) -> ReferralDetail:
        """Change the urgency with a reason; the response target is worked out again.

        The triage reasons are kept and the human reason is added to them. The
        new due time counts from when the owning inbox received the referral
        (its creation, or its latest transfer); a red target already past is
        due now, and the red alert goes out again. Raised to red while the
        owner is closed, it gets out-of-hours cover; lowered from red, any
        cover ends.

        Raises:
            InvalidInput: unknown urgency or no reason. NotFound: not visible.
            AccessDenied: only a copy. Conflict: closed, or already that urgency.
        """
        try:
            new = Urgency(urgency)
        except ValueError:
            raise InvalidInput("Choose red, amber or green.", "urgency") from None
        body = self._reason(reason)
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.urgency", open_only=True)
            old = Urgency(row.urgency)
            if new is old:
                raise Conflict(f"It is already {old.value}.")
            received = max([row.created_at] + [e.at for e in row.events if e.action == "transferred"])
            row.urgency = new.value
            row.urgency_rank = new.rank
            row.sla_due_at = self._due(new, received, row.inbox_id)
            if new is Urgency.RED:
                # A red target already past is due now: a new due time is a new alert cycle, so a referral
                # raised to red again is alerted again (the sweep sends it).
                row.sla_due_at = max(row.sla_due_at, now)
                row.alert_level = 0
                row.alerted_at = None
                # covered if the owner is closed now
                if row.out_of_hours_inbox_id is None:
                    cover.cover(row, self._table, self._sla.calendar, now, cover.RAISED)
            else:
                row.out_of_hours_inbox_id = None  # cover is for red referrals only
            row.triage_reasons = [*row.triage_reasons,
                                  f"Changed from {old.value} to {new.value} by {principal.email}: {body}"]
            return self._recorded(session, row, principal, now, "urgency_changed",
                                  f"{old.value.capitalize()} to {new.value.capitalize()}: {body}",
                                  "referral.urgency", f"{old.value}->{new.value}")

    def reassign(self, principal: Principal, reference: str, staff_id: int | None) -> ReferralDetail:
        """Assign the referral to a member of its owning inbox (``None``: nobody).

        Raises:
            InvalidInput: that person is not an active member of the owning inbox.
            NotFound: not visible. AccessDenied: only a copy. Conflict: closed.
        """
        if staff_id is not None and (isinstance(staff_id, bool) or not isinstance(staff_id, int)):
            raise InvalidInput("Choose someone from the list.", "assignee")
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.assign", open_only=True)
            if staff_id is None:
                if row.assigned_to is None:
                    raise Conflict("It is not assigned to anyone.")
                row.assigned_to = None
                body = "No longer assigned"
            else:
                member = next((m for m in self._members(session, row.inbox_id) if m.id == staff_id), None)
                if member is None:
                    audit.record(session, at=now, actor=principal.email, action="referral.assign.refused",
                                 reference=row.reference, detail=f"staff={staff_id}")
                    session.commit()
                    raise InvalidInput(f"Only members of {self._inbox_name(row.inbox_id)} can be assigned "
                                       "this referral; transfer it to hand it to another team.", "assignee")
                if row.assigned_to == member.id:
                    raise Conflict(f"It is already assigned to {self._staff_view(member).display_name}.")
                row.assigned_to = member.id
                body = f"Assigned to {self._staff_view(member).short_name}"  # the timeline names people
            return self._recorded(session, row, principal, now, "assigned", body, "referral.assign",
                                  f"staff={staff_id if staff_id is not None else '-'}")

    def transfer(self, principal: Principal, reference: str, inbox_id: str, reason: str | None,
                 *, keep_copy: bool = True) -> ReferralDetail | None:
        """Hand the referral over to another inbox (for example another borough's).

        The new inbox owns it from now: it is new again, unassigned, and its
        response clock restarts from now at its urgency's target. The old
        owning inbox keeps an info-only copy unless ``keep_copy`` is false.
        Returns the referral as the caller now sees it, or ``None`` when they
        can no longer see it.

        Raises:
            InvalidInput: unknown inbox, the current owner, or no reason.
            NotFound: not visible. AccessDenied: only a copy. Conflict: closed.
        """
        target = self._known_inbox(inbox_id, "inbox")
        body = self._reason(reason)
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.transfer", open_only=True)
            old = row.inbox_id
            if target == old:
                raise InvalidInput("It is already in that inbox; choose another.", "inbox")
            for copy in [c for c in row.copies if c.inbox_id == target]:
                row.copies.remove(copy)
            session.flush()  # the new owner's copy goes before the old owner's may be added
            if keep_copy and not any(c.inbox_id == old for c in row.copies):
                row.copies.append(ReferralCopy(inbox_id=old, created_at=now))
            row.inbox_id = target
            row.status = Status.NEW.value
            row.acknowledged_at = None
            row.assigned_to = None
            row.alert_level = 0
            row.alerted_at = None
            row.sla_due_at = self._due(Urgency(row.urgency), now, target)
            row.out_of_hours_inbox_id = None
            if row.urgency == Urgency.RED.value:
                cover.cover(row, self._table, self._sla.calendar, now, cover.TRANSFERRED)
            row.routing_reasons = [*row.routing_reasons,
                                   f"Transferred from {self._inbox_name(old)} to {self._inbox_name(target)}"]
            row.updated_at = now
            kept = "kept an info-only copy" if keep_copy else "kept no copy"
            row.events.append(ReferralEvent(
                at=now, actor=principal.email, action="transferred",
                body=f"From {self._inbox_name(old)} to {self._inbox_name(target)} ({self._inbox_name(old)} "
                     f"{kept}): {body}"))
            audit.record(session, at=now, actor=principal.email, action="referral.transfer",
                         reference=row.reference, detail=f"{old}->{target} copy={'yes' if keep_copy else 'no'}")
            session.flush()
            if not principal.can_read(row.inbox_id, [c.inbox_id for c in row.copies]):
                return None
            return self._detail(row, principal, session)

    def add_copy(self, principal: Principal, reference: str, inbox_id: str) -> ReferralDetail:
        """Send an info-only copy to another inbox.

        Raises:
            InvalidInput: unknown inbox or the owner. NotFound: not visible.
            AccessDenied: only a copy. Conflict: that inbox already has a copy.
        """
        target = self._known_inbox(inbox_id, "copy_inbox")
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.copy")
            if target == row.inbox_id:
                raise InvalidInput("That inbox owns the referral already.", "copy_inbox")
            if any(c.inbox_id == target for c in row.copies):
                raise Conflict(f"{self._inbox_name(target)} already has a copy.")
            row.copies.append(ReferralCopy(inbox_id=target, created_at=now))
            return self._recorded(session, row, principal, now, "copied",
                                  f"Info-only copy to {self._inbox_name(target)}", "referral.copy", target)

    def remove_copy(self, principal: Principal, reference: str, inbox_id: str) -> ReferralDetail:
        """Withdraw an inbox's info-only copy.

        Raises:
            InvalidInput: that inbox has no copy. NotFound: not visible.
            AccessDenied: only a copy.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.uncopy")
            copy = next((c for c in row.copies if c.inbox_id == inbox_id), None)
            if copy is None:
                raise InvalidInput("That inbox has no copy of this referral.", "copy_inbox")
            row.copies.remove(copy)
            row.updated_at = now
            body = f"Copy withdrawn from {self._inbox_name(inbox_id)}"
            if row.out_of_hours_inbox_id == inbox_id:
                row.out_of_hours_inbox_id = None  # no longer the contact on duty: no alerts, no acknowledging
                body += ", which is no longer the out-of-hours contact"
            return self._recorded(session, row, principal, now, "copy_removed", body, "referral.uncopy", inbox_id)


    def ask_reporter(self, principal: Principal, reference: str, question: str) -> ReferralDetail:
        """Post a question for an anonymous reporter, who reads it with their code.

        Raises:
            InvalidInput: empty or too long. NotFound / AccessDenied as for notes.
            Conflict: the reporter has no follow-up channel (contact them directly).
        """
        body = clean(question, "question", 500)
        if not body:
            raise InvalidInput("A question cannot be empty.", "question")
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.question")
            if row.followup_digest is None:
                raise Conflict("This reporter has no follow-up code; use the contact details given.")
            if row.status == Status.CLOSED.value:
                raise Conflict("The referral is closed.")
            return self._recorded(session, row, principal, now, "question", body, "referral.question")
