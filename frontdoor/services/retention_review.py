"""Retention by review: a closed referral that had further work is not deleted unseen.

When such a referral reaches the end of its retention period (the longest period
of its outcomes, from the partnership's workflow file), the purge puts it on the
review list instead of deleting it. An administrator keeps it, with a reason and
a new date (when it comes up again), or lets it be deleted (the next purge
deletes it). Early concerns closed with no further action and nothing else done
are deleted without review.

"Had further work" is :data:`FURTHER_WORK`: checks that each take the session and
a referral id and return what was done (for the review list) or None: notes and
questions, copies a person sent, outcomes other than no further action, agreed
actions and confirmed links to related referrals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from frontdoor.errors import AccessDenied, Conflict, InvalidInput, NotFound
from frontdoor.services import audit
from frontdoor.store.casework import CaseAction
from frontdoor.store.db import Database
from frontdoor.store.models import Referral, ReferralEvent
from frontdoor.store.related import CONFIRMED, RelatedLink
from frontdoor.store.workflow import KEPT, PENDING, RELEASED, ReferralOutcome, RetentionReview
from frontdoor.views import Principal
from frontdoor.workflow_config import WorkflowConfig

#: What a check of further work is: (session, referral id, workflow) → what was done, or None.
ReviewNeeded = Callable[[Session, int, WorkflowConfig], "str | None"]

_MAX_REASON = 500


def _count_events(session: Session, referral_id: int, actions: tuple[str, ...]) -> int:
    return int(session.scalar(select(func.count()).select_from(ReferralEvent).where(
        ReferralEvent.referral_id == referral_id, ReferralEvent.action.in_(actions))) or 0)


def notes_and_questions(session: Session, referral_id: int, workflow: WorkflowConfig) -> str | None:
    """Return "N notes or questions" when people wrote on the referral's timeline."""
    count = _count_events(session, referral_id, ("note", "question", "reporter_reply"))
    return f"{count} notes or questions" if count else None


def copies_sent(session: Session, referral_id: int, workflow: WorkflowConfig) -> str | None:
    """Return "N info-only copies sent" when a person sent copies (routing's own copies do not count)."""
    count = _count_events(session, referral_id, ("copied",))
    return f"{count} info-only copies sent" if count else None


def further_outcomes(session: Session, referral_id: int, workflow: WorkflowConfig) -> str | None:
    """Return the outcomes other than no further action, when any was recorded."""
    ids = session.scalars(select(ReferralOutcome.outcome).where(ReferralOutcome.referral_id == referral_id))
    further = sorted({i for i in ids if (o := workflow.outcomes.get(i)) is None or o.further_action})
    return "outcomes: " + ", ".join(workflow.label(i) or i for i in further) if further else None


def actions_agreed(session: Session, referral_id: int, workflow: WorkflowConfig) -> str | None:
    """Return "N actions" when actions were agreed on the referral (done or not)."""
    count = int(session.scalar(select(func.count()).select_from(CaseAction)
                               .where(CaseAction.referral_id == referral_id)) or 0)
    return f"{count} actions" if count else None


def links_confirmed(session: Session, referral_id: int, workflow: WorkflowConfig) -> str | None:
    """Return "N related referrals linked" when a person confirmed links to other referrals."""
    count = int(session.scalar(select(func.count()).select_from(RelatedLink).where(
        RelatedLink.state == CONFIRMED,
        or_(RelatedLink.first_id == referral_id, RelatedLink.second_id == referral_id))) or 0)
    return f"{count} related referrals linked" if count else None


#: The checks of further work.
FURTHER_WORK: tuple[ReviewNeeded, ...] = (notes_and_questions, copies_sent, further_outcomes, actions_agreed,
                                          links_confirmed)


def further_work(session: Session, referral_id: int, workflow: WorkflowConfig,
                 checks: Sequence[ReviewNeeded] = FURTHER_WORK) -> tuple[str, ...]:
    """Return what further work the referral had (empty: none, so it needs no review)."""
    return tuple(found for check in checks if (found := check(session, referral_id, workflow)))


@dataclass(frozen=True)
class ReviewItem:
    """A closed referral on the review list: no content, only what a decision needs."""

    reference: str
    area_id: str | None
    inbox_id: str
    closed_at: datetime | None
    due_at: datetime
    state: str
    further_work: tuple[str, ...]
    keep_until: datetime | None = None
    reason: str | None = None
    decided_by: str | None = None


class RetentionReviews:
    """The review list, for administrators (mixed into the retention service)."""

    _db: Database
    _clock: Callable[[], datetime]
    _checks: tuple[ReviewNeeded, ...] = FURTHER_WORK

    def _review_workflow(self) -> WorkflowConfig:
        """Return the workflow whose outcomes the list describes."""
        raise NotImplementedError

    @staticmethod
    def _admin(principal: Principal, session: Session, now: datetime, action: str) -> None:
        if not principal.is_admin:
            audit.record(session, at=now, actor=principal.email, action=f"{action}.denied")
            raise AccessDenied("Only administrators review what is kept.")

    def reviews(self, principal: Principal, *, kept: bool = False) -> list[ReviewItem]:
        """Return the referrals waiting for review (with ``kept``, also those kept), longest waiting first.

        Raises:
            AccessDenied: not an administrator.
        """
        now = self._clock()
        states = (PENDING, KEPT, RELEASED) if kept else (PENDING,)
        with self._db.session(commit_on=(AccessDenied,)) as session:
            self._admin(principal, session, now, "retention.reviews")
            rows = session.execute(
                select(RetentionReview, Referral).join(Referral, Referral.id == RetentionReview.referral_id)
                .where(RetentionReview.state.in_(states)).order_by(RetentionReview.due_at, Referral.id)).all()
            workflow = self._review_workflow()
            return [ReviewItem(reference=ref.reference, area_id=ref.area_id, inbox_id=ref.inbox_id,
                               closed_at=ref.closed_at, due_at=review.due_at, state=review.state,
                               further_work=further_work(session, ref.id, workflow, self._checks),
                               keep_until=review.keep_until, reason=review.reason, decided_by=review.decided_by)
                    for review, ref in rows]

    def _review(self, session: Session, reference: str) -> RetentionReview:
        review = session.scalar(select(RetentionReview).join(Referral, Referral.id == RetentionReview.referral_id)
                                .where(Referral.reference == reference.strip().upper()))
        if review is None:
            raise NotFound("That referral is not on the review list.")
        return review

    def keep(self, principal: Principal, reference: str, reason: str | None, until: datetime) -> ReviewItem:
        """Keep a referral on the review list until ``until``, with a reason (audited); it comes up again then.

        Raises:
            AccessDenied: not an administrator. InvalidInput: no reason, or a date not in the future.
            NotFound: not on the list.
        """
        text = (reason or "").strip()
        if not text or len(text) > _MAX_REASON:
            raise InvalidInput(f"Give a reason for keeping it (up to {_MAX_REASON} characters).", "reason")
        now = self._clock()
        if until.tzinfo is None or until <= now:
            raise InvalidInput("Choose a date in the future for its next review.", "until")
        with self._db.session(commit_on=(AccessDenied,)) as session:
            self._admin(principal, session, now, "retention.keep")
            review = self._review(session, reference)
            review.state, review.keep_until, review.reason = KEPT, until, text
            review.decided_by, review.decided_at = principal.email, now
            audit.record(session, at=now, actor=principal.email, action="retention.keep",
                         reference=reference.strip().upper(), detail=f"until={until.date().isoformat()}")
        return next(i for i in self.reviews(principal, kept=True) if i.reference == reference.strip().upper())

    def release(self, principal: Principal, reference: str) -> None:
        """Let a referral on the review list be deleted by the next purge (audited).

        Raises:
            AccessDenied: not an administrator. NotFound: not on the list. Conflict: already let go.
        """
        now = self._clock()
        with self._db.session(commit_on=(AccessDenied,)) as session:
            self._admin(principal, session, now, "retention.release")
            review = self._review(session, reference)
            if review.state == RELEASED:
                raise Conflict("It is already to be deleted.")
            review.state, review.keep_until, review.reason = RELEASED, None, None
            review.decided_by, review.decided_at = principal.email, now
            audit.record(session, at=now, actor=principal.email, action="retention.release",
                         reference=reference.strip().upper())
