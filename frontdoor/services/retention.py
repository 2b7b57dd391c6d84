"""Retention: delete what is past its keeping period, and say how much.

:meth:`RetentionService.purge` deletes

- **closed referrals** past their retention period, with every row that refers to them (people, timeline and notes, info-only
  copies, alert deliveries and any other table with a foreign key to the
  referral), the inbound SMS messages carrying their reference, and the queued
  jobs whose payload names them;
- **SMS messages** handled without becoming part of a referral, once their
  conversation is older than the tracker retention period;
- **SMS conversation records** (sender pseudonyms) once their conversation
  has expired and no code lockout is running; a sender who texted STOP keeps
  the opt-out for the referral retention period after their last message;
- **staff sessions** that ended (or went idle) more than 30 days ago;
- **Rasa conversation trackers** whose last event is older than
  ``RASA_TRACKER_RETENTION_DAYS``: every event of such a ``sender_id`` in the
  tracker store's ``events`` table (plain SQL; Rasa need not run).

The audit log is append-only and holds references and actions, never
content, so it is not purged. Each purge appends one audit entry with the
counts. ``dry_run`` counts without deleting or auditing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from typing import cast as type_cast

from sqlalchemy import Column, Table, Text, and_, cast, column, create_engine, delete, func, inspect, or_, select, table
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import FromClause

from frontdoor.errors import Unavailable
from frontdoor.model import Status
from frontdoor.services import audit
from frontdoor.services.retention_review import FURTHER_WORK, RetentionReviews, ReviewNeeded, further_work
from frontdoor.store.db import Database, rowcount
from frontdoor.store.models import Base, InboundMessage, Job, Referral, SmsConversation, StaffSession
from frontdoor.store.workflow import KEPT, PENDING, RELEASED, ReferralOutcome, RetentionReview
from frontdoor.workflow_config import WorkflowConfig

if TYPE_CHECKING:  # pragma: no cover
    from frontdoor.config import Settings

log = logging.getLogger(__name__)

#: A closed referral the purge considers: id, reference, closed_at.
_Closed = Row[int, str, datetime | None]

#: Name of the count of Rasa tracker events in a purge's result.
TRACKER_EVENTS = "tracker_events"


@dataclass(frozen=True)
class RetentionPolicy:
    """How long each kind of record is kept."""

    #: After a referral is closed (for outcomes without a period of their own).
    referrals: timedelta = timedelta(days=365)
    #: After a Rasa conversation's last event (also SMS messages outside any referral).
    trackers: timedelta = timedelta(days=1)
    #: After a staff session ended or was last used.
    staff_sessions: timedelta = timedelta(days=30)
    #: After an SMS conversation's last message (its expiry; at least the code lockout).
    sms_conversations: timedelta = timedelta(hours=1)
    #: Rows handled per transaction.
    batch: int = 500
    #: The partnership's outcomes with their periods, and whether further work is reviewed (None: neither).
    workflow: WorkflowConfig | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        """Return the policy configured in ``settings`` (with its workflow file).

        Raises:
            ConfigurationError: the workflow file is invalid.
        """
        return cls(
            workflow=WorkflowConfig.load(settings.workflow),
            referrals=timedelta(days=settings.retention_days),
            trackers=timedelta(days=settings.tracker_retention_days),
            sms_conversations=max(timedelta(minutes=settings.sms_conversation_minutes), timedelta(hours=1)),
        )


class RetentionService(RetentionReviews):
    """Deletes records past their retention period (see the module docstring); keeps the review list."""

    def __init__(self, db: Database, clock: Callable[[], datetime], policy: RetentionPolicy | None = None,
                 *, tracker_url: str | None = None, jobs: Any = None,
                 checks: tuple[ReviewNeeded, ...] = FURTHER_WORK) -> None:
        self._db = db
        self._checks = checks
        #: The job queue when it is Redis (:class:`frontdoor.adapters.redis_queue.RedisQueue`): its jobs about purged
        #: referrals are deleted too (the database queue's are deleted with the referrals).
        self._redis_jobs = jobs if hasattr(jobs, "forget") else None
        self._clock = clock
        self.policy = policy or RetentionPolicy()
        self.tracker_url = tracker_url

    def _review_workflow(self) -> WorkflowConfig:
        return self.policy.workflow or WorkflowConfig.load()

    # --- the purge ----------------------------------------------------------------
    def purge(self, now: datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
        """Delete (or with ``dry_run`` only count) everything past retention at ``now``.

        Returns the number of rows per table (``tracker_events`` for Rasa's
        store), every table listed even when nothing was due.

        Raises:
            Unavailable: the database or the tracker store cannot be reached.
        """
        now = now or self._clock()
        counts: dict[str, int] = dict.fromkeys(self._referral_tables(), 0)
        counts.update({InboundMessage.__tablename__: 0, Job.__tablename__: 0,
                       SmsConversation.__tablename__: 0, StaffSession.__tablename__: 0, TRACKER_EVENTS: 0})
        failed = True
        try:
            try:
                self._purge_referrals(now, counts, dry_run)
                batch = dict.fromkeys(counts, 0)
                with self._db.session() as session:
                    self._purge_loose_messages(session, now - self.policy.trackers, batch, dry_run)
                    self._purge_conversations(session, now, batch, dry_run)
                    self._purge_sessions(session, now - self.policy.staff_sessions, batch, dry_run)
                _add(counts, batch)  # only once committed
            except (OperationalError, DBAPIError) as exc:
                raise Unavailable("The database is unavailable; please try again.") from exc
            counts[TRACKER_EVENTS] = self._purge_trackers(now - self.policy.trackers, dry_run)
            failed = False
        finally:
            # One entry per purge, also for a purge cut short (what was deleted until then).
            if not dry_run and (not failed or any(counts.values())):
                detail = " ".join(f"{name}={count}" for name, count in counts.items() if count) or "nothing"
                with self._db.session() as session:
                    audit.record(session, at=now, actor="system:retention", action="retention.purge",
                                 detail=(detail + (" (incomplete)" if failed else ""))[:255])
        return counts

    # --- closed referrals and everything about them ---------------------------------
    @staticmethod
    def _dependants() -> list[tuple[Table, Column[Any]]]:
        """Return every (table, column) holding a foreign key to ``referrals.id``."""
        found = []
        for candidate in Base.metadata.sorted_tables:
            for key in candidate.foreign_keys:
                if key.column.table is Referral.__table__ and candidate is not Referral.__table__:
                    found.append((candidate, key.parent))
        return found

    def _referral_tables(self) -> list[str]:
        return [Referral.__tablename__] + [t.name for t, _ in self._dependants()]

    def _purge_referrals(self, now: datetime, counts: dict[str, int], dry_run: bool) -> None:
        workflow = self.policy.workflow
        cutoff = now - (workflow.shortest_retention(self.policy.referrals) if workflow else self.policy.referrals)
        last_id = 0
        while True:
            with self._db.session() as session:
                closed = session.execute(
                    select(Referral.id, Referral.reference, Referral.closed_at)
                    .where(Referral.status == Status.CLOSED.value, Referral.closed_at.is_not(None),
                           Referral.closed_at < cutoff, Referral.id > last_id)
                    .order_by(Referral.id).limit(self.policy.batch)
                ).all()
                if not closed:
                    return
                last_id = closed[-1].id
                due = self._doomed(session, now, closed, dry_run)
                if not due:
                    continue
                ids = [row.id for row in due]
                references = [row.reference for row in due]
                batch = dict.fromkeys(counts, 0)
                for dependant, key in reversed(self._dependants()):
                    batch[dependant.name] += self._delete(session, dependant, key.in_(ids), dry_run)
                batch[InboundMessage.__tablename__] += self._delete(
                    session, InboundMessage.__table__, InboundMessage.reference.in_(references), dry_run)
                batch[Job.__tablename__] += self._purge_jobs(session, set(ids), set(references), dry_run)
                if self._redis_jobs is not None:
                    wanted_ids, wanted_refs = set(ids), set(references)
                    batch[Job.__tablename__] += self._redis_jobs.forget(
                        lambda payload, ids=wanted_ids, refs=wanted_refs: _names(payload, ids, refs), dry_run=dry_run)
                batch[Referral.__tablename__] += self._delete(
                    session, Referral.__table__, Referral.id.in_(ids), dry_run)
            _add(counts, batch)  # only once committed

    def _doomed(self, session: Session, now: datetime, closed: Sequence[_Closed], dry_run: bool) -> list[_Closed]:
        """Return the closed referrals (id, reference, closed_at) to delete now; put those needing review on the list.

        Without a workflow every one is due. With one, a referral is due once its period
        has passed and, when it had further work, a person has let it go.
        """
        workflow = self.policy.workflow
        if workflow is None:
            return list(closed)
        ids = [row.id for row in closed]
        outcomes: dict[int, list[str]] = {}
        for referral_id, outcome in session.execute(
                select(ReferralOutcome.referral_id, ReferralOutcome.outcome)
                .where(ReferralOutcome.referral_id.in_(ids))):
            outcomes.setdefault(referral_id, []).append(outcome)
        reviews = {r.referral_id: r for r in session.scalars(
            select(RetentionReview).where(RetentionReview.referral_id.in_(ids)))}
        doomed = []
        for row in closed:
            if row.closed_at + workflow.retention(outcomes.get(row.id, []), self.policy.referrals) > now:
                continue
            review = reviews.get(row.id)
            if review is None:
                if not (workflow.review and further_work(session, row.id, workflow, self._checks)):
                    doomed.append(row)
                elif not dry_run:
                    session.add(RetentionReview(referral_id=row.id, state=PENDING, due_at=now))
                    audit.record(session, at=now, actor="system:retention", action="retention.review_due",
                                 reference=row.reference)
            elif review.state == RELEASED:
                doomed.append(row)
            elif review.state == KEPT and review.keep_until is not None and review.keep_until <= now and not dry_run:
                review.state, review.due_at = PENDING, now
                audit.record(session, at=now, actor="system:retention", action="retention.review_due",
                             reference=row.reference, detail="kept until then")
        return doomed

    @staticmethod
    def _delete(session: Session, target: Table | FromClause, where: Any, dry_run: bool) -> int:
        if dry_run:
            return int(session.scalar(select(func.count()).select_from(target).where(where)) or 0)
        return rowcount(session.execute(delete(type_cast(Table, target)).where(where)))

    def _purge_jobs(self, session: Session, ids: set[int], references: set[str], dry_run: bool) -> int:
        """Delete the jobs whose payload names one of the referrals (by reference or id)."""
        text = cast(Job.payload, Text)
        rows = session.execute(
            select(Job.id, Job.payload).where(or_(*(text.contains(ref) for ref in references),
                                                  text.contains("referral"))))
        doomed = [row.id for row in rows if _names(row.payload, ids, references)]
        if not doomed:
            return 0
        return self._delete(session, Job.__table__, Job.id.in_(doomed), dry_run)

    # --- the SMS channel and staff sessions -------------------------------------------
    def _purge_loose_messages(self, session: Session, cutoff: datetime, counts: dict[str, int],
                              dry_run: bool) -> None:
        """Handled messages that belong to no referral (keywords, conversation turns)."""
        counts[InboundMessage.__tablename__] += self._delete(
            session, InboundMessage.__table__,
            and_(InboundMessage.reference.is_(None), InboundMessage.status != "received",
                 InboundMessage.received_at < cutoff),
            dry_run)

    def _purge_conversations(self, session: Session, now: datetime, counts: dict[str, int],
                             dry_run: bool) -> None:
        expired = now - self.policy.sms_conversations
        opt_out_kept = now - self.policy.referrals
        counts[SmsConversation.__tablename__] += self._delete(
            session, SmsConversation.__table__,
            and_(SmsConversation.last_message_at < expired,
                 or_(SmsConversation.code_locked_until.is_(None), SmsConversation.code_locked_until < now),
                 or_(SmsConversation.opted_out.is_(False), SmsConversation.last_message_at < opt_out_kept)),
            dry_run)

    def _purge_sessions(self, session: Session, cutoff: datetime, counts: dict[str, int], dry_run: bool) -> None:
        counts[StaffSession.__tablename__] += self._delete(
            session, StaffSession.__table__,
            or_(StaffSession.ended_at < cutoff,
                and_(StaffSession.ended_at.is_(None), StaffSession.last_seen_at < cutoff)),
            dry_run)

    # --- Rasa's tracker store -----------------------------------------------------------
    def _purge_trackers(self, cutoff: datetime, dry_run: bool) -> int:
        """Delete every event of the conversations whose last event is before ``cutoff``.

        Returns the number of events deleted (or due, with ``dry_run``).

        Raises:
            Unavailable: the tracker store cannot be reached.
        """
        url = self.tracker_url
        if not url:
            return 0
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if not path or path == ":memory:" or not Path(path).exists():
                return 0  # Rasa has not made its store yet: nothing to purge, and nothing to create
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                if not inspect(connection).has_table("events"):
                    return 0
                return _purge_tracker_events(connection, cutoff.timestamp(), self.policy.batch, dry_run)
        except (OperationalError, DBAPIError) as exc:
            raise Unavailable(f"Rasa's tracker store is unavailable: {exc.__class__.__name__}") from exc
        finally:
            engine.dispose()


def _purge_tracker_events(connection: Connection, cutoff: float, batch: int, dry_run: bool) -> int:
    events = table("events", column("sender_id"), column("timestamp"))
    stale = (select(events.c.sender_id).group_by(events.c.sender_id)
             .having(func.max(events.c.timestamp) < cutoff))
    if dry_run:
        return int(connection.scalar(
            select(func.count()).select_from(events).where(events.c.sender_id.in_(stale))) or 0)
    senders = [row[0] for row in connection.execute(stale)]
    deleted = 0
    for start in range(0, len(senders), batch):
        chunk = senders[start:start + batch]
        result = connection.execute(delete(events).where(events.c.sender_id.in_(chunk)))
        deleted += rowcount(result)
    return deleted


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for name, count in more.items():
        counts[name] += count


def _names(payload: Any, ids: set[int], references: set[str]) -> bool:
    """Return whether a job payload names one of the referrals."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in ("referral_id", "referral") and isinstance(value, int) and value in ids:
                return True
            if _names(value, ids, references):
                return True
        return False
    if isinstance(payload, (list, tuple)):
        return any(_names(item, ids, references) for item in payload)
    return isinstance(payload, str) and payload in references
