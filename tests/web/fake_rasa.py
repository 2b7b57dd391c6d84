"""A tiny real Rasa stand-in: an HTTP server on 127.0.0.1 in a background thread.

It implements the two endpoints the web shell uses — the REST channel
(``POST /webhooks/rest/webhook``) and the tracker (``GET
/conversations/<id>/tracker``) — plus ``GET /``. ``mode`` switches behaviour:

``echo``      canned replies with buttons (the default)
``empty``     an empty list of replies
``error``     HTTP 500
``bad_json``  200 with a body that is not JSON
``slow``      waits (until ``release`` is set, at most 5 s) before answering
``canned``    answers with ``canned`` (any JSON) as it is
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable
from typing import Any

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

GREETING_TEXT = "Hello, I'm Front Door. What would you like to do?"
GREETING_BUTTONS = [
    {"title": "Report a concern", "payload": "/report_concern"},
    {"title": "I need help", "payload": "/get_help"},
]
ECHO_BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
_TRACKER = re.compile(r"^/conversations/([^/]+)/tracker$")


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


class FakeRasa:
    """The WSGI app and its state (inspect ``requests`` and ``trackers`` in tests)."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.mode = "echo"
            self.requests: list[dict[str, Any]] = []
            self.tracker_requests: list[dict[str, str]] = []
            self.trackers: dict[str, list[dict[str, Any]]] = {}
            self.release = threading.Event()
            self.canned: Any = None

    # --- behaviour -------------------------------------------------------------
    @staticmethod
    def replies(message: str) -> list[dict[str, Any]]:
        if message == "/greet":
            return [{"text": GREETING_TEXT, "buttons": GREETING_BUTTONS}]
        return [
            {"text": f"You said: {message}", "buttons": ECHO_BUTTONS},
            {"text": "Is there anything else?"},
        ]

    def _record(self, sender: str, message: str, replies: Iterable[dict[str, Any]]) -> None:
        events = self.trackers.setdefault(sender, [])
        now = time.time()
        if not events:
            events.append({"event": "action", "name": "action_session_start", "timestamp": now})
            events.append({"event": "session_started", "timestamp": now})
        events.append({"event": "user", "text": message, "timestamp": now,
                       "parse_data": {"intent": {"name": "x"}}})
        events.append({"event": "action", "name": "utter_x", "timestamp": now})
        for reply in replies:
            events.append({
                "event": "bot", "text": reply.get("text"), "timestamp": now,
                "data": {"buttons": reply.get("buttons"), "elements": None, "image": None,
                         "custom": reply.get("custom")},
            })

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        return self.dispatch(request)(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        if request.path == "/health" and request.method == "GET":
            # The action server's health check (the fake plays both servers).
            if self.mode == "actions_down":
                return Response("unavailable", status=503)
            return _json({"status": "ok"})
        if request.path == "/" and request.method == "GET":
            if self.mode == "error":
                return Response("internal error", status=500)
            return Response("Hello from Rasa: 3.6.21 (fake)", mimetype="text/plain")
        if request.path == "/webhooks/rest/webhook" and request.method == "POST":
            body = json.loads(request.get_data(as_text=True))
            with self.lock:
                self.requests.append(body)
                mode = self.mode
            if mode == "slow":
                self.release.wait(5)
            if mode == "error":
                return Response("internal error", status=500)
            if mode == "bad_json":
                return Response("<html>not json</html>", mimetype="text/html")
            if mode == "canned":
                with self.lock:
                    if isinstance(self.canned, list):
                        self._record(body["sender"], body["message"],
                                     [r for r in self.canned if isinstance(r, dict)])
                return _json(self.canned)
            replies = [] if mode == "empty" else self.replies(body["message"])
            with self.lock:
                self._record(body["sender"], body["message"], replies)
            return _json([{"recipient_id": body["sender"], **reply} for reply in replies])
        match = _TRACKER.match(request.path)
        if match and request.method == "GET":
            with self.lock:
                self.tracker_requests.append(dict(request.args))
                if self.mode == "error":
                    return Response("internal error", status=500)
                if self.token and request.args.get("token") != self.token:
                    return _json({"status": "failure", "reason": "NotAuthenticated"}, 401)
                events = list(self.trackers.get(match.group(1), []))
            return _json({"sender_id": match.group(1), "events": events, "slots": {}})
        return _json({"status": "failure", "reason": "not found"}, 404)


class FakeRasaServer:
    """Run a :class:`FakeRasa` on a free port until :meth:`stop`."""

    def __init__(self, token: str | None = None) -> None:
        self.app = FakeRasa(token)
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-rasa", daemon=True)

    def start(self) -> FakeRasaServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.app.release.set()
        self._server.shutdown()
        self._thread.join(5)
