"""Statuses and outcomes: set a status, record the partnership's outcomes, close and reopen.

Mixed into :class:`~frontdoor.services.referrals.workflow.ReferralWorkflow`, whose
``_owned`` and ``_recorded`` load a referral its owning inbox works and record a change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from frontdoor.errors import Conflict, InvalidInput
from frontdoor.model import Status
from frontdoor.routing import RoutingTable
from frontdoor.services import feedback
from frontdoor.services.referrals.access import REFUSALS, ReferralAccess
from frontdoor.services.referrals.validation import MAX_NOTE, clean
from frontdoor.sla import SlaPolicy
from frontdoor.store.db import Database
from frontdoor.store.models import Referral
from frontdoor.store.workflow import ReferralOutcome, RetentionReview
from frontdoor.views import Principal, ReferralDetail
from frontdoor.workflow_config import Outcome, WorkflowConfig


@dataclass(frozen=True)
class RecordedOutcome:
    """An outcome recorded on a referral."""

    id: str
    label: str
    at: datetime
    by: str


@dataclass(frozen=True)
class OutcomesView:
    """A referral's status and outcomes, with what its owner may choose next."""

    status: str
    status_label: str
    #: Recorded outcomes, oldest first (also those recorded before a reopening).
    recorded: tuple[RecordedOutcome, ...]
    #: The outcomes of the referral's area (empty for a copy holder, who cannot record them).
    offered: tuple[Outcome, ...]
    #: The statuses its owner may set now (empty when closed or new, or for a copy holder).
    settable: tuple[Status, ...]
    can_reopen: bool
    #: The label of the outcome that closed it (None while open).
    outcome_label: str | None = None

    def to_json(self) -> dict[str, object]:
        """Return the view as JSON-ready data (times in ISO 8601)."""
        return {
            "status": self.status, "status_label": self.status_label,
            "outcomes": [{"id": o.id, "label": o.label, "at": o.at.isoformat(), "by": o.by} for o in self.recorded],
            "offered": [{"id": o.id, "label": o.label, "closes": o.closes} for o in self.offered],
            "settable_statuses": [s.value for s in self.settable], "can_reopen": self.can_reopen,
            "outcome_label": self.outcome_label,
        }


class OutcomeWorkflow(ReferralAccess):
    """Statuses, outcomes, closing and reopening, from the partnership's workflow configuration."""

    def __init__(self, db: Database, table: RoutingTable, sla: SlaPolicy, clock: Callable[[], datetime],
                 workflow: WorkflowConfig | None = None) -> None:
        super().__init__(db, table, sla, clock, workflow)

    if TYPE_CHECKING:  # provided by ReferralWorkflow
        def _owned(self, session: Session, principal: Principal, reference: str, action: str,
                   on_duty: bool = False, open_only: bool = False) -> Referral: ...

        def _recorded(self, session: Session, row: Referral, principal: Principal, now: datetime, event: str,
                      body: str | None, action: str, detail: str | None = None) -> ReferralDetail: ...

        def _reason(self, reason: str | None) -> str: ...

    def _detail(self, row: Referral, principal: Principal, session: Session) -> ReferralDetail:
        return replace(super()._detail(row, principal, session),
                       outcome_label=self.workflow_config.label(row.outcome))

    # --- reading ---------------------------------------------------------------------
    def outcomes(self, principal: Principal, reference: str) -> OutcomesView:
        """Return the referral's status and outcomes, and the choices its owner has.

        Raises:
            NotFound: not visible.
        """
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._load(session, principal, reference, "referral.outcomes")
            owner = row.inbox_id in principal.inboxes
            status = Status(row.status)
            open_ = status not in (Status.NEW, Status.CLOSED)
            return OutcomesView(
                status=status.value, status_label=status.label,
                recorded=tuple(RecordedOutcome(o.outcome, self.workflow_config.label(o.outcome) or o.outcome,
                                               o.recorded_at, o.recorded_by)
                               for o in self._recorded_outcomes(session, row.id)),
                offered=self.workflow_config.vocabulary(row.area_id) if owner else (),
                settable=tuple(s for s in Status if s.settable and s is not status) if owner and open_ else (),
                can_reopen=owner and status is Status.CLOSED,
                outcome_label=self.workflow_config.label(row.outcome),
            )

    @staticmethod
    def _recorded_outcomes(session: Session, referral_id: int) -> list[ReferralOutcome]:
        return list(session.scalars(select(ReferralOutcome).where(ReferralOutcome.referral_id == referral_id)
                                    .order_by(ReferralOutcome.id)))

    # --- status ------------------------------------------------------------------------
    def set_status(self, principal: Principal, reference: str, status: str) -> ReferralDetail:
        """Set the status to in progress or awaiting a partner.

        Raises:
            InvalidInput: not a status a SPOC sets. NotFound: not visible. AccessDenied: only a copy.
            Conflict: new (acknowledge it first), closed (reopen it first) or already that status.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.status", open_only=True)
            new = next((s for s in Status if s.settable and s.value == status), None)
            if new is None:
                raise InvalidInput(f"Choose {' or '.join(s.label.lower() for s in Status if s.settable)}.", "status")
            old = Status(row.status)
            if old is Status.NEW:
                raise Conflict("Acknowledge it first.")
            if old is new:
                raise Conflict(f"It is already {new.label.lower()}.")
            row.status = new.value
            return self._recorded(session, row, principal, now, "status", f"{old.label} to {new.label}",
                                  "referral.status", f"{old.value}->{new.value}")

    def reopen(self, principal: Principal, reference: str, reason: str | None) -> ReferralDetail:
        """Reopen a closed referral with a reason; its outcomes stay on record, and any retention review ends.

        Raises:
            InvalidInput: no reason. NotFound: not visible. AccessDenied: only a copy. Conflict: not closed.
        """
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.reopen")
            body = self._reason(reason)
            if row.status != Status.CLOSED.value:
                raise Conflict("It is not closed.")
            row.status = Status.REOPENED.value
            row.closed_at = None
            row.outcome = None
            session.execute(delete(RetentionReview).where(RetentionReview.referral_id == row.id))
            return self._recorded(session, row, principal, now, "reopened", body, "referral.reopen")

    # --- outcomes ------------------------------------------------------------------------
    def _vocabulary_of(self, row: Referral, outcome_ids: Sequence[str]) -> list[Outcome]:
        """Return the outcomes named, each once, in the order of the area's vocabulary.

        Raises:
            InvalidInput: none named, or one the referral's area does not have.
        """
        offered = {o.id: o for o in self.workflow_config.vocabulary(row.area_id)}
        wanted = [i for i in outcome_ids if isinstance(i, str) and i]
        if not wanted:
            raise InvalidInput("Choose an outcome from the list (one or more).", "outcome")
        unknown = [i for i in wanted if i not in offered]
        if unknown:
            raise InvalidInput("Choose an outcome from the list for this referral's area.", "outcome")
        return [o for o in offered.values() if o.id in wanted]

    def _close(self, session: Session, row: Referral, principal: Principal, now: datetime, outcome: Outcome,
               note: str | None) -> ReferralDetail:
        if row.acknowledged_at is None:
            row.acknowledged_at = now
        row.status = Status.CLOSED.value
        row.outcome = outcome.id
        row.closed_at = now
        feedback.note(session, row, feedback.CLOSED)
        return self._recorded(session, row, principal, now, "closed",
                              outcome.label + (f" — {note}" if note else ""), "referral.close", outcome.id)

    def _add_outcomes(self, session: Session, row: Referral, principal: Principal, now: datetime,
                      outcomes: list[Outcome]) -> list[Outcome]:
        """Store the outcomes not yet recorded since the referral was last (re)opened; return them."""
        reopened = max([e.at for e in row.events if e.action == "reopened"], default=None)
        current = {o.outcome for o in self._recorded_outcomes(session, row.id)
                   if reopened is None or o.recorded_at > reopened}
        added = [o for o in outcomes if o.id not in current]
        for outcome in added:
            session.add(ReferralOutcome(referral_id=row.id, outcome=outcome.id, recorded_at=now,
                                        recorded_by=principal.email))
        return added

    def record_outcomes(self, principal: Principal, reference: str, outcome_ids: Sequence[str],
                        note: str | None = None) -> ReferralDetail:
        """Record one or more outcomes from the area's vocabulary; one that closes the referral closes it.

        Raises:
            InvalidInput: none chosen, or one not of the area. NotFound: not visible.
            AccessDenied: only a copy. Conflict: closed (reopen it first), or all already recorded.
        """
        body = clean(note, "note", MAX_NOTE)
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.outcome", open_only=True)
            added = self._add_outcomes(session, row, principal, now, self._vocabulary_of(row, outcome_ids))
            if not added:
                raise Conflict("Those outcomes are already recorded.")
            closing = next((o for o in added if o.closes), None)
            self._recorded(session, row, principal, now, "outcome",
                           "; ".join(o.label for o in added) + (f" — {body}" if body else ""),
                           "referral.outcome", ",".join(o.id for o in added))
            if closing is None:
                return self._detail(row, principal, session)
            return self._close(session, row, principal, now, closing, None)

    def close(self, principal: Principal, reference: str, outcome: str, note: str | None = None) -> ReferralDetail:
        """Record ``outcome`` (from the area's vocabulary) and close the referral, whether or not it closes.

        Raises:
            InvalidInput: an outcome the area does not have. NotFound / AccessDenied as above.
            Conflict: already closed.
        """
        body = clean(note, "note", MAX_NOTE)
        now = self._clock()
        with self._db.session(commit_on=REFUSALS) as session:
            row = self._owned(session, principal, reference, "referral.close")
            if row.status == Status.CLOSED.value:
                raise Conflict("Already closed.")
            chosen = self._vocabulary_of(row, [outcome])[0]
            self._add_outcomes(session, row, principal, now, [chosen])
            return self._close(session, row, principal, now, chosen, body)
