"""The anonymous tip form's actions and the session start action."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from actions.tip import ASK_ACTIONS, FORM_SLOTS, ActionResetTip, ActionSubmitTip, ValidateTipForm, build_tip
from frontdoor.model import Channel, Kind
from frontdoor.services.followup import PLACEHOLDER
from frontdoor.views import Principal
from tests.actions.conftest import is_safety


def tracker(text: str, *, slots: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
            requested: str | None = None, active: bool = True, channel: str = "sms",
            intent: str = "inform") -> Tracker:
    all_slots = {"channel": channel, **(slots or {}), **(new or {}), "requested_slot": requested}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": text, "input_channel": channel,
         "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []}},
        *({"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()),
    ]
    return Tracker.from_dict({
        "sender_id": "sms-0123456789abcdef0123456789abcdef", "slots": all_slots,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        # Rasa activates the form before validating the opening message.
        "events": events, "active_loop": {"name": "tip_form"},
        "latest_action_name": "action_listen",
    })


def validate(domain: dict[str, Any], t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateTipForm().run(dispatcher, t, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def test_the_opening_message_gives_what_and_where(core, domain) -> None:
    text = "lads shotting from a trap house on Green Lane in Penge"
    slots, _ = validate(domain, tracker(text, active=False, intent="report_tip"))
    assert slots["tip_description"] == text
    assert slots["tip_place"] == "Penge"
    assert "tip_when" not in slots


def test_a_short_opening_asks_for_everything(core, domain) -> None:
    slots, _ = validate(domain, tracker("I want to report something", active=False, intent="report_tip"))
    assert "tip_description" not in slots and "tip_place" not in slots


@pytest.mark.parametrize(
    ("slot", "answer", "stored"),
    [
        ("tip_description", "kids selling drugs behind the shops", "kids selling drugs behind the shops"),
        ("tip_place", "Erith", "Erith"),
        ("tip_place", "not sure", "not sure"),
        ("tip_when", "most evenings after 9", "most evenings after 9"),
        ("tip_when", "dunno", "not sure"),
        ("tip_danger", "NO", "no"),
        ("tip_danger", "not sure", "not sure"),
    ],
)
def test_answers(core, domain, slot: str, answer: str, stored: str) -> None:
    slots, _ = validate(domain, tracker(answer, new={slot: answer}, requested=slot))
    assert slots[slot] == stored


def test_an_unknown_place_is_questioned_once_then_kept_with_the_answer(core, domain) -> None:
    slots, messages = validate(domain, tracker("the rec", new={"tip_place": "the rec"}, requested="tip_place"))
    assert slots["tip_place"] is None and slots["tip_place_unresolved"] == "the rec"
    assert 'I don\'t know "the rec"' in messages[0]["text"]  # SMS wording
    slots, _ = validate(domain, tracker("Sidcup", slots={"tip_place_unresolved": "the rec"},
                                        new={"tip_place": "Sidcup"}, requested="tip_place"))
    assert slots["tip_place"] == "the rec, Sidcup"


def test_yes_to_danger_gets_999_advice(core, domain) -> None:
    slots, messages = validate(domain, tracker("yes", new={"tip_danger": "yes"}, requested="tip_danger"))
    assert slots["tip_danger"] == "yes" and is_safety(messages[0])


@pytest.mark.parametrize("channel", ["sms", "web"])
def test_questions_use_the_channels_words(core, domain, channel: str) -> None:
    for action_type in ASK_ACTIONS:
        dispatcher = CollectingDispatcher()
        action_type().run(dispatcher, tracker("", channel=channel), domain)
        [message] = dispatcher.messages
        if channel == "sms":
            assert len(message["text"]) <= 160 and message["buttons"] == []
    assert [a().name() for a in ASK_ACTIONS] == [f"action_ask_tip_form_{s}" for s in FORM_SLOTS]


COMPLETE = {"tip_description": "older boys dealing from a flat", "tip_place": "Margate",
            "tip_when": "every night", "tip_danger": "no", "tip_submission_id": "t1"}


def test_the_tip_is_anonymous_and_carries_where_and_when() -> None:
    draft = build_tip(tracker("no", slots=COMPLETE))
    assert draft.kind is Kind.TIP and draft.channel is Channel.SMS and draft.reporter is None
    assert draft.area == "Margate" and draft.when == "every night" and draft.immediate_danger is False
    assert "Where: Margate" in draft.description and draft.people == []


def test_submit_gives_a_reference_and_a_code_placeholder(core, domain) -> None:
    dispatcher = CollectingDispatcher()
    events = ActionSubmitTip().run(dispatcher, tracker("no", slots=COMPLETE), domain)
    text = dispatcher.messages[0]["text"]
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    assert reference in text and "Thanet" in text and "delete this thread" in text
    assert PLACEHOLDER.search(text)  # the channel turns it into a code
    assert all(e["value"] is None for e in events if e["name"] in FORM_SLOTS)
    spoc = Principal(1, "t@spoc.example", None, False, frozenset({"thanet-community-safety"}))
    detail = core.queries.get(spoc, reference)
    assert detail.anonymous and detail.followup_enabled and detail.kind == "tip"


def test_reset(domain) -> None:
    events = ActionResetTip().run(CollectingDispatcher(), tracker("stop", slots=COMPLETE), domain)
    assert {e["name"] for e in events} >= set(FORM_SLOTS) and all(e["value"] is None for e in events)


@pytest.mark.parametrize(("metadata", "channel"), [({"channel": "sms"}, "sms"), ({"channel": "web"}, "web"),
                                                   (None, "web"), ({"channel": "other"}, "web")])
def test_session_start_sets_the_channel(metadata: Any, channel: str) -> None:
    t = tracker("", slots={"session_started_metadata": metadata}, channel="web")
    events = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), t, {}))
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert SlotSet("channel", channel) in events


@pytest.mark.parametrize(("number", "told"), [
    ("+447700900123", "texting them to the Front Door number, 07700 900123"),
    (None, None),
])
def test_on_the_web_the_tipster_is_told_the_text_number_only_when_there_is_one(
        core, domain, monkeypatch, number: str | None, told: str | None) -> None:
    import dataclasses

    monkeypatch.setattr(core, "settings", dataclasses.replace(core.settings, sms_number=number))
    dispatcher = CollectingDispatcher()
    ActionSubmitTip().run(dispatcher, tracker("no", slots=COMPLETE, channel="web"), domain)
    text = dispatcher.messages[0]["text"]
    if told:
        assert told in text and PLACEHOLDER.search(text)
    else:  # no text number: no promise of texting, and no code that could not be used
        assert "text" not in text.lower().replace("context", "") and not PLACEHOLDER.search(text)
        assert "quote it if you get in touch" in text
