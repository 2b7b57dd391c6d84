"""Rasa's own side of the action server contract, run by the bot environment's Python (Rasa 3.6).

Not a test module: ``tests/actions/test_rasa_sdk_pairing.py`` runs it with ``.venv/bot/bin/python``.
It reads a list of calls ``{"action": NAME, "sender_id": ..., "events": [...], "response": {...}}`` on
standard input (one process for all: importing Rasa takes seconds), builds each tracker and the domain as
the Rasa server does (``bot/domain``, ``bot/endpoints.yml``), and writes the list of results as JSON:

``request``  ``{"rasa": VERSION, "request": BODY}``: the body Rasa's RemoteAction posts to ``/webhook``.
``check``    ``{"events": [TYPE, ...], "messages": [MESSAGE, ...]}``: the response validated by Rasa's
             schema, its events deserialised and its responses rendered, as RemoteAction.run does;
             exits non-zero (with Rasa's error) when Rasa would reject the response.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _tracker_and_domain(call: dict[str, Any]) -> tuple[Any, Any]:
    """Return Rasa's DialogueStateTracker for the call's events and the bot's Domain."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "bot" / "domain"))
    tracker = DialogueStateTracker.from_dict(call["sender_id"], call["events"], slots=domain.slots)
    return tracker, domain


def _remote_action(name: str) -> Any:
    """Return Rasa's RemoteAction for ``name`` with the endpoint configured in bot/endpoints.yml."""
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import read_endpoint_config

    # Every ${VAR} in the file must be set to read it; only the action endpoint's settings matter here.
    os.environ.setdefault("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    os.environ.setdefault("RASA_TRACKER_DB", "unused.db")
    endpoint = read_endpoint_config(str(ROOT / "bot" / "endpoints.yml"), "action_endpoint")
    return RemoteAction(name, endpoint)


def request(call: dict[str, Any]) -> dict[str, Any]:
    """Return Rasa's version and the JSON body Rasa posts to the action server for this call."""
    import rasa

    tracker, domain = _tracker_and_domain(call)
    return {"rasa": rasa.__version__, "request": _remote_action(call["action"])._action_call_format(tracker, domain)}


def check(call: dict[str, Any]) -> dict[str, Any]:
    """Return the event types and messages Rasa takes from the response; raises what Rasa raises."""
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.events import deserialise_events

    tracker, domain = _tracker_and_domain(call)
    action = _remote_action(call["action"])
    response = call["response"]
    action._validate_action_result(response)
    events = deserialise_events(response.get("events", []))
    if len(events) != len(response.get("events", [])):
        raise ValueError(f"Rasa could not read every event in {response.get('events')}")
    output = CollectingOutputChannel()
    uttered = asyncio.run(action._utter_responses(response.get("responses", []), output,
                                                  TemplatedNaturalLanguageGenerator(domain.responses), tracker))
    return {"events": [type(event).__name__ for event in events],
            "messages": [event.as_dict() for event in uttered]}


def main() -> None:
    """Run the command named in argv[1] on each call read from standard input."""
    command = {"request": request, "check": check}[sys.argv[1]]
    json.dump([command(call) for call in json.load(sys.stdin)], sys.stdout, default=str)


if __name__ == "__main__":
    main()
