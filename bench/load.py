"""Capacity under load: how many people can chat at once with every turn answered within 1 s.

Starts the real system (``tests/support/stack.py``: Rasa, the action server,
the web app) once for each number of Rasa instances asked for, and plays
realistic users through the web app's ``POST /api/chat`` (the browser path).
Each user follows one of the scripts in ``bench/scripts.py`` (teacher, tip,
young person; chosen at random), waits a think time drawn around 5 s between
turns, and starts a fresh conversation when a script ends, so the number of
concurrent conversations holds.

The load ramps: from ``--start`` conversations, ``--step`` more at a time; each
step has a warm-up and then a measured window. A step's p95 is over the turns
sent in its window, a failed turn (an HTTP error, a timeout, an empty reply)
counting as slower than any answered one. The ramp stops at the first step whose
p95 passes ``--limit-ms``; the capacity is the step before it. CPU use per
process (each server with its children: Rasa instances, action servers, the web
app, PostgreSQL and Redis when there are several instances or ``--shared-stores``
asks one instance to use them as several do, the load generator
itself, and everything else on the machine) is read from ``/proc`` at the start
and end of each window (bench/cpu.py).

All users' draws come from ``--seed``, so runs are comparable. Figures are
printed and written to reports/bench/load.json.

    .venv/app/bin/python -m bench.load [--instances 1,2,3] [--start 10] [--step 10]
        [--warmup-seconds 10] [--window-seconds 30] [--think-seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.cpu import OTHERS, cores_used, cpu_ticks, hertz, store_servers
from bench.scripts import SCRIPTS
from bench.stats import percentile
from frontdoor.services.mail_rules import REFERENCE
from web.chat.conversation import EMPTY_REPLY

#: The issue's targets on a 2-core machine.
TARGET_CONVERSATIONS = 100
TARGET_SCALING = 1.7
#: The name the load generator's own CPU use is reported under.
GENERATOR = "load generator"


# --- pure parts -----------------------------------------------------------------------------------------------------

def think_time(rng: random.Random, mean: float) -> float:
    """Return seconds a person takes to read a reply and type the next message.

    A gamma draw with mean ``mean`` and standard deviation ``mean / 2`` (most
    between a third and twice the mean), cut to at most ``3 * mean``; 0 when
    ``mean`` is 0.
    """
    if mean <= 0:
        return 0.0
    return min(rng.gammavariate(4.0, mean / 4.0), 3.0 * mean)


def next_level(level: int, step: int, maximum: int) -> int | None:
    """Return the next number of concurrent conversations, or None when ``maximum`` is reached."""
    following = level + step
    return following if following <= maximum else None


def within(p95_seconds: float, limit_seconds: float) -> bool:
    """Return True when a step's p95 is within the limit (NaN, a step without turns, is not)."""
    return p95_seconds <= limit_seconds


def capacity(steps: list[Step], limit_seconds: float) -> Step | None:
    """Return the last step before the first whose p95 passes the limit; None when even the first does."""
    last = None
    for each in steps:
        if not within(each.p95_s, limit_seconds):
            break
        last = each
    return last


# --- the load -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Turn:
    """One message sent and how it went: ``error`` is None when it was answered."""

    script: str
    index: int
    started: float
    seconds: float
    error: str | None = None

    @property
    def latency(self) -> float:
        """Seconds to the answer; ``inf`` for a failed turn (slower than any answered one)."""
        return self.seconds if self.error is None else math.inf


@dataclass
class Step:
    """The measured window of one level of concurrency."""

    conversations: int
    seconds: float
    turns: int
    failed: int
    p50_s: float
    p95_s: float
    turns_per_s: float
    cores: dict[str, float]
    failures: dict[str, int] = field(default_factory=dict)
    #: CPU milliseconds the system (every server, not the load generator or other work) spent per answered turn.
    cpu_ms_per_turn: float = field(init=False)

    def __post_init__(self) -> None:
        system = sum(used for name, used in self.cores.items() if name not in (GENERATOR, OTHERS))
        self.cpu_ms_per_turn = system / self.turns_per_s * 1000 if self.turns_per_s else math.nan

    def row(self) -> str:
        """Return the step as one printed line."""
        cores = ", ".join(f"{name} {used:.2f}" for name, used in self.cores.items())
        return (f"{self.conversations:>6} {self.turns:>6} {self.failed:>6} {self.p50_s * 1000:>8.0f} "
                f"{self.p95_s * 1000:>8.0f} {self.turns_per_s:>7.1f} {self.cpu_ms_per_turn:>7.0f}   cores: {cores}")


def failure_counts(turns: Iterable[Turn]) -> dict[str, int]:
    """Return how often each turn failed and why, keyed ``script turn N ("message"): error``."""
    counts = Counter(f'{t.script} turn {t.index + 1} ("{SCRIPTS[t.script][t.index][:40]}"): {t.error}'
                     for t in turns if t.error is not None)
    return dict(counts.most_common())


class Load:
    """Users chatting through ``POST /api/chat`` of one web app, added a level at a time."""

    def __init__(self, client: httpx.AsyncClient, *, seed: int, think: float) -> None:
        self.client = client
        self.seed = seed
        self.think = think
        self.turns: list[Turn] = []
        self.in_flight: dict[int, float] = {}  # user → when its current turn was sent
        self.conversations = Counter[str]()  # "finished" / "no reference" per script
        self._users: list[asyncio.Task[None]] = []

    @property
    def level(self) -> int:
        """The number of users now chatting."""
        return len(self._users)

    def grow(self, level: int) -> None:
        """Start users until ``level`` are chatting."""
        while len(self._users) < level:
            self._users.append(asyncio.create_task(self._user(len(self._users))))

    async def stop(self) -> None:
        """Stop every user.

        Raises:
            Exception: what stopped a user before it was told to (a fault of this program, not of the system).
        """
        for task in self._users:
            task.cancel()
        ended = await asyncio.gather(*self._users, return_exceptions=True)
        self._users.clear()
        for each in ended:
            if isinstance(each, Exception):
                raise each

    async def settled(self, before: float) -> None:
        """Return once no turn sent before ``before`` is still waiting for its answer."""
        while any(sent < before for sent in self.in_flight.values()):
            await asyncio.sleep(0.05)

    async def _user(self, number: int) -> None:
        rng = random.Random(f"{self.seed}:{number}")
        await asyncio.sleep(rng.uniform(0, self.think))  # arrivals spread over one think time
        while True:
            name = rng.choice(sorted(SCRIPTS))
            await self._conversation(number, name, rng)
            await asyncio.sleep(think_time(rng, self.think))

    async def _conversation(self, number: int, name: str, rng: random.Random) -> None:
        session: str | None = None
        said = ""
        for index, text in enumerate(SCRIPTS[name]):
            if index:
                await asyncio.sleep(think_time(rng, self.think))
            started = time.monotonic()
            self.in_flight[number] = started
            try:
                error, session, said = await self._say(session, text)
            finally:
                del self.in_flight[number]
            self.turns.append(Turn(name, index, started, time.monotonic() - started, error))
            if error is not None:
                self.conversations[f"{name} broken off"] += 1
                return
        self.conversations[f"{name} finished" if REFERENCE.search(said) else f"{name} no reference"] += 1

    async def _say(self, session: str | None, text: str) -> tuple[str | None, str | None, str]:
        """Send one message; return the error (None when answered), the session and the bot's text."""
        try:
            response = await self.client.post("/api/chat", json={"session": session, "message": text})
        except httpx.HTTPError as exc:
            return type(exc).__name__, session, ""
        if response.status_code != 200:
            return f"HTTP {response.status_code}", session, ""
        try:
            body = response.json()
            said = "\n".join(message["text"] for message in body["messages"])
            session = body["session"]
        except (ValueError, KeyError, TypeError):
            return "malformed answer", session, ""
        if EMPTY_REPLY in said:
            return "empty reply", session, said
        return None, session, said


async def measure(load: Load, level: int, roots: Mapping[str, int], warmup: float, window: float) -> Step:
    """Bring ``load`` to ``level`` users, wait ``warmup`` seconds, then measure a window of ``window`` seconds."""
    load.grow(level)
    await asyncio.sleep(warmup)
    begin, ticks_before = time.monotonic(), cpu_ticks(roots)
    await asyncio.sleep(window)
    end, ticks_after = time.monotonic(), cpu_ticks(roots)
    await load.settled(end)
    turns = [t for t in load.turns if begin <= t.started < end]
    latencies = [t.latency for t in turns]
    answered = [t for t in turns if t.error is None]
    seconds = end - begin
    return Step(conversations=level, seconds=seconds, turns=len(turns), failed=len(turns) - len(answered),
                p50_s=percentile(latencies, 50), p95_s=percentile(latencies, 95),
                turns_per_s=len(answered) / seconds, cores=cores_used(ticks_before, ticks_after, seconds, hertz()),
                failures=failure_counts(turns))


async def ramp(web_url: str, roots: Mapping[str, int], args: argparse.Namespace) -> tuple[list[Step], Counter[str]]:
    """Ramp the users on ``web_url`` until a step's p95 passes the limit; return the steps and conversation counts."""
    # A person pauses longer than a server keeps a connection open: each turn opens its own, as a browser's would.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=web_url, timeout=args.timeout, limits=limits) as client:
        load = Load(client, seed=args.seed, think=args.think_seconds)
        steps: list[Step] = []
        level: int | None = args.start
        try:
            while level is not None:
                step = await measure(load, level, roots, args.warmup_seconds, args.window_seconds)
                steps.append(step)
                print(step.row(), flush=True)
                for failure, count in step.failures.items():
                    print(f"         failed {count} x {failure}", flush=True)
                if not within(step.p95_s, args.limit_ms / 1000):
                    break
                level = next_level(level, args.step, args.max)
        finally:
            await load.stop()
        return steps, load.conversations


# --- the run --------------------------------------------------------------------------------------------------------

def finite(value: Any) -> Any:
    """Return ``value`` with every infinite or NaN float (a p95 of failed turns) replaced by None, for JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def run_instances(instances: int, args: argparse.Namespace) -> dict[str, Any]:
    """Start the system with ``instances`` Rasa instances, ramp the load on it and return the figures."""
    from tests.support.stack import start_stack  # the test support starts the servers; only a run needs it

    with tempfile.TemporaryDirectory() as home:
        print(f"\n{instances} Rasa instance(s): starting the system ...", flush=True)
        started = time.monotonic()
        stack = start_stack(Path(home), rasa_instances=instances, web_workers=args.web_workers,
                            shared_stores=True if args.shared_stores else None)
        startup = time.monotonic() - started
        try:
            roots = {name: process.pid for name, process in stack.processes.items()}
            roots.update(store_servers(stack.env))
            roots[GENERATOR] = os.getpid()
            print(f"{'convs':>6} {'turns':>6} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} {'turns/s':>7} {'CPU ms':>7}"
                  "   (CPU ms: the servers' CPU per answered turn)", flush=True)
            steps, conversations = asyncio.run(ramp(stack.web_url, roots, args))
            print("conversations: " + ", ".join(f"{name} {count}" for name, count in sorted(conversations.items())))
        finally:
            stack.shutdown()
    best = capacity(steps, args.limit_ms / 1000)
    return {"instances": instances, "startup_s": startup, "capacity": asdict(best) if best else None,
            "steps": [asdict(step) for step in steps], "conversations": dict(sorted(conversations.items()))}


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """Return one line per target saying whether it is met, from the results of :func:`run_instances`.

    A number of instances run more than once (``--instances 1,2,3,1``, to see the
    drift on a shared machine) is judged against each target on its least
    favourable run: the lowest capacity for the conversations, and for the
    scaling the lowest with 2 instances over the highest with 1.
    """
    reached: dict[int, list[int]] = {}
    for result in results:
        reached.setdefault(result["instances"], []).append((result["capacity"] or {}).get("conversations", 0))
    best = max((min(runs) for runs in reached.values()), default=0)
    lines = [f"{'met' if best >= TARGET_CONVERSATIONS else 'NOT met'}: at least {TARGET_CONVERSATIONS} "
             f"concurrent conversations within p95 (best {best})"]
    if 1 in reached and 2 in reached:
        one, two = max(reached[1]), min(reached[2])
        ratio = two / one if one else math.inf if two else math.nan
        lines.append(f"{'met' if ratio >= TARGET_SCALING else 'NOT met'}: capacity with 2 instances at least "
                     f"{TARGET_SCALING}x that of 1 ({two} / {one} = {ratio:.2f}x)")
    return lines


def report(results: list[dict[str, Any]], args: argparse.Namespace, seconds: float) -> None:
    """Print the table of capacities and the targets, and write reports/bench/load.json."""
    print(f"\ncapacity: concurrent conversations with p95 within {args.limit_ms:.0f} ms "
          f"(think time {args.think_seconds:g} s, windows of {args.window_seconds:g} s)")
    print(f"{'instances':>9} {'capacity':>8} {'turns/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7}   CPU (cores busy)")
    for result in results:
        best = result["capacity"]
        if best is None:
            print(f"{result['instances']:>9} {'none':>8}   (the first step already passed the limit)")
            continue
        cores = ", ".join(f"{name} {used:.2f}" for name, used in best["cores"].items())
        print(f"{result['instances']:>9} {best['conversations']:>8} {best['turns_per_s']:>7.1f} "
              f"{best['p50_s'] * 1000:>7.0f} {best['p95_s'] * 1000:>7.0f} {best['cpu_ms_per_turn']:>7.0f}   {cores}")
    lines = verdicts(results)
    print("\n".join(lines))
    print(f"whole run {seconds / 60:.1f} min")
    out = Path(__file__).resolve().parents[1] / "reports" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    document = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                "options": vars(args), "seconds": seconds, "results": results, "targets": lines}
    (out / "load.json").write_text(json.dumps(finite(document), indent=2, allow_nan=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", default="1,2,3", help="numbers of Rasa instances to try (default 1,2,3)")
    parser.add_argument("--start", type=int, default=10, help="concurrent conversations at the first step (10)")
    parser.add_argument("--step", type=int, default=10, help="conversations added at each step (10)")
    parser.add_argument("--max", type=int, default=400, help="stop ramping here even if within the limit (400)")
    parser.add_argument("--warmup-seconds", type=float, default=10.0, help="warm-up of each step (10)")
    parser.add_argument("--window-seconds", type=float, default=30.0, help="measured window of each step (30)")
    parser.add_argument("--think-seconds", type=float, default=5.0, help="mean think time between turns (5)")
    parser.add_argument("--limit-ms", type=float, default=1000.0, help="the p95 a step must stay within (1000)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a turn counts as failed (30)")
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers of the web app (1)")
    parser.add_argument("--shared-stores", action="store_true",
                        help="one instance too on the PostgreSQL tracker store and Redis lock store that several "
                             "share (default: only several instances use them)")
    parser.add_argument("--seed", type=int, default=16, help="seed of the think times and script choices (16)")
    args = parser.parse_args()
    started = time.monotonic()
    results = [run_instances(int(n), args) for n in args.instances.split(",")]
    report(results, args, time.monotonic() - started)


if __name__ == "__main__":
    main()
