"""Fixtures for action tests: a real core on a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from actions import forms, runtime
from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)  # a Monday


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path),
                                  "DATABASE_URL": f"sqlite:///{tmp_path / 'fd.db'}",
                                  "FRONTDOOR_PSEUDONYM_KEY": "33" * 32,
                                  "FRONTDOOR_DATA_KEYS": "MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM="})
    instance = Core.from_settings(settings, clock=lambda: NOW)
    upgrade(instance.db)
    runtime.use_core(instance)
    yield instance
    runtime.use_core(None)
    instance.db.dispose()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The merged bot domain, as the action server receives it."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}, "responses": {}, "actions": []}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for key in ("forms", "slots", "responses"):
            merged[key].update(data.get(key) or {})
        merged["actions"] += data.get("actions") or []
    return merged


def asked_by_its_form(name: str, domain: dict[str, Any]) -> bool:
    """True when the ask action ``name`` is run by its form's validation (actions/forms.py, ``ask_next``).

    It must then not be in the domain too, or Rasa's form would call it and the question be asked twice.
    """
    return name in forms.askers() and name not in domain["actions"]


def is_safety(message: dict[str, Any]) -> bool:
    """True for the 999 advice: a custom message marked ``safety``."""
    custom = message.get("custom") or {}
    return isinstance(custom, dict) and custom.get("kind") == "safety"


class Conversation:
    """A conversation's events as Rasa records them, for trackers of several turns.

    ``user`` adds a message, ``form`` activates a form, ``ask`` records the
    question a form asks, ``set`` fills slots; :meth:`tracker` returns the
    tracker the action server would receive now, with ``new`` slot candidates
    (what Rasa extracted from the latest message) at the end.
    """

    def __init__(self, channel: str = "web", sender: str = "conversation-000000") -> None:
        self.sender = sender
        self.events: list[dict[str, Any]] = [{"event": "session_started"},
                                             {"event": "slot", "name": "channel", "value": channel},
                                             {"event": "action", "name": "action_listen"}]
        self.slots: dict[str, Any] = {"channel": channel, "requested_slot": None}
        self.loop: str | None = None
        self.latest: dict[str, Any] = {}

    def user(self, text: str, intent: str = "inform", confidence: float = 0.9,
             entities: list[dict[str, Any]] | None = None,
             ranking: list[tuple[str, float]] | None = None) -> Conversation:
        parse = {"intent": {"name": intent, "confidence": confidence}, "entities": entities or [], "text": text,
                 "intent_ranking": [{"name": intent, "confidence": confidence}]
                 + [{"name": name, "confidence": value} for name, value in ranking or []]}
        self.events.append({"event": "user", "text": text, "parse_data": parse,
                            "input_channel": self.slots["channel"]})
        self.latest = parse
        return self

    def bot(self, text: str | None = None, custom: dict[str, Any] | None = None) -> Conversation:
        self.events.append({"event": "bot", "text": text, "data": {"custom": custom} if custom else {}})
        return self

    def action(self, name: str) -> Conversation:
        self.events.append({"event": "action", "name": name})
        return self

    def form(self, name: str | None) -> Conversation:
        self.events.append({"event": "active_loop", "name": name})
        self.loop = name
        return self

    def ask(self, slot: str | None) -> Conversation:
        return self.set(requested_slot=slot)

    def set(self, **slots: Any) -> Conversation:
        for name, value in slots.items():
            self.events.append({"event": "slot", "name": name, "value": value})
            self.slots[name] = value
        return self

    def tracker(self, new: dict[str, Any] | None = None) -> Tracker:
        events = self.events + [{"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()]
        return Tracker.from_dict({
            "sender_id": self.sender, "slots": {**self.slots, **(new or {})},
            "latest_message": self.latest, "events": events,
            "active_loop": {"name": self.loop} if self.loop else {},
            "latest_action_name": "action_listen",
        })
