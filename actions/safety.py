"""Safety first: the 999 advice before anything else when someone may be in danger."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import core

DANGER_RESPONSE = "utter_danger_999"
_INTENT_CONFIDENCE = 0.8


def latest_text(tracker: Tracker) -> str:
    """Return the text of the latest user message ("" if none)."""
    return str((tracker.latest_message or {}).get("text") or "")


def suggests_danger(tracker: Tracker) -> bool:
    """Return True when the latest message suggests someone is in danger now.

    Either the core's analyser finds danger words in the text, or the NLU is
    confident the intent is ``immediate_danger``.
    """
    text = latest_text(tracker)
    if text.startswith("/"):
        return text.startswith("/immediate_danger")
    intent = (tracker.latest_message or {}).get("intent") or {}
    if intent.get("name") == "immediate_danger" and float(intent.get("confidence") or 0) >= _INTENT_CONFIDENCE:
        return True
    return bool(text) and core().analyser.danger_now(text)


def warn(dispatcher: CollectingDispatcher) -> None:
    """Send the 999 advice, once per action run."""
    if not any(message.get("response") == DANGER_RESPONSE for message in dispatcher.messages):
        dispatcher.utter_message(response=DANGER_RESPONSE)
