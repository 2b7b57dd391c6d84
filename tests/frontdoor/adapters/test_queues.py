"""The job queue: in the database (a SQLite file and PostgreSQL) and on a real redis-server.

Each behaviour is written once (``check_*``) and run against both queues.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
import redis

from frontdoor.adapters.db_queue import DatabaseQueue
from frontdoor.adapters.queueing import RetryPolicy
from frontdoor.adapters.redis_queue import RedisQueue
from frontdoor.bootstrap import build_queue
from frontdoor.config import Settings
from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.jobs import Job, Scheduler, Worker
from frontdoor.ports import JobQueue
from frontdoor.store.db import Database
from tests.conftest import FakeClock

MakeQueue = Callable[..., JobQueue]
_prefixes = itertools.count()


@pytest.fixture
def db_queue(database: Database, clock: FakeClock) -> MakeQueue:
    """Make queues on the test database; each call has its own connection pool (a separate worker)."""
    made: list[Database] = []

    def make(retry: RetryPolicy | None = None) -> JobQueue:
        db = Database(database.url)
        made.append(db)
        return DatabaseQueue(db, clock, retry)

    yield make  # type: ignore[misc]
    for db in made:
        db.dispose()


@pytest.fixture
def redis_queue(redis_url: str, clock: FakeClock) -> MakeQueue:
    """Make queues on the session's redis-server, under a prefix of this test's own."""
    prefix = f"test{next(_prefixes)}:jobs:"
    clients: list[redis.Redis] = []

    def make(retry: RetryPolicy | None = None) -> JobQueue:
        client = redis.Redis.from_url(redis_url, decode_responses=True)
        clients.append(client)
        return RedisQueue(client, clock, retry, prefix=prefix)

    yield make  # type: ignore[misc]
    for client in clients:
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        client.close()


# --- behaviours -------------------------------------------------------------------------------------
def check_round_trip(make: MakeQueue, clock: FakeClock) -> None:
    queue = make()
    assert queue.enqueue("demo.echo", {"n": 1, "text": "héllo"}) is True
    assert queue.enqueue("demo.echo", {"n": 2}, run_at=clock.now + timedelta(minutes=5)) is True
    assert queue.counts() == {"queued": 2, "running": 0, "done": 0, "failed": 0}
    [job] = queue.claim(10)  # the second is not due yet
    assert (job.kind, job.payload, job.attempts, job.status) == ("demo.echo", {"n": 1, "text": "héllo"}, 1, "running")
    assert queue.claim(10) == []  # a claimed job is nobody else's
    queue.complete(job)
    assert queue.get(job.id).status == "done"  # type: ignore[union-attr]
    clock.advance(minutes=5)
    [later] = queue.claim(10)
    assert later.payload == {"n": 2}
    queue.complete(later)
    assert queue.counts() == {"queued": 0, "running": 0, "done": 2, "failed": 0}
    assert queue.get("999999") is None


def check_dedupe(make: MakeQueue) -> None:
    queue = make()
    assert queue.enqueue("alert.send", {"level": 1}, dedupe_key="alert:X:1") is True
    assert queue.enqueue("alert.send", {"level": 1}, dedupe_key="alert:X:1") is False
    assert queue.counts()["queued"] == 1
    [job] = queue.claim()
    queue.complete(job)
    # Still the same job once it has run: enqueuing again is harmless.
    assert queue.enqueue("alert.send", {"level": 1}, dedupe_key="alert:X:1") is False
    found = queue.find("alert:X:1")
    assert found is not None and found.id == job.id and found.status == "done"
    assert queue.find("alert:Y:1") is None
    assert queue.enqueue("alert.send", {"level": 2}, dedupe_key="alert:X:2") is True
    with pytest.raises(InvalidInput):
        queue.enqueue("alert.send", {"when": object()})
    with pytest.raises(InvalidInput):
        queue.enqueue("", {})


def check_retries(make: MakeQueue, clock: FakeClock) -> None:
    retry = RetryPolicy(max_attempts=3, base_delay=timedelta(seconds=30))
    queue = make(retry)
    calls: list[dict[str, object]] = []

    def flaky(payload: dict[str, object]) -> None:
        calls.append(payload)
        raise ConnectionError(f"provider down (call {len(calls)})")

    worker = Worker(queue, {"demo.flaky": flaky})
    queue.enqueue("demo.flaky", {"ref": "FD-1"}, dedupe_key="flaky")
    report = worker.run_once()
    assert (report.done, report.retried, report.failed) == (0, 1, 0)
    job = queue.find("flaky")
    assert job is not None and job.status == "queued" and job.attempts == 1
    assert job.last_error == "ConnectionError: provider down (call 1)"
    assert job.run_at == clock.now + timedelta(seconds=30)
    assert worker.run_once().retried == 0  # backing off: not due yet
    clock.advance(seconds=30)
    assert worker.run_once().retried == 1
    assert queue.find("flaky").run_at == clock.now + timedelta(seconds=60)  # type: ignore[union-attr]
    clock.advance(seconds=59)
    assert worker.run_once().retried == 0
    clock.advance(seconds=1)
    assert worker.run_once().failed == 1
    job = queue.find("flaky")
    assert job is not None and job.status == "failed" and job.attempts == 3
    assert job.last_error == "ConnectionError: provider down (call 3)"
    clock.advance(hours=2)
    assert worker.run_once().failed == 0 and len(calls) == 3  # failed for good
    assert queue.counts() == {"queued": 0, "running": 0, "done": 0, "failed": 1}


def check_unknown_kind_and_periodic_jobs(make: MakeQueue) -> None:
    queue = make(RetryPolicy(max_attempts=1))
    ticks: list[int] = []
    worker = Worker(queue, {}, Scheduler([Job("tick", 60, lambda: ticks.append(1) or "ticked")]))
    queue.enqueue("nobody.handles.this", {}, dedupe_key="orphan")
    report = worker.run_once()
    assert report.periodic == {"tick": "ticked"} and ticks == [1] and report.failed == 1
    job = queue.find("orphan")
    assert job is not None and job.status == "failed" and "no handler" in (job.last_error or "")


def check_lease_expiry(make: MakeQueue, clock: FakeClock) -> None:
    queue = make(RetryPolicy(lease=timedelta(minutes=10)))
    queue.enqueue("demo.slow", {})
    [job] = queue.claim()  # ... and its worker dies
    clock.advance(minutes=9)
    assert queue.claim() == []
    clock.advance(minutes=2)
    [again] = queue.claim()
    assert again.id == job.id and again.attempts == 2
    queue.complete(job)  # the dead worker's late word does not count
    assert queue.get(job.id).status == "running"  # type: ignore[union-attr]
    queue.complete(again)
    assert queue.get(job.id).status == "done"  # type: ignore[union-attr]


def check_concurrent_workers(make: MakeQueue) -> None:
    """Two workers, each with its own connections, race for the same jobs: none runs twice."""
    total = 40
    first, second = make(), make()
    # Both try to enqueue every job at once: dedupe keys keep one of each.
    barrier = threading.Barrier(2)
    added: list[bool] = []

    def enqueue_all(queue: JobQueue) -> None:
        barrier.wait()
        for n in range(total):
            added.append(queue.enqueue("demo.count", {"n": n}, dedupe_key=f"count:{n}"))

    threads = [threading.Thread(target=enqueue_all, args=(q,)) for q in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(added).count(True) == total

    runs: Counter[int] = Counter()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def handler(payload: dict[str, object]) -> None:
        with lock:
            runs[int(payload["n"])] += 1  # type: ignore[arg-type]

    def work(queue: JobQueue) -> None:
        worker = Worker(queue, {"demo.count": handler}, batch=3)
        barrier.wait()
        try:
            for _ in range(100):
                report = worker.run_once()
                if report.done == 0 and queue.counts()["queued"] == 0:
                    return
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(q,)) for q in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    assert runs == Counter(dict.fromkeys(range(total), 1))
    assert first.counts() == {"queued": 0, "running": 0, "done": total, "failed": 0}


def check_claim_race(make: MakeQueue) -> None:
    """Both claim everything at the same moment: the two batches never overlap."""
    first, second = make(), make()
    for n in range(30):
        first.enqueue("demo.race", {"n": n})
    barrier = threading.Barrier(2)
    claimed: dict[int, list[str]] = {}

    def claim(i: int, queue: JobQueue) -> None:
        barrier.wait()
        claimed[i] = [job.id for job in queue.claim(30)]

    threads = [threading.Thread(target=claim, args=(i, q)) for i, q in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 30


BEHAVIOURS = [check_round_trip, check_dedupe, check_retries, check_unknown_kind_and_periodic_jobs,
              check_lease_expiry, check_concurrent_workers, check_claim_race]


def _run(check: Callable[..., None], make: MakeQueue, clock: FakeClock) -> None:
    if "clock" in check.__code__.co_varnames[:check.__code__.co_argcount]:
        check(make, clock)
    else:
        check(make)


@pytest.mark.parametrize("check", BEHAVIOURS, ids=lambda c: c.__name__[6:])
def test_database_queue(check: Callable[..., None], db_queue: MakeQueue, clock: FakeClock) -> None:
    _run(check, db_queue, clock)


@pytest.mark.parametrize("check", BEHAVIOURS, ids=lambda c: c.__name__[6:])
def test_redis_queue(check: Callable[..., None], redis_queue: MakeQueue, clock: FakeClock) -> None:
    _run(check, redis_queue, clock)


def test_the_database_queue_purges_old_finished_jobs(db_queue: MakeQueue, clock: FakeClock) -> None:
    queue = db_queue(RetryPolicy(max_attempts=1))
    assert isinstance(queue, DatabaseQueue)
    for key in ("done", "failed", "waiting"):
        queue.enqueue("demo.echo", {}, dedupe_key=key)
    done, failed = queue.claim(2)
    queue.complete(done)
    queue.fail(failed, "broken")
    clock.advance(days=29)
    assert queue.purge(timedelta(days=30)) == 0
    clock.advance(days=2)
    assert queue.purge(timedelta(days=30)) == 2
    assert queue.counts() == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    assert queue.find("waiting") is not None and queue.find("done") is None


# --- configuration and outages ---------------------------------------------------------------------
def test_the_queue_is_redis_when_redis_url_is_set(tmp_path, clock: FakeClock, redis_url: str) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    assert isinstance(build_queue(Settings(database_url=db.url), db, clock), DatabaseQueue)
    settings = Settings.from_env({"DATABASE_URL": db.url, "REDIS_URL": redis_url,
                                  "FRONTDOOR_JOB_MAX_ATTEMPTS": "7"})
    queue = build_queue(settings, db, clock)
    assert isinstance(queue, RedisQueue) and queue.retry.max_attempts == 7


def test_a_redis_outage_is_unavailable_and_does_not_stop_the_worker(clock: FakeClock) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    queue = RedisQueue.from_url(f"redis://127.0.0.1:{port}/0", clock)
    with pytest.raises(Unavailable):
        queue.enqueue("demo.echo", {})
    ran: list[int] = []
    report = Worker(queue, {}, Scheduler([Job("tick", 60, lambda: ran.append(1))])).run_once()
    assert ran == [1] and isinstance(report.periodic["queue"], Unavailable)


def test_backoff_doubles_up_to_the_limit() -> None:
    policy = RetryPolicy(base_delay=timedelta(seconds=30), max_delay=timedelta(minutes=5))
    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 300, 300]
