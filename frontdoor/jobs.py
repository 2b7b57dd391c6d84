"""Background work on a schedule: an in-process scheduler for one machine.

Each :class:`Job` runs every ``every`` seconds; a failing job is logged and
tried again next time, never stopping the others. ``frontdoor worker`` runs
them (``make run`` starts it); tests call :meth:`Scheduler.run_due` with a
fake clock.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

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
            except Exception as exc:  # noqa: BLE001 - one failing job must not stop the rest
                log.exception("job %s failed", job.name)
                results[job.name] = exc
        return results

    def run_forever(self, stop: threading.Event, tick: float = 1.0) -> None:
        """Run due jobs until ``stop`` is set."""
        while not stop.is_set():
            self.run_due()
            stop.wait(tick)
