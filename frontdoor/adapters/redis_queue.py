"""The Redis job queue: :class:`frontdoor.ports.JobQueue` on Redis (when ``REDIS_URL`` is set)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from frontdoor.adapters.queueing import MAX_ERROR, RetryPolicy, checked_job
from frontdoor.errors import ConfigurationError, Unavailable
from frontdoor.ports import DONE, FAILED, QUEUED, RUNNING, QueuedJob

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


@contextmanager
def _unavailable_on_error() -> Iterator[None]:
    """Turn any Redis error inside the block into :class:`~frontdoor.errors.Unavailable`."""
    from redis.exceptions import RedisError

    try:
        yield
    except RedisError as exc:
        raise Unavailable(f"the Redis job queue is unavailable: {exc}") from exc


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
        with _unavailable_on_error():
            return script(keys=[], args=args)

    def _read(self, job_id: str) -> QueuedJob | None:
        with _unavailable_on_error():
            data = self._redis.hgetall(self._prefix + "job:" + job_id)
            score = None
            if data.get("status") in (QUEUED, RUNNING):
                score = self._redis.zscore(self._prefix + ("due" if data["status"] == QUEUED else "running"),
                                           job_id)
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
        _data, text = checked_job(kind, payload, dedupe_key)
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
        status, when = self.retry.after_failure(job.attempts, self._clock())
        self._call(self._finish, [self._prefix, job.id, str(job.attempts), status, error[:MAX_ERROR],
                                  when.timestamp(), self._keep_s])
        return status

    def get(self, job_id: str) -> QueuedJob | None:
        """See :meth:`JobQueue.get`."""
        return self._read(job_id)

    def find(self, dedupe_key: str) -> QueuedJob | None:
        """See :meth:`JobQueue.find`."""
        with _unavailable_on_error():
            job_id = self._redis.get(self._prefix + "dedupe:" + dedupe_key)
        return self._read(str(job_id)) if job_id else None

    def forget(self, names: Callable[[Any], bool], *, dry_run: bool = False) -> int:
        """Delete every job (queued, running or finished) whose payload ``names`` says names purged data.

        Retention: a job about a referral being purged must not outlive it in
        Redis. Its dedupe key goes too. Returns how many jobs matched.

        Raises:
            Unavailable: Redis is down.
        """
        doomed: list[tuple[str, str | None]] = []
        with _unavailable_on_error():
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
        return len(doomed)

    def counts(self) -> dict[str, int]:
        """See :meth:`JobQueue.counts`."""
        with _unavailable_on_error():
            return {status: int(self._redis.zcard(self._prefix + key))
                    for status, key in ((QUEUED, "due"), (RUNNING, "running"), (DONE, "done"),
                                        (FAILED, "failed"))}
