"""Where a chat turn's time goes on the bare Rasa path: NLU, action calls, tracker store, the rest.

Used by ``bench/chat_turn.py`` after its timed runs, on the same stack restarted
for profiling:

- every call Rasa makes to the action server goes through :class:`ActionProxy`, a
  small timing reverse proxy (``ACTION_SERVER_URL`` points at it), which counts
  round trips per turn and times each by action name with its payload sizes;
- the action server logs each action's own running time (``FRONTDOOR_ACTION_TIMING``,
  ``actions/serve.py``): the core's work and the action's, without HTTP and JSON;
- the tracker store logs how long each read and write took (``FRONTDOOR_TRACKER_TIMING``,
  ``bot/frontdoor_tracker.py``); durations and event counts only, never content;
- NLU alone is Rasa's ``/model/parse`` on the same texts.

What is left of the turn (total less NLU, action round trips and tracker store)
is Rasa's policies, its HTTP channel and response generation. The proxy's own
hop is not in the action figures (it times only the forwarded call) but is in
the profiled turn's total, so the profiled total is a little above the unprofiled one.
"""

from __future__ import annotations

import json
import re
import statistics
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from time import perf_counter
from typing import Any

import httpx

#: The environment that turns the timing logs on.
TIMING_ENV = {"FRONTDOOR_TRACKER_TIMING": "1", "FRONTDOOR_ACTION_TIMING": "1"}

TRACKER_LINE = re.compile(r"tracker-timing (\w+) ([\d.]+) ms (\d+) events")
ACTION_LINE = re.compile(r"action-timing (\S+) ([\d.]+) ms")


@dataclass
class Call:
    """One call from Rasa to the action server."""

    action: str
    seconds: float
    sent: int
    received: int


@dataclass
class ActionProxy:
    """A reverse proxy in front of the action server that times and counts every call."""

    target: str = ""
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                started = perf_counter()
                response = proxy._client.post(proxy.target, content=body,
                                              headers={"Content-Type": "application/json"})
                took = perf_counter() - started
                try:
                    action = str(json.loads(body).get("next_action"))
                except ValueError:
                    action = "?"
                with proxy._lock:
                    proxy.calls.append(Call(action, took, len(body), len(response.content)))
                self.send_response(response.status_code)
                self.send_header("Content-Type", response.headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(response.content)))
                self.end_headers()
                self.wfile.write(response.content)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        """The address Rasa's ``ACTION_SERVER_URL`` is set to."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/webhook"

    def close(self) -> None:
        self._server.shutdown()
        self._client.close()


@dataclass
class Profile:
    """What the profiled turns spent, collected by :func:`breakdown`."""

    turns: list[float] = field(default_factory=list)
    calls_per_turn: list[int] = field(default_factory=list)
    nlu: list[float] = field(default_factory=list)
    by_position: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def turn(self, position: int, seconds: float, calls: int) -> None:
        """Record the turn at ``position`` of its conversation: its time and its action calls."""
        self.turns.append(seconds)
        self.calls_per_turn.append(calls)
        self.by_position[position].append(calls)


def read_log(path: Path, offset: int) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    """Return (tracker timings by operation, action run times by name, events read/written) logged after ``offset``."""
    text = path.read_bytes()[offset:].decode(errors="replace") if path.exists() else ""
    tracker: dict[str, list[float]] = defaultdict(list)
    events: dict[str, int] = defaultdict(int)
    actions: dict[str, list[float]] = defaultdict(list)
    for match in TRACKER_LINE.finditer(text):
        tracker[match[1]].append(float(match[2]) / 1000)
        events[match[1]] += int(match[3])
    for match in ACTION_LINE.finditer(text):
        actions[match[1]].append(float(match[2]) / 1000)
    return tracker, actions, events


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def breakdown(profile: Profile, calls: list[Call], tracker: dict[str, list[float]],
              action_runs: dict[str, list[float]], events: dict[str, int]) -> dict[str, Any]:
    """Return the per-turn breakdown (means, in ms), round trips by turn and the per-action table."""
    turns = len(profile.turns)
    per_turn = {
        "turn_ms": statistics.fmean(profile.turns) * 1000,
        "nlu_parse_ms": statistics.fmean(profile.nlu) * 1000,
        "action_round_trips": statistics.fmean(profile.calls_per_turn),
        "max_round_trips": max(profile.calls_per_turn),
        "action_calls_ms": sum(c.seconds for c in calls) / turns * 1000,
        "action_run_ms": sum(sum(v) for v in action_runs.values()) / turns * 1000,
        "tracker_reads": len(tracker.get("retrieve", [])) / turns,
        "tracker_read_ms": sum(tracker.get("retrieve", [])) / turns * 1000,
        "tracker_write_ms": sum(tracker.get("save", [])) / turns * 1000,
        "events_per_read": events.get("retrieve", 0) / max(1, len(tracker.get("retrieve", []))),
    }
    if len(set(profile.calls_per_turn)) > 1:
        # What one more action call adds to a turn, all told: Rasa serialising the tracker and checking the
        # response, HTTP, the action. An estimate: the turns with more calls also differ in other ways.
        per_turn["ms_per_action_call"] = statistics.linear_regression(
            profile.calls_per_turn, profile.turns).slope * 1000
    per_turn["rest_ms"] = (per_turn["turn_ms"] - per_turn["nlu_parse_ms"] - per_turn["action_calls_ms"]
                           - per_turn["tracker_read_ms"] - per_turn["tracker_write_ms"])
    by_action: dict[str, list[Call]] = defaultdict(list)
    for call in calls:
        by_action[call.action].append(call)
    table = {
        name: {
            "calls": len(items),
            "round_trip_ms": statistics.fmean(c.seconds for c in items) * 1000,
            "run_ms": statistics.fmean(action_runs[name]) * 1000 if action_runs.get(name) else float("nan"),
            "request_kb": statistics.fmean(c.sent for c in items) / 1024,
            "response_kb": statistics.fmean(c.received for c in items) / 1024,
        }
        for name, items in sorted(by_action.items(), key=lambda kv: -sum(c.seconds for c in kv[1]))
    }
    positions = {str(i): statistics.fmean(profile.by_position[i]) for i in sorted(profile.by_position)}
    return {"turns": turns, "per_turn": per_turn, "round_trips_by_position": positions, "actions": table}


def show(found: dict[str, Any]) -> None:
    """Print what :func:`breakdown` returned."""
    turns, per_turn, table = found["turns"], found["per_turn"], found["actions"]
    print(f"\nwhere a bare Rasa turn goes ({turns} profiled turns; mean per turn, ms):")
    print(f"  whole turn (through the timing proxy) {per_turn['turn_ms']:7.1f}")
    print(f"  NLU alone (/model/parse)             {per_turn['nlu_parse_ms']:7.1f}")
    print(f"  action server calls                  {per_turn['action_calls_ms']:7.1f}"
          f"  ({per_turn['action_round_trips']:.2f} round trips per turn, max {per_turn['max_round_trips']:.0f})")
    print(f"    of which the actions' own work     {per_turn['action_run_ms']:7.1f}  (core and action code, no HTTP)")
    print(f"  tracker store reads                  {per_turn['tracker_read_ms']:7.1f}"
          f"  ({per_turn['tracker_reads']:.1f} per turn, {per_turn['events_per_read']:.0f} events each)")
    print(f"  tracker store writes                 {per_turn['tracker_write_ms']:7.1f}")
    print(f"  the rest: policies, HTTP, responses  {per_turn['rest_ms']:7.1f}"
          "  (and Rasa's side of each action call)")
    if "ms_per_action_call" in per_turn:
        print(f"  one more action call adds about      {per_turn['ms_per_action_call']:7.1f}"
              "  to a turn, all told (slope of turn time on round trips)")
    print("  round trips at each turn of the conversation: "
          + " ".join(f"{n:.0f}" for n in found["round_trips_by_position"].values()))
    print(f"{'action':44} {'calls':>6} {'trip ms':>8} {'run ms':>7} {'req KB':>7} {'resp KB':>8}")
    for name, row in table.items():
        print(f"{name:44} {row['calls']:>6} {row['round_trip_ms']:>8.1f} {row['run_ms']:>7.1f}"
              f" {row['request_kb']:>7.1f} {row['response_kb']:>8.1f}")
