"""action_session_start: remember which channel the conversation is on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

CHANNELS = ("web", "sms")


def channel_of(tracker: Tracker) -> str:
    """Return "sms" or "web" for the conversation in ``tracker``."""
    value = tracker.get_slot("channel") or tracker.get_latest_input_channel()
    return "sms" if value == "sms" else "web"


class ActionSessionStart(Action):
    """Start a session and set the ``channel`` slot from the message metadata.

    The SMS webhook and the web chat send ``{"channel": "sms" | "web"}`` as
    metadata; nothing else from the request (no number, no address) exists.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        metadata: Any = tracker.get_slot("session_started_metadata") or {}
        channel = metadata.get("channel") if isinstance(metadata, dict) else None
        events: list[EventType] = [SessionStarted()]
        events.append(SlotSet("channel", channel if channel in CHANNELS else "web"))
        events.append(ActionExecuted("action_listen"))
        return events
