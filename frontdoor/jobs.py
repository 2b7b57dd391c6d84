"""Background work: periodic jobs and the worker loop over the job queue.

Two kinds of work:

- **Periodic jobs** (:class:`Job`, :class:`Scheduler`): run every ``every``
  seconds in the worker's process (retrying unhandled SMS, sweeping for red
  referrals to alert). A failing job is logged and tried again next time,
  never stopping the others.
- **Queued jobs** through the :class:`frontdoor.ports.JobQueue` port:
  ``enqueue(kind, payload)`` now, run later by whichever worker claims it
  first. A ``dedupe_key`` makes enqueuing idempotent (same key, same job, even
  after it has run). A job that raises is retried with exponential backoff and
  marked ``failed``, with its last error kept, after
  :attr:`frontdoor.adapters.queueing.RetryPolicy.max_attempts` attempts. A
  claimed job holds a lease; if its worker dies, the job is claimed again when
  the lease runs out.

The queues are adapters (:mod:`frontdoor.adapters.db_queue`, the default, and
:mod:`frontdoor.adapters.redis_queue`); :mod:`frontdoor.bootstrap` picks one
and composes the worker's jobs (:func:`frontdoor.bootstrap.worker_for`).

:class:`Worker` runs the periodic jobs and the due queued jobs through the
handlers registered for their kinds. ``frontdoor worker`` and ``python -m
outbound.worker`` run it; tests call :meth:`Worker.run_once` with a fake clock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from frontdoor.errors import ConfigurationError, Unavailable
from frontdoor.ports import FAILED, JobQueue, QueuedJob

log = logging.getLogger(__name__)


@dataclass
class Job:
    """A periodic job: ``run`` every ``every`` seconds, named ``name`` in reports and logs."""

    name: str
    every: float
    run: Callable[[], object]
    last_started: float | None = field(default=None)

    def due(self, now: float) -> bool:
        """Return whether the job should run at monotonic time ``now``."""
        return self.last_started is None or now - self.last_started >= self.every


class Scheduler:
    """Runs the periodic jobs that are due."""

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
