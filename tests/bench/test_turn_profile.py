"""The chat-turn profile's pieces (bench/turn_profile.py): the timing proxy, the log lines, the breakdown."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench import turn_profile


class Upstream(BaseHTTPRequestHandler):
    """An action server that answers every call with one message."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"events": [], "responses": [{"text": "hello"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_the_proxy_forwards_each_call_and_counts_it_by_action() -> None:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    proxy = turn_profile.ActionProxy(target=f"http://127.0.0.1:{upstream.server_address[1]}/webhook")
    try:
        for name in ("validate_concern_form", "validate_concern_form", "action_choose_journey"):
            response = httpx.post(proxy.url, json={"next_action": name, "tracker": {"events": []}})
            assert response.json()["responses"] == [{"text": "hello"}]
    finally:
        proxy.close()
        upstream.shutdown()
    assert [call.action for call in proxy.calls] == ["validate_concern_form", "validate_concern_form",
                                                    "action_choose_journey"]
    assert all(call.sent > 0 and call.received > 0 and call.seconds > 0 for call in proxy.calls)


def test_the_timing_log_lines_are_read_and_only_those_after_the_offset(tmp_path: Path) -> None:
    log = tmp_path / "rasa.log"
    log.write_text("tracker-timing retrieve 9.000 ms 5 events\n")
    offset = log.stat().st_size
    with log.open("a") as out:
        out.write("INFO frontdoor_tracker - tracker-timing retrieve 2.500 ms 40 events\n"
                  "INFO frontdoor_tracker - tracker-timing save 1.500 ms 7 events\n"
                  "WARNING actions.serve - action-timing validate_concern_form 0.750 ms\n")
    tracker, actions, events = turn_profile.read_log(log, offset)
    assert tracker == {"retrieve": [0.0025], "save": [0.0015]}
    assert events == {"retrieve": 40, "save": 7}
    assert actions == {"validate_concern_form": [0.00075]}


def test_the_breakdown_adds_up_to_the_turn() -> None:
    profile = turn_profile.Profile()
    for position, (seconds, calls) in enumerate([(0.060, 2), (0.040, 1), (0.042, 1)]):
        profile.turn(position, seconds, calls)
    profile.nlu = [0.005, 0.005, 0.005]
    calls = [turn_profile.Call("validate_concern_form", 0.003, 1000, 100)] * 4
    found = turn_profile.breakdown(profile, calls, {"retrieve": [0.002] * 3, "save": [0.001] * 3},
                                   {"validate_concern_form": [0.001] * 4}, {"retrieve": 120, "save": 30})
    turn = found["per_turn"]
    assert turn["action_round_trips"] == 4 / 3 and turn["max_round_trips"] == 2
    parts = ("nlu_parse_ms", "action_calls_ms", "tracker_read_ms", "tracker_write_ms", "rest_ms")
    assert abs(sum(turn[part] for part in parts) - turn["turn_ms"]) < 1e-9
    assert 15 < turn["ms_per_action_call"] < 25  # 60 ms with two calls, about 41 with one
    assert found["actions"]["validate_concern_form"]["calls"] == 4
