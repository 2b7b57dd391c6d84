"""The channel a report came by, read from the conversation (web, SMS, or WhatsApp through the SMS webhook)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.session import channel_of, referral_channel
from frontdoor.model import Channel


def tracker(channel: str | None, metadata: dict[str, Any] | None) -> Tracker:
    events: list[dict[str, Any]] = [{"event": "action", "name": "action_session_start"}]
    events.append({"event": "user", "text": "hello", "input_channel": channel or "rest", "metadata": metadata or {}})
    return Tracker.from_dict({"sender_id": "c1", "slots": {"channel": channel}, "events": events,
                              "latest_message": {"text": "hello", "intent": {}, "entities": []},
                              "latest_input_channel": channel})


@pytest.mark.parametrize(("channel", "metadata", "words", "recorded"), [
    ("web", {"channel": "web"}, "web", Channel.WEB),
    (None, None, "web", Channel.WEB),
    ("sms", {"channel": "sms"}, "sms", Channel.SMS),
    ("sms", {"channel": "sms", "medium": "whatsapp"}, "sms", Channel.WHATSAPP),
    ("web", {"channel": "web", "medium": "whatsapp"}, "web", Channel.WEB),  # only a text conversation is
    ("sms", {"channel": "sms", "medium": "pigeon"}, "sms", Channel.SMS),
])
def test_the_bot_words_for_text_and_the_referral_records_the_medium(
        channel: str | None, metadata: dict[str, Any] | None, words: str, recorded: Channel) -> None:
    t = tracker(channel, metadata)
    assert channel_of(t) == words
    assert referral_channel(t) is recorded
