"""Background work: periodic jobs, a queue of one-off jobs, and the worker loop.

Two kinds of work:

- **Periodic jobs** (:class:`Job`, :class:`Scheduler`): run every ``every``
  seconds in the worker's process (retrying unhandled SMS, sweeping for red
  referrals to alert). A failing job is logged and tried again next time,
  never stopping the others.
- **Queued jobs** through the :class:`JobQueue` port: ``enqueue(kind, payload)``
  now, run later by whichever worker claims it first. A ``dedupe_key`` makes
  enqueuing idempotent (same key, same job, even after it has run). A job that
  raises is retried with exponential backoff and marked ``failed``, with its
  last error kept, after :attr:`RetryPolicy.max_attempts` attempts. A claimed
  job holds a lease; if its worker dies, the job is claimed again when the
  lease runs out.

Two queue implementations: :class:`DatabaseQueue` (the default; the ``jobs``
table, claimed with a conditional UPDATE whose row count tells the winner, so
two workers never run the same job) and :class:`RedisQueue` (when
``REDIS_URL`` is set; a sorted set of due job ids by run time, a hash per job,
claimed atomically by a server-side script). :func:`build_queue` picks one from
the settings.

:class:`Worker` runs the periodic jobs and the due queued jobs through the
handlers registered for their kinds. ``python -m outbound.worker`` runs it with
the SMS adapter plugged in; tests call :meth:`Worker.run_once` with a fake clock.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from frontdoor.errors import ConfigurationError, InvalidInput, Unavailable
from frontdoor.store.db import Database, rowcount
from frontdoor.store.models import Job as JobRow

if TYPE_CHECKING:  # pragma: no cover
    from frontdoor.config import Settings
    from frontdoor.services import Core

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every: float
    run: Callable[[], object]
    last_started: float | None = field(default=None)

    def due(self, now: float) -> bool:
        return self.last_started is None or now - self.last_started >= self.every


class Scheduler:
    def __init__(self, jobs: list[Job], monotonic: Callable[[], float] = time.monotonic) -> None:
        self.jobs = jobs
        self._monotonic = monotonic

    def run_due(self) -> dict[str, object]:
        """Run every job that is due; return each one's result (or the error it raised)."""
        results: dict[str, object] = {}
        for job in self.jobs:
            now = self._monotonic()
            if not job.due(now):
                continue
            job.last_started = now
            try:
                results[job.name] = job.run()
            except Exception as exc:
                log.exception("job %s failed", job.name)
                results[job.name] = exc
        return results

    def run_forever(self, stop: threading.Event, tick: float = 1.0) -> None:
        """Run due jobs until ``stop`` is set."""
        while not stop.is_set():
            self.run_due()
            stop.wait(tick)


# --- queued jobs ------------------------------------------------------------------
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: Longest error text kept with a job.
MAX_ERROR = 2000


@dataclass(frozen=True)
class QueuedJob:
    """One queued job as a worker or an inspector sees it.

    ``attempts`` counts the attempts started so far, including the one a worker
    is running now; ``id`` is the queue's own identifier, as text.
    """

    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    status: str
    dedupe_key: str | None = None
    last_error: str | None = None
    run_at: datetime | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failing job is tried again."""

    max_attempts: int = 5
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    #: How long a claimed job belongs to its worker before another may claim it again.
    lease: timedelta = timedelta(minutes=10)

    def delay(self, attempts: int) -> timedelta:
        """Return the wait before the next attempt after ``attempts`` failed ones (doubling)."""
        delay: timedelta = self.base_delay * (2 ** max(0, attempts - 1))
        return min(delay, self.max_delay)


class JobQueue(Protocol):
    """A queue of one-off jobs shared by every worker."""

    def enqueue(self, kind: str, payload: Mapping[str, Any] | None = None, *,
                dedupe_key: str | None = None, run_at: datetime | None = None) -> bool:
        """Add a job to run at ``run_at`` (now when None).

        Returns:
            True if queued; False if a job with ``dedupe_key`` already exists
            (queued, running or finished), in which case nothing changes.

        Raises:
            InvalidInput: the kind, payload or key cannot be stored.
            Unavailable: the queue's store is down.
        """
        ...

    def claim(self, limit: int = 10) -> list[QueuedJob]:
        """Take up to ``limit`` due jobs for this worker alone, counting an attempt on each.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def complete(self, job: QueuedJob) -> None:
        """Mark a claimed job done.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def fail(self, job: QueuedJob, error: str) -> str:
        """Record that a claimed job's attempt failed with ``error``.

        Returns:
            ``"queued"`` when it will be retried (after a backoff), ``"failed"``
            when it has used up its attempts.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def get(self, job_id: str) -> QueuedJob | None:
        """Return the job ``job_id`` in its current state, or None if unknown.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def find(self, dedupe_key: str) -> QueuedJob | None:
        """Return the job enqueued with ``dedupe_key``, or None.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...

    def counts(self) -> dict[str, int]:
        """Return how many jobs are queued, running, done and failed.

        Raises:
            Unavailable: the queue's store is down.
        """
        ...


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _checked(kind: str, payload: Mapping[str, Any] | None, dedupe_key: str | None) -> tuple[dict[str, Any], str]:
    """Return the payload as a dict and its JSON text, or raise InvalidInput."""
    if not kind or len(kind) > 40:
        raise InvalidInput("a job kind is 1 to 40 characters", "kind")
    if dedupe_key is not None and not 0 < len(dedupe_key) <= 128:
        raise InvalidInput("a dedupe key is 1 to 128 characters", "dedupe_key")
    data = dict(payload or {})
    try:
        text = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"a job payload must be JSON: {exc}", "payload") from exc
    return data, text


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
        data, _text = _checked(kind, payload, dedupe_key)
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
        now = self._clock()
        if job.attempts >= self.retry.max_attempts:
            values: dict[str, Any] = {"status": FAILED, "finished_at": now}
        else:
            values = {"status": QUEUED, "run_at": now + self.retry.delay(job.attempts)}
        values["last_error"] = error[:MAX_ERROR]
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


# Enqueue atomically: refuse a known dedupe key, else allocate an id, store the job, schedule it.
_ENQUEUE = """
local p = ARGV[1]
local key = ARGV[2]
if key ~= '' and redis.call('EXISTS', p .. 'dedupe:' .. key) == 1 then return 0 end
local id = redis.call('INCR', p .. 'seq')
if key ~= '' then redis.call('SET', p .. 'dedupe:' .. key, id, 'EX', tonumber(ARGV[7])) end
redis.call('HSET', p .. 'job:' .. id, 'kind', ARGV[3], 'payload', ARGV[4], 'attempts', 0,
           'status', 'queued', 'dedupe_key', key, 'created_at', ARGV[6])
redis.call('ZADD', p .. 'due', tonumber(ARGV[5]), id)
return id
"""

# Claim atomically: put expired leases back, then move due ids to 'running' with a lease.
_CLAIM = """
local p = ARGV[1]
local now = tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', p .. 'running', '-inf', now)
for _, id in ipairs(expired) do
  redis.call('ZREM', p .. 'running', id)
  redis.call('ZADD', p .. 'due', now, id)
  redis.call('HSET', p .. 'job:' .. id, 'status', 'queued')
end
local ids = redis.call('ZRANGEBYSCORE', p .. 'due', '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
for _, id in ipairs(ids) do
  redis.call('ZREM', p .. 'due', id)
  redis.call('ZADD', p .. 'running', tonumber(ARGV[3]), id)
  redis.call('HINCRBY', p .. 'job:' .. id, 'attempts', 1)
  redis.call('HSET', p .. 'job:' .. id, 'status', 'running')
end
return ids
"""

# Finish one attempt, only if this worker still holds the job (ARGV[3] = attempts it claimed with).
_FINISH = """
local p = ARGV[1]
local id = ARGV[2]
local job = p .. 'job:' .. id
if redis.call('HGET', job, 'status') ~= 'running' or redis.call('HGET', job, 'attempts') ~= ARGV[3] then
  return 0
end
redis.call('ZREM', p .. 'running', id)
local status = ARGV[4]
redis.call('HSET', job, 'status', status)
if ARGV[5] ~= '' then redis.call('HSET', job, 'last_error', ARGV[5]) end
if status == 'queued' then
  redis.call('ZADD', p .. 'due', tonumber(ARGV[6]), id)
else
  redis.call('HSET', job, 'finished_at', ARGV[6])
  redis.call('ZADD', p .. status, tonumber(ARGV[6]), id)
  redis.call('EXPIRE', job, tonumber(ARGV[7]))
end
return 1
"""


class RedisQueue:
    """:class:`JobQueue` on Redis (``REDIS_URL``).

    Keys under ``prefix``: ``due`` (sorted set of job ids by run time),
    ``running`` (sorted set by lease expiry), ``done`` and ``failed`` (sorted
    sets by finish time), ``job:<id>`` (a hash: kind, payload, attempts,
    status, last_error), ``dedupe:<key>`` (the id enqueued with that key, kept
    for ``keep``), ``seq`` (the last id). Enqueue, claim and finish are
    server-side scripts, so each is atomic: two workers never claim one job.
    Finished jobs' hashes expire after ``keep``.
    """

    def __init__(self, client: Any, clock: Callable[[], datetime], retry: RetryPolicy | None = None,
                 *, prefix: str = "frontdoor:jobs:", keep: timedelta = timedelta(days=30)) -> None:
        self._redis = client
        self._clock = clock
        self.retry = retry or RetryPolicy()
        self._prefix = prefix
        self._keep_s = max(1, int(keep.total_seconds()))
        self._enqueue = client.register_script(_ENQUEUE)
        self._claim = client.register_script(_CLAIM)
        self._finish = client.register_script(_FINISH)

    @classmethod
    def from_url(cls, url: str, clock: Callable[[], datetime], retry: RetryPolicy | None = None,
                 **kwargs: Any) -> RedisQueue:
        """Connect to the Redis server at ``url`` (nothing is sent until first used).

        Raises:
            ConfigurationError: the redis package is missing or the URL is malformed.
        """
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ConfigurationError("REDIS_URL is set but the redis package is not installed") from exc
        try:
            # Short timeouts: enqueueing happens while a reporter waits for their reference.
            client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5,
                                          socket_connect_timeout=2, health_check_interval=30)
        except ValueError as exc:
            raise ConfigurationError(f"REDIS_URL is not a Redis URL: {exc}") from exc
        return cls(client, clock, retry, **kwargs)

    def _call(self, script: Any, args: list[Any]) -> Any:
        from redis.exceptions import RedisError

        try:
            return script(keys=[], args=args)
        except RedisError as exc:
            raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc

    def _read(self, job_id: str) -> QueuedJob | None:
        from redis.exceptions import RedisError

        try:
            data = self._redis.hgetall(self._prefix + "job:" + job_id)
            score = None
            if data.get("status") in (QUEUED, RUNNING):
                score = self._redis.zscore(self._prefix + ("due" if data["status"] == QUEUED else "running"),
                                           job_id)
        except RedisError as exc:
            raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc
        if not data:
            return None
        return QueuedJob(
            id=job_id, kind=data["kind"], payload=json.loads(data.get("payload") or "{}"),
            attempts=int(data.get("attempts") or 0), status=data.get("status", QUEUED),
            dedupe_key=data.get("dedupe_key") or None, last_error=data.get("last_error") or None,
            run_at=datetime.fromtimestamp(score, timezone.utc) if score is not None else None,
        )

    def enqueue(self, kind: str, payload: Mapping[str, Any] | None = None, *,
                dedupe_key: str | None = None, run_at: datetime | None = None) -> bool:
        """See :meth:`JobQueue.enqueue`."""
        _data, text = _checked(kind, payload, dedupe_key)
        now = self._clock()
        when = run_at or now
        job_id = self._call(self._enqueue, [self._prefix, dedupe_key or "", kind, text,
                                            when.timestamp(), now.isoformat(), self._keep_s])
        return int(job_id) != 0

    def claim(self, limit: int = 10) -> list[QueuedJob]:
        """See :meth:`JobQueue.claim`."""
        now = self._clock()
        ids = self._call(self._claim, [self._prefix, now.timestamp(),
                                       (now + self.retry.lease).timestamp(), max(1, limit)])
        jobs = [self._read(str(job_id)) for job_id in ids]
        return [job for job in jobs if job is not None]

    def complete(self, job: QueuedJob) -> None:
        """See :meth:`JobQueue.complete`."""
        now = self._clock()
        self._call(self._finish, [self._prefix, job.id, str(job.attempts), DONE, "", now.timestamp(),
                                  self._keep_s])

    def fail(self, job: QueuedJob, error: str) -> str:
        """See :meth:`JobQueue.fail`."""
        now = self._clock()
        if job.attempts >= self.retry.max_attempts:
            status, when = FAILED, now
        else:
            status, when = QUEUED, now + self.retry.delay(job.attempts)
        self._call(self._finish, [self._prefix, job.id, str(job.attempts), status, error[:MAX_ERROR],
                                  when.timestamp(), self._keep_s])
        return status

    def get(self, job_id: str) -> QueuedJob | None:
        """See :meth:`JobQueue.get`."""
        return self._read(job_id)

    def find(self, dedupe_key: str) -> QueuedJob | None:
        """See :meth:`JobQueue.find`."""
        from redis.exceptions import RedisError

        try:
            job_id = self._redis.get(self._prefix + "dedupe:" + dedupe_key)
        except RedisError as exc:
            raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc
        return self._read(str(job_id)) if job_id else None

    def forget(self, names: Callable[[Any], bool], *, dry_run: bool = False) -> int:
        """Delete every job (queued, running or finished) whose payload ``names`` says names purged data.

        Retention: a job about a referral being purged must not outlive it in
        Redis. Its dedupe key goes too. Returns how many jobs matched.

        Raises:
            Unavailable: Redis is down.
        """
        from redis.exceptions import RedisError

        doomed: list[tuple[str, str | None]] = []
        try:
            for key in self._redis.scan_iter(match=self._prefix + "job:*", count=500):
                data = self._redis.hmget(key, "payload", "dedupe_key")
                try:
                    payload = json.loads(data[0] or "{}")
                except ValueError:
                    continue
                if names(payload):
                    doomed.append((key, data[1] or None))
            if not dry_run:
                for key, dedupe in doomed:
                    job_id = key[len(self._prefix + "job:"):]
                    pipe = self._redis.pipeline()
                    for queue in ("due", "running", "done", "failed"):
                        pipe.zrem(self._prefix + queue, job_id)
                    pipe.delete(key)
                    if dedupe:
                        pipe.delete(self._prefix + "dedupe:" + dedupe)
                    pipe.execute()
        except RedisError as exc:
            raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc
        return len(doomed)

    def counts(self) -> dict[str, int]:
        """See :meth:`JobQueue.counts`."""
        from redis.exceptions import RedisError

        try:
            return {status: int(self._redis.zcard(self._prefix + key))
                    for status, key in ((QUEUED, "due"), (RUNNING, "running"), (DONE, "done"),
                                        (FAILED, "failed"))}
        except RedisError as exc:
            raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc


def build_queue(settings: Settings, db: Database, clock: Callable[[], datetime]) -> JobQueue:
    """Return the configured queue: Redis when ``settings.redis_url`` is set, else the database.

    Raises:
        ConfigurationError: ``REDIS_URL`` is malformed or redis-py is missing.
    """
    retry = RetryPolicy(max_attempts=settings.job_max_attempts)
    if settings.redis_url:
        return RedisQueue.from_url(settings.redis_url, clock, retry)
    return DatabaseQueue(db, clock, retry)


# --- the worker -------------------------------------------------------------------
Handler = Callable[[dict[str, Any]], object]


@dataclass
class WorkerReport:
    """What one pass of :meth:`Worker.run_once` did."""

    periodic: dict[str, object] = field(default_factory=dict)
    done: int = 0
    retried: int = 0
    failed: int = 0


class Worker:
    """Runs periodic jobs and due queued jobs through the handler registered for each kind."""

    def __init__(self, queue: JobQueue, handlers: Mapping[str, Handler] | None = None,
                 scheduler: Scheduler | None = None, *, batch: int = 10) -> None:
        self.queue = queue
        self.handlers: dict[str, Handler] = dict(handlers or {})
        self.scheduler = scheduler or Scheduler([])
        self.batch = batch

    def register(self, kind: str, handler: Handler) -> None:
        """Run ``handler(payload)`` for jobs of ``kind``."""
        self.handlers[kind] = handler

    def run_job(self, job: QueuedJob, report: WorkerReport) -> None:
        """Run one claimed job and record its outcome in the queue and ``report``."""
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise ConfigurationError(f"no handler for jobs of kind {job.kind!r}")
            handler(dict(job.payload))
        except Exception as exc:
            log.warning("job %s (%s) attempt %d failed: %s", job.id, job.kind, job.attempts, exc)
            outcome = self.queue.fail(job, f"{type(exc).__name__}: {exc}")
            if outcome == FAILED:
                report.failed += 1
            else:
                report.retried += 1
            return
        self.queue.complete(job)
        report.done += 1

    def run_once(self) -> WorkerReport:
        """Run the due periodic jobs, then every queued job that is due now.

        A queue outage is logged and reported as the ``queue`` entry of
        :attr:`WorkerReport.periodic`; it never stops the worker.
        """
        report = WorkerReport(periodic=self.scheduler.run_due())
        try:
            while True:
                jobs = self.queue.claim(self.batch)
                for job in jobs:
                    self.run_job(job, report)
                if len(jobs) < self.batch:
                    break
        except Unavailable as exc:
            log.warning("job queue unavailable: %s", exc)
            report.periodic["queue"] = exc
        return report

    def run_forever(self, stop: threading.Event, tick: float = 1.0) -> None:
        """Run :meth:`run_once` every ``tick`` seconds until ``stop`` is set."""
        while not stop.is_set():
            self.run_once()
            stop.wait(tick)


def worker_for(core: Core, *, sweep_every: float = 60, sms_retry_every: float = 60) -> Worker:
    """Return the worker of ``core``: alert deliveries, the alert sweep, SMS retries and
    (database queue) a daily purge of jobs finished over 30 days ago.

    The SMS adapter, if any, must already be plugged into ``core.alerts``.
    """
    handlers: dict[str, Handler] = {}
    periodic: list[Job] = []
    if core.alerts is not None:
        from frontdoor.services.alerts import ALERT_JOB, FOLLOWUP_LOCKED_JOB, UNUSUAL_VOLUME_JOB

        handlers[ALERT_JOB] = core.alerts.deliver
        handlers[UNUSUAL_VOLUME_JOB] = core.alerts.deliver_unusual_volume
        handlers[FOLLOWUP_LOCKED_JOB] = core.alerts.deliver_followup_locked
        periodic.append(Job("alerts.sweep", sweep_every, core.alerts.sweep))
    if core.sms_service is not None:
        periodic.append(Job("sms.retry_pending", sms_retry_every, core.sms_service.retry_pending))
    periodic.append(Job("retention.purge", 3600, core.retention.purge))
    if isinstance(core.jobs, DatabaseQueue):  # Redis expires finished jobs itself
        periodic.append(Job("jobs.purge", 24 * 3600, core.jobs.purge))
    if core.jobs is None:  # pragma: no cover - Core.from_settings always builds one
        raise ConfigurationError("the core has no job queue")
    return Worker(core.jobs, handlers, Scheduler(periodic))
