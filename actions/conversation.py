"""What the person has said in this conversation, from the tracker, for the core to read.

The core keeps no state between turns: the record of what someone said is
rebuilt from the tracker's events each time it is needed (each message is read
once and cached by the core's reader). A conversation's record starts afresh
after a report is sent or stopped, and at a new session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions import safety
from actions.runtime import core
from actions.session import channel_of
from frontdoor.understanding import DANGER_INTENT, Message, Reading, Record, Said, read_conversation, with_danger_score

#: Actions after which a new report starts with a clean record.
BOUNDARIES = frozenset({
    "action_submit_concern", "action_reset_concern", "action_submit_tip", "action_reset_tip",
    "action_submit_parent", "action_reset_parent", "action_support_finish", "action_reset_support",
    "action_signpost_services", "action_reset_signpost", "action_submit_hospital", "action_reset_hospital",
    "action_submit_handover", "action_reset_handover", "action_session_start",
})


def said(events: list[Mapping[str, Any]]) -> list[Said]:
    """Return the person's messages since the last boundary, each with the question it answered.

    A message answers the question a form was asking when it was typed (the
    ``requested_slot`` while a form was active); outside a form it answers none.
    """
    start = 0
    for index, event in enumerate(events):
        if event.get("event") == "session_started" or (
                event.get("event") == "action" and event.get("name") in BOUNDARIES):
            start = index + 1
    messages: list[Said] = []
    loop: str | None = None
    requested: str | None = None
    for event in events[:start]:
        if event.get("event") == "active_loop":
            loop = event.get("name")
        elif event.get("event") == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
    for event in events[start:]:
        kind = event.get("event")
        if kind == "active_loop":
            loop = event.get("name")
            if not loop:
                requested = None
        elif kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "user":
            text = str(event.get("text") or "")
            if text:
                messages.append(Said(text, requested if loop else None, _danger_score(event.get("parse_data") or {})))
    return messages


def asked(events: list[Mapping[str, Any]]) -> set[str]:
    """Return the questions (slots) asked since the last boundary."""
    names: set[str] = set()
    for event in reversed(events):
        if event.get("event") == "session_started" or (
                event.get("event") == "action" and event.get("name") in BOUNDARIES):
            break
        if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value"):
            names.add(str(event.get("value")))
    return names


def record(tracker: Tracker) -> Record:
    """Return the core's record of what the person has said so far."""
    return read_conversation(core().reader, said(tracker.events))


def _danger_score(parse: Mapping[str, Any]) -> float:
    """The ``immediate_danger`` score in one message's NLU result (0 if not ranked)."""
    for ranked in [parse.get("intent") or {}, *(parse.get("intent_ranking") or [])]:
        if ranked.get("name") == DANGER_INTENT:
            return float(ranked.get("confidence") or 0.0)
    return 0.0


def danger_score(tracker: Tracker) -> float:
    """Return the NLU's ``immediate_danger`` score for the latest message (0 if not ranked)."""
    return _danger_score(tracker.latest_message or {})


def reading(tracker: Tracker) -> Reading:
    """Return the core's reading of the latest message, danger now included when the NLU is sure of it."""
    return with_danger_score(core().reader.read(safety.latest_text(tracker)), danger_score(tracker))


def message(tracker: Tracker) -> Message:
    """Return the latest message as the journey chooser sees it: reading, intent, confidence, entities."""
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    name = intent.get("name")
    text = safety.latest_text(tracker)
    if not name and text.startswith("/"):
        name = text[1:].split("{", 1)[0].split("@", 1)[0]
    entities = {str(e.get("entity")): str(e.get("value")) for e in latest.get("entities") or []
                if e.get("entity") and e.get("value") is not None}
    ranking = tuple((str(item.get("name")), float(item.get("confidence") or 0.0))
                    for item in latest.get("intent_ranking") or [] if item.get("name"))
    return Message(core().reader.read(text), intent=name or None, confidence=float(intent.get("confidence") or 0.0),
                   entities=entities, channel=channel_of(tracker), danger_score=danger_score(tracker),
                   ranking=ranking)
