"""Safety first: the 999 advice before anything else when someone may be in danger, once per turn.

The advice is the prompt ``journey``/``danger_999`` (bot/domain/core.yml; its
words are frontdoor/data/safety.yaml's), sent as a message marked ``safety`` so
each channel can make it stand out.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import prompts
from actions.session import channel_of

SAFETY = "safety"


def latest_text(tracker: Tracker) -> str:
    """Return the text of the latest user message ("" if none)."""
    return str((tracker.latest_message or {}).get("text") or "")


def warned(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Return True when the 999 advice was already given since the person's latest message.

    By this action (``dispatcher``) or by an earlier action of the same turn
    (the tracker's events after the latest user message).
    """
    if any(prompts.is_kind(message, SAFETY) for message in dispatcher.messages):
        return True
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return False
        if kind == "bot" and prompts.is_kind(event.get("data") or {}, SAFETY):
            return True
    return False


def warn(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Send the 999 advice unless it was already given this turn; return True if it was sent now."""
    if warned(dispatcher, tracker):
        return False
    prompts.say(dispatcher, "journey", "danger_999", channel_of(tracker))
    return True
