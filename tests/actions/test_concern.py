"""The concern form's actions, with Tracker.from_dict and CollectingDispatcher."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import prompts, runtime
from actions.concern import (
    ASK_ACTIONS,
    FIELDS,
    ActionAskConcernConfirmed,
    ActionResetConcern,
    ActionSubmitConcern,
    ValidateConcernForm,
    build_draft,
)
from frontdoor.model import PersonRole, ReporterRole
from frontdoor.services import Core
from frontdoor.store.db import Database
from frontdoor.store.models import Referral
from frontdoor.views import Principal
from tests.actions.conftest import asked_by_its_form, is_safety

COMPLETE = {
    "reporter_role": "teacher",
    "reporter_organisation": "Erith Academy",
    "reporter_name": "Ms Jones",
    "reporter_contact": "j.jones@erith.example.sch.uk",
    "subject_name": "Tyrone",
    "subject_age": "14",
    "subject_school": "Erith Academy",
    "subject_area": "Erith",
    "concern_description": "He has been going country with older boys and came back with two phones and cash.",
    "immediate_danger": "no",
    "known_to_social_care": "not sure",
    "parent_aware": "yes",
    "concern_confirmed": "yes",
    "submission_id": "abc123",
}


def tracker(
    text: str,
    *,
    slots: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    requested: str | None = None,
    intent: str = "inform",
    confidence: float = 0.9,
    entities: list[dict[str, Any]] | None = None,
    channel: str = "web",
) -> Tracker:
    """A tracker whose latest user message is ``text`` and whose slots ``new`` were just set."""
    all_slots = {**(slots or {}), **(new or {}), "requested_slot": requested}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "input_channel": channel,
         "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": entities or []}},
    ]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()]
    return Tracker.from_dict({
        "sender_id": "test-session-000000",
        "slots": all_slots,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence},
                           "entities": entities or []},
        "events": events,
        "active_loop": {"name": "concern_form"},
        "latest_action_name": "action_listen",
    })


def run_validation(domain: dict[str, Any], t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateConcernForm().run(dispatcher, t, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


@pytest.mark.parametrize(
    ("slot", "answer", "stored"),
    [
        ("reporter_role", "I'm a teacher", "teacher"),
        ("reporter_role", "Social worker", "social_worker"),
        ("reporter_role", "school nurse", "health"),
        ("reporter_role", "librarian", "other"),
        ("reporter_organisation", "  Erith   Academy ", "Erith Academy"),
        ("reporter_name", "skip", "not given"),
        ("reporter_contact", "call me on 07700 900123", "07700900123"),
        ("reporter_contact", "J.Jones@School.example.org", "j.jones@school.example.org"),
        ("subject_name", "prefer not to say", "not given"),
        ("subject_age", "about 14", "14"),
        ("subject_age", "Year 10", "14"),
        ("subject_age", "not sure", "not sure"),
        ("subject_school", "same as mine", "Erith Academy"),
        ("subject_school", "not in school", "not in school"),
        ("subject_area", "Penge", "Penge"),
        ("subject_area", "near Margate station", "near Margate station"),
        ("immediate_danger", "nope", "no"),
        ("known_to_social_care", "dunno", "not sure"),
        ("parent_aware", "yes his mum knows", "yes"),
    ],
)
def test_answers_are_understood(core, domain, slot, answer, stored):
    t = tracker(answer, slots={"reporter_organisation": "Erith Academy"}, new={slot: answer}, requested=slot)
    slots, messages = run_validation(domain, t)
    assert slots[slot] == stored
    assert not any(is_safety(m) for m in messages)


@pytest.mark.parametrize(
    ("slot", "answer", "hint"),
    [
        ("reporter_contact", "just ask the school office", "e-mail address or a UK phone number"),
        ("subject_age", "he's a lad", "as a number"),
        ("subject_age", "250", "does not look right"),
        ("immediate_danger", "purple", "yes, no or not sure"),
        ("concern_description", "bad", "a little more"),
        ("reporter_organisation", "x" * 400, "under 150 characters"),
    ],
)
def test_unusable_answers_are_asked_again(core, domain, slot, answer, hint):
    slots, messages = run_validation(domain, tracker(answer, new={slot: answer}, requested=slot))
    assert slots[slot] is None
    assert any(hint in (m.get("text") or "") for m in messages)


def test_unknown_place_is_questioned_once_then_accepted(core, domain):
    slots, messages = run_validation(domain, tracker("Narnia", new={"subject_area": "Narnia"},
                                                    requested="subject_area"))
    assert slots["subject_area"] is None and slots["area_unresolved"] == "Narnia"
    assert "don't recognise" in messages[0]["text"]
    slots, _ = run_validation(domain, tracker("not sure", slots={"area_unresolved": "Narnia"},
                                              new={"subject_area": "not sure"}, requested="subject_area"))
    assert slots["subject_area"] == "not sure"


def test_opening_message_fills_the_reporter_role(core, domain):
    t = tracker("I'm a teacher and I'm worried about one of my pupils", intent="report_concern")
    t.active_loop = {}
    slots, _ = run_validation(domain, t)
    assert slots["reporter_role"] == "teacher"
    assert slots["submission_id"]


def test_danger_in_any_answer_gets_999_advice_first(core, domain):
    text = "he's got a knife outside the school right now"
    slots, messages = run_validation(domain, tracker(text, new={"subject_age": text}, requested="subject_age"))
    assert is_safety(messages[0])
    assert slots["subject_age"] is None  # and the age is asked again


def test_yes_to_immediate_danger_gets_999_advice_once(core, domain):
    text = "yes he's being stabbed right now"
    slots, messages = run_validation(domain, tracker(text, new={"immediate_danger": "yes"},
                                                    requested="immediate_danger"))
    assert slots["immediate_danger"] == "yes"
    assert sum(map(is_safety, messages)) == 1


@pytest.mark.parametrize(
    ("editing", "answer", "expected"),
    [
        (False, "Yes, send it", {"concern_confirmed": "yes"}),
        (False, "Change something", {"concern_confirmed": None, "concern_editing": True}),
        (True, "Their age", {"subject_age": None, "concern_confirmed": None, "concern_editing": False}),
        (True, "What you've seen", {"concern_description": None, "concern_confirmed": None}),
        (False, "no, the area is wrong", {"subject_area": None, "concern_confirmed": None}),
    ],
)
def test_summary_answers(core, domain, editing, answer, expected):
    t = tracker(answer, slots={**COMPLETE, "concern_confirmed": None, "concern_editing": editing},
                new={"concern_confirmed": answer}, requested="concern_confirmed")
    slots, _ = run_validation(domain, t)
    for key, value in expected.items():
        assert slots[key] == value


def test_summary_shows_every_answer_and_offers_changes(core, domain):
    dispatcher = CollectingDispatcher()
    ActionAskConcernConfirmed().run(dispatcher, tracker("no", slots={**COMPLETE, "concern_confirmed": None}), domain)
    text = dispatcher.messages[0]["text"]
    for value in ("Teacher or school staff", "Erith Academy", "Tyrone", "age 14", "London Borough of Bexley",
                  "going country"):
        assert value in text
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes, send it", "Change something"]
    dispatcher = CollectingDispatcher()
    ActionAskConcernConfirmed().run(dispatcher, tracker("change", slots={**COMPLETE, "concern_editing": True}),
                                    domain)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == list(FIELDS.values())


def test_draft_keeps_the_young_person_and_reporter_apart():
    draft = build_draft(tracker("yes", slots=COMPLETE))
    assert draft.reporter is not None and draft.reporter.role is ReporterRole.TEACHER
    assert draft.reporter.email == "j.jones@erith.example.sch.uk"
    [person] = draft.people
    assert person.role is PersonRole.YOUNG_PERSON_AT_RISK and person.age == 14 and person.name == "Tyrone"
    assert draft.immediate_danger is False and person.known_to_social_care is None


def test_submit_stores_a_routed_referral_once(core, domain):
    dispatcher = CollectingDispatcher()
    events = ActionSubmitConcern().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    text = dispatcher.messages[0]["text"]
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    assert reference in text and "Bexley Community Safety" in text and "AMBER" in text
    assert all(e["value"] is None for e in events if e["name"] in FIELDS)
    # Rasa retrying the same action must not create a second referral.
    ActionSubmitConcern().run(CollectingDispatcher(), tracker("Yes, send it", slots=COMPLETE), domain)
    with core.db.session() as session:
        rows = session.scalars(select(Referral)).all()
    assert [r.reference for r in rows] == [reference]
    spoc = Principal(1, "spoc@example.org", None, False, frozenset({"bexley-community-safety"}))
    detail = core.queries.get(spoc, reference)
    assert detail.urgency == "amber" and detail.kind == "concern" and detail.channel == "web"
    assert "bexley-education" in [c.id for c in detail.copies]


def test_submit_when_the_database_is_down_keeps_the_answers(core, domain):
    # A real database that cannot be opened, not a stand-in.
    broken = Core.from_settings(core.settings, clock=core.clock,
                                db=Database("sqlite:////proc/front-door-missing/fd.db"))
    runtime.use_core(broken)
    dispatcher = CollectingDispatcher()
    events = ActionSubmitConcern().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    assert "couldn't send your report" in dispatcher.messages[0]["text"]
    assert SlotSet("concern_confirmed", None) in events and FollowupAction("concern_form") in events
    assert not any(e.get("name") == "subject_name" for e in events)  # answers kept


def test_reset_clears_the_form(core, domain):
    events = ActionResetConcern().run(CollectingDispatcher(), tracker("stop", slots=COMPLETE, intent="stop"), domain)
    assert {e["name"] for e in events} >= set(FIELDS) | {"concern_confirmed", "submission_id"}
    assert all(e["value"] is None for e in events)


@pytest.mark.parametrize("slot", list(FIELDS))
def test_every_question_is_asked_by_the_action_server(core, domain, slot):
    action = next(a for a in ASK_ACTIONS if a().name() == f"action_ask_concern_form_{slot}")()
    assert asked_by_its_form(action.name(), domain)
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker("", slots=COMPLETE), domain)
    assert dispatcher.messages[0]["text"].strip()


def test_prompts_cover_the_form_exactly(domain):
    required = domain["forms"]["concern_form"]["required_slots"]
    assert prompts.keys("concern_form") == [s for s in required if s != "concern_confirmed"]


def test_updates_by_email_are_offered_only_when_an_address_was_given(core, domain):
    slots, _ = run_validation(domain, tracker("07700 900123", new={"reporter_contact": "07700 900123"},
                                              requested="reporter_contact"))
    assert slots["reporter_feedback"] == "no"  # not asked: there is nowhere to send them
    slots, _ = run_validation(domain, tracker("j.jones@erith.example.sch.uk",
                                              new={"reporter_contact": "j.jones@erith.example.sch.uk"},
                                              requested="reporter_contact"))
    assert "reporter_feedback" not in slots  # asked next
    slots, _ = run_validation(domain, tracker("yes please", new={"reporter_feedback": "yes please"},
                                              requested="reporter_feedback"))
    assert slots["reporter_feedback"] == "yes"


@pytest.mark.parametrize(("answer", "wanted"), [("yes", True), ("no", False), (None, False)])
def test_the_draft_carries_the_choice_of_updates(answer, wanted):
    draft = build_draft(tracker("yes", slots={**COMPLETE, "reporter_feedback": answer}))
    assert draft.reporter is not None and draft.reporter.feedback is wanted
