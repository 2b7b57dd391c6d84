"""action_session_start: remember which channel the conversation is on, and set the safety wording.

The bot's responses name the emergency numbers and safety lines as slots
(``{emergency}``, ``{safety_line}``...); they are set here from
:mod:`frontdoor.safety`, their one home.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from frontdoor import safety
from frontdoor.model import Channel

CHANNELS = ("web", "sms")


def channel_of(tracker: Tracker) -> str:
    """Return "sms" or "web" for the conversation in ``tracker`` (what the bot words its replies for)."""
    value = tracker.get_slot("channel") or tracker.get_latest_input_channel()
    return "sms" if value == "sms" else "web"


def referral_channel(tracker: Tracker) -> Channel:
    """Return the channel a report from ``tracker``'s conversation came by: web, SMS or WhatsApp.

    WhatsApp conversations are text-message conversations to the bot; the webhook
    says which in the latest message's metadata (``medium``).
    """
    if channel_of(tracker) != "sms":
        return Channel.WEB
    latest = next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)
    metadata = (latest or {}).get("metadata") or {}
    return Channel.WHATSAPP if isinstance(metadata, dict) and metadata.get("medium") == "whatsapp" else Channel.SMS


class ActionSessionStart(Action):
    """Start a session, set the ``channel`` slot from the message metadata and the safety wording's slots.

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
        declared = domain.get("slots") or {}
        events.extend(SlotSet(name, value) for name, value in safety.slots().items() if name in declared)
        events.append(ActionExecuted("action_listen"))
        return events
