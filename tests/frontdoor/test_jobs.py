"""The in-process scheduler."""

from __future__ import annotations

import threading

from frontdoor.jobs import Job, Scheduler


def test_jobs_run_when_due_and_a_failure_does_not_stop_the_others() -> None:
    now = [0.0]
    ran: list[str] = []

    def boom() -> None:
        ran.append("boom")
        raise RuntimeError("broken")

    scheduler = Scheduler([Job("boom", 10, boom), Job("tick", 5, lambda: ran.append("tick") or 1)],
                          monotonic=lambda: now[0])
    results = scheduler.run_due()
    assert ran == ["boom", "tick"] and isinstance(results["boom"], RuntimeError) and results["tick"] == 1
    now[0] = 6
    scheduler.run_due()
    assert ran == ["boom", "tick", "tick"]
    now[0] = 10
    scheduler.run_due()
    assert ran == ["boom", "tick", "tick", "boom"]


def test_run_forever_stops_when_asked() -> None:
    stop = threading.Event()
    calls: list[int] = []
    scheduler = Scheduler([Job("once", 3600, lambda: (calls.append(1), stop.set()))])
    scheduler.run_forever(stop, tick=0.01)
    assert calls == [1]
