"""The database job queue: :class:`frontdoor.ports.JobQueue` in the ``jobs`` table (the default)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from frontdoor.adapters.queueing import MAX_ERROR, RetryPolicy, checked_job
from frontdoor.ports import DONE, FAILED, QUEUED, RUNNING, QueuedJob
from frontdoor.store.db import Database, rowcount
from frontdoor.store.models import Job as JobRow


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class DatabaseQueue:
    """:class:`JobQueue` in the database's ``jobs`` table (SQLite or PostgreSQL).

    A job is claimed by ``UPDATE jobs SET status='running' … WHERE id=? AND
    status=? AND attempts=?``: of two workers racing for it, exactly one sees a
    row count of 1 (PostgreSQL re-checks the condition after the winner
    commits; SQLite has one writer). A running job whose lease (``run_at``
    while running) has passed is claimable again.
    """

    def __init__(self, db: Database, clock: Callable[[], datetime],
                 retry: RetryPolicy | None = None) -> None:
        self._db = db
        self._clock = clock
        self.retry = retry or RetryPolicy()

    def _view(self, row: JobRow) -> QueuedJob:
        return QueuedJob(id=str(row.id), kind=row.kind, payload=dict(row.payload or {}),
                         attempts=row.attempts, status=row.status, dedupe_key=row.dedupe_key,
                         last_error=row.last_error, run_at=_utc(row.run_at))

    def enqueue(self, kind: str, payload: Mapping[str, Any] | None = None, *,
                dedupe_key: str | None = None, run_at: datetime | None = None) -> bool:
        """See :meth:`JobQueue.enqueue`."""
        data, _text = checked_job(kind, payload, dedupe_key)
        now = self._clock()
        if dedupe_key is not None and self.find(dedupe_key) is not None:
            return False
        try:
            with self._db.session() as session:
                session.add(JobRow(kind=kind, payload=data, dedupe_key=dedupe_key, status=QUEUED,
                                   run_at=run_at or now, attempts=0, created_at=now))
        except IntegrityError:
            if dedupe_key is None:  # pragma: no cover - only the dedupe key is unique
                raise
            return False  # another process enqueued the same key meanwhile
        return True

    def claim(self, limit: int = 10) -> list[QueuedJob]:
        """See :meth:`JobQueue.claim`."""
        now = self._clock()
        due = (
            ((JobRow.status == QUEUED) | (JobRow.status == RUNNING)) & (JobRow.run_at <= now)
        )
        with self._db.session() as session:
            candidates = session.execute(
                select(JobRow.id, JobRow.status, JobRow.attempts).where(due)
                .order_by(JobRow.run_at, JobRow.id).limit(max(1, limit) * 2)
            ).all()
        claimed: list[QueuedJob] = []
        lease_until = now + self.retry.lease
        for job_id, status, attempts in candidates:
            if len(claimed) >= limit:
                break
            with self._db.session() as session:
                result = session.execute(
                    update(JobRow)
                    .where(JobRow.id == job_id, JobRow.status == status, JobRow.attempts == attempts)
                    .values(status=RUNNING, attempts=attempts + 1, run_at=lease_until)
                    .execution_options(synchronize_session=False)
                )
                if rowcount(result) != 1:
                    continue  # another worker took it first
                row = session.get(JobRow, job_id)
                assert row is not None
                claimed.append(self._view(row))
        return claimed

    def complete(self, job: QueuedJob) -> None:
        """See :meth:`JobQueue.complete`."""
        with self._db.session() as session:
            session.execute(
                update(JobRow).where(JobRow.id == int(job.id), JobRow.status == RUNNING,
                                     JobRow.attempts == job.attempts)
                .values(status=DONE, finished_at=self._clock())
                .execution_options(synchronize_session=False)
            )

    def fail(self, job: QueuedJob, error: str) -> str:
        """See :meth:`JobQueue.fail`."""
        status, when = self.retry.after_failure(job.attempts, self._clock())
        values: dict[str, Any] = {"status": status, "last_error": error[:MAX_ERROR],
                                  "finished_at" if status == FAILED else "run_at": when}
        with self._db.session() as session:
            session.execute(
                update(JobRow).where(JobRow.id == int(job.id), JobRow.status == RUNNING,
                                     JobRow.attempts == job.attempts)
                .values(**values).execution_options(synchronize_session=False)
            )
        return str(values["status"])

    def get(self, job_id: str) -> QueuedJob | None:
        """See :meth:`JobQueue.get`."""
        try:
            key = int(job_id)
        except ValueError:
            return None
        with self._db.session() as session:
            row = session.get(JobRow, key)
            return self._view(row) if row else None

    def find(self, dedupe_key: str) -> QueuedJob | None:
        """See :meth:`JobQueue.find`."""
        with self._db.session() as session:
            row = session.scalar(select(JobRow).where(JobRow.dedupe_key == dedupe_key))
            return self._view(row) if row else None

    def purge(self, keep: timedelta = timedelta(days=30)) -> int:
        """Delete jobs that finished (done or failed) more than ``keep`` ago; return how many.

        Raises:
            Unavailable: the database is down.
        """
        cutoff = self._clock() - keep
        with self._db.session() as session:
            result = session.execute(
                delete(JobRow).where(JobRow.status.in_((DONE, FAILED)), JobRow.finished_at < cutoff)
                .execution_options(synchronize_session=False)
            )
            return rowcount(result)

    def counts(self) -> dict[str, int]:
        """See :meth:`JobQueue.counts`."""
        with self._db.session() as session:
            rows = session.execute(select(JobRow.status, func.count()).group_by(JobRow.status)).all()
        found = {status: int(n) for status, n in rows}
        return {status: found.get(status, 0) for status in (QUEUED, RUNNING, DONE, FAILED)}
