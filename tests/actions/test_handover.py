"""The relocation handover form's actions, with Tracker.from_dict and CollectingDispatcher."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import prompts, runtime
from actions.handover import (
    ASK_ACTIONS,
    FIELDS,
    ActionAskHandoverConfirmed,
    ActionResetHandover,
    ActionSubmitHandover,
    ValidateHandoverForm,
    answers_from,
)
from frontdoor.errors import NotFound
from frontdoor.model import Channel, Urgency
from frontdoor.services import Core
from frontdoor.store.db import Database
from frontdoor.store.models import Referral
from frontdoor.views import Principal
from tests.actions.conftest import asked_by_its_form, is_safety

COMPLETE: dict[str, Any] = {
    "handover_referrer_role": "probation",
    "handover_referrer_agency": "National Probation Service, Hackney",
    "handover_referrer_name": "Jo Smith",
    "handover_referrer_contact": "jo.smith@probation.example.gov.uk",
    "handover_person_name": "Marcus Reid",
    "handover_person_age": "19",
    "handover_person_role": "at_risk",
    "handover_consent": "consented",
    "handover_consent_reason": None,
    "handover_from_area": "hackney",
    "handover_to_area": "bexley",
    "handover_move": "urgent",
    "handover_urgent_because": "threats_or_violence",
    "handover_move_date": "2026-11-23",
    "handover_move_reason": "Stabbed last month; the group that did it have been to his mum's address.",
    "handover_agencies": json.dumps([
        {"agency": "probation", "name": "Jo Smith", "phone": "07700900123", "email": None},
        {"agency": "voluntary", "name": "St Giles Trust, Amy Lee", "phone": "02079460001", "email": None},
    ]),
    "handover_court_orders": "Curfew 7pm to 7am; exclusion zone covering Hackney",
    "handover_positive_requirements": "Attend ETE sessions weekly",
    "handover_risks_to": "Rival group in Hackney",
    "handover_risks_from": "none",
    "handover_aspirations": "College and a job",
    "handover_confirmed": "yes",
    "handover_submission_id": "abc123",
}
BEXLEY_SPOC = Principal(1, "bexley@spoc.example", None, False, frozenset({"bexley-community-safety"}))
HACKNEY_SPOC = Principal(2, "hackney@spoc.example", None, False, frozenset({"hackney-community-safety"}))
BROMLEY_SPOC = Principal(3, "bromley@spoc.example", None, False, frozenset({"bromley-community-safety"}))


def tracker(text: str, *, slots: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
            requested: str | None = None, intent: str = "inform", confidence: float = 0.9) -> Tracker:
    """A tracker whose latest user message is ``text`` and whose slots ``new`` were just set."""
    all_slots = {**(slots or {}), **(new or {}), "requested_slot": requested}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "input_channel": "web",
         "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []}},
    ]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()]
    return Tracker.from_dict({
        "sender_id": "test-session-000000",
        "slots": all_slots,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        "events": events,
        "active_loop": {"name": "handover_form"},
        "latest_action_name": "action_listen",
    })


def run_validation(domain: dict[str, Any], t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateHandoverForm().run(dispatcher, t, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


@pytest.mark.parametrize(
    ("slot", "answer", "stored"),
    [
        ("handover_referrer_role", "Youth Offending Team", "probation"),
        ("handover_referrer_role", "Police", "police"),
        ("handover_referrer_role", "Social care", "social_worker"),
        ("handover_referrer_role", "housing officer", "housing"),
        ("handover_referrer_role", "Jobcentre Plus adviser", "other"),
        ("handover_referrer_contact", "07700 900123", "07700900123"),
        ("handover_person_age", "3/5/2008", "2008-05-03"),
        ("handover_person_age", "about 17", "17"),
        ("handover_person_role", "at risk", "at_risk"),
        ("handover_person_role", "a risk to others", "of_concern"),
        ("handover_consent", "not asked", "not_asked"),
        ("handover_consent", "he refused", "not_consented"),
        ("handover_from_area", "Hackney", "hackney"),
        ("handover_from_area", "Erith", "bexley"),
        ("handover_to_area", "bromley", "bromley"),
        ("handover_move", "urgent, at short notice", "urgent"),
        ("handover_move", "Planned", "planned"),
        ("handover_urgent_because", "yes", "threats_or_violence"),
        ("handover_urgent_because", "no, the tenancy ended", "other"),
        ("handover_move_date", "1/12/2026", "2026-12-01"),
        ("handover_move_date", "not known", "not known"),
        ("handover_court_orders", "none", "none"),
        ("handover_risks_from", "None known", "none"),
    ],
)
def test_answers_are_understood(core, domain, slot, answer, stored):
    # "Why urgent" is asked only about an urgent move.
    slots, messages = run_validation(domain, tracker(answer, slots={"handover_move": "urgent"},
                                                     new={slot: answer}, requested=slot))
    assert slots[slot] == stored
    assert not any(is_safety(m) for m in messages)


@pytest.mark.parametrize(
    ("slot", "answer", "slots", "hint"),
    [
        ("handover_referrer_contact", "ask the office", {}, "e-mail address or a UK phone number"),
        ("handover_person_name", "skip", {}, "needs the person's name"),
        ("handover_person_age", "not known", {}, "approximate age"),
        ("handover_person_age", "3 May", {}, "include the year"),
        ("handover_person_role", "both", {}, "fits best"),
        ("handover_consent", "purple", {}, "yes, no or not asked"),
        ("handover_from_area", "Narnia", {}, "don't recognise"),
        ("handover_to_area", "Hackney", {"handover_from_area": "hackney"}, "different one"),
        ("handover_move", "soonish", {}, "planned or urgent"),
        ("handover_move_date", "not known", {"handover_move": "planned"}, "needs a date"),
        ("handover_move_date", "31/2/2027", {}, "does not exist"),
        ("handover_agencies", "Probation: Jo Smith", {}, "phone number or an e-mail"),
    ],
)
def test_unusable_answers_are_asked_again(core, domain, slot, answer, slots, hint):
    found, messages = run_validation(domain, tracker(answer, slots=slots, new={slot: answer}, requested=slot))
    assert found[slot] is None
    assert any(hint in (m.get("text") or "") for m in messages), messages


def test_agency_lines_are_kept_as_rows(core, domain):
    answer = "Probation: Jo Smith 07700 900123\nYOT - Sam Patel, sam.patel@hackney.example.gov.uk"
    slots, _ = run_validation(domain, tracker(answer, new={"handover_agencies": answer},
                                              requested="handover_agencies"))
    rows = json.loads(slots["handover_agencies"])
    assert [(r["agency"], r["name"]) for r in rows] == [("probation", "Jo Smith"), ("yot", "Sam Patel")]


def test_opening_message_fills_role_areas_and_urgency(core, domain):
    t = tracker("I'm a probation officer and my client is moving from Hackney to Bexley urgently because of "
                "threats", intent="start_handover")
    t.active_loop = {}
    slots, _ = run_validation(domain, t)
    assert slots["handover_referrer_role"] == "probation"
    assert slots["handover_from_area"] == "hackney" and slots["handover_to_area"] == "bexley"
    assert slots["handover_move"] == "urgent"
    assert slots["handover_submission_id"]


def test_opening_message_fills_the_referrer_and_the_person(core, domain):
    t = tracker("I'm Sam Adeyinka, a YOT caseworker with Hackney Youth Justice. I need to hand over a 17 year old, "
                "Kwame Boateng-Reid, who is moving from Hackney to Chatham in Medway.", intent="start_handover")
    t.active_loop = {}
    slots, _ = run_validation(domain, t)
    assert slots["handover_referrer_name"] == "Sam Adeyinka"
    assert slots["handover_referrer_agency"] == "Hackney Youth Justice"
    assert slots["handover_person_name"] == "Kwame Boateng-Reid"
    assert slots["handover_person_age"] == "17"


@pytest.mark.parametrize(
    ("filled", "asked", "skipped"),
    [
        ({"handover_consent": "consented", "handover_move": "planned"}, [],
         ["handover_consent_reason", "handover_urgent_because"]),
        ({"handover_consent": "not_asked", "handover_move": "urgent"},
         ["handover_consent_reason", "handover_urgent_because"], []),
    ],
)
def test_follow_up_questions_only_when_needed(core, domain, filled, asked, skipped):
    required = asyncio.run(ValidateHandoverForm().required_slots(
        domain["forms"]["handover_form"]["required_slots"], CollectingDispatcher(),
        tracker("x", slots=filled), domain))
    assert all(slot in required for slot in asked)
    assert not any(slot in required for slot in skipped)


def test_danger_advice_is_given_once_not_on_every_answer(core, domain):
    text = "they said they will stab him tonight if he stays"
    slots, messages = run_validation(domain, tracker(text, new={"handover_move_reason": text},
                                                    requested="handover_move_reason"))
    assert is_safety(messages[0]) and slots["handover_warned"] is True
    slots, messages = run_validation(domain, tracker(text, slots={"handover_warned": True},
                                                    new={"handover_move_reason": text},
                                                    requested="handover_move_reason"))
    assert slots["handover_move_reason"] == text
    # No advice again: the only message is the next question, asked in the same call.
    assert slots["requested_slot"] == "handover_referrer_role"
    assert [m["text"] for m in messages] == [prompts.text("handover_form", "referrer_role")]


@pytest.mark.parametrize(
    ("editing", "answer", "expected"),
    [
        (False, "Yes, send it", {"handover_confirmed": "yes"}),
        (False, "Change something", {"handover_confirmed": None, "handover_editing": True}),
        (True, "Moving to", {"handover_to_area": None, "handover_editing": False}),
        (True, "Agencies and contacts", {"handover_agencies": None}),
        (False, "no, the date is wrong", {"handover_move_date": None}),
    ],
)
def test_summary_answers(core, domain, editing, answer, expected):
    t = tracker(answer, slots={**COMPLETE, "handover_confirmed": None, "handover_editing": editing},
                new={"handover_confirmed": answer}, requested="handover_confirmed")
    slots, _ = run_validation(domain, t)
    for key, value in expected.items():
        assert slots[key] == value


def test_summary_shows_the_notification_form(core, domain):
    dispatcher = CollectingDispatcher()
    ActionAskHandoverConfirmed().run(dispatcher, tracker("x", slots={**COMPLETE, "handover_confirmed": None}),
                                     domain)
    text = dispatcher.messages[0]["text"]
    for value in ("Probation or YOT", "Marcus Reid", "age 19", "at risk", "Consent: consented",
                  "from London Borough of Hackney to London Borough of Bexley", "Urgent move",
                  "gang violence or threats", "St Giles Trust, Amy Lee", "Curfew", "ETE", "Rival group",
                  "College"):
        assert value in text, value
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes, send it", "Change something"]


def test_answers_keep_the_person_and_the_referrer_apart(core):
    answers = answers_from(tracker("yes", slots=COMPLETE))
    assert answers.person_role == "vulnerable_adult_at_risk"  # 19: an adult at risk, never an exploiter
    assert answers.referrer_name == "Jo Smith" and answers.person_name == "Marcus Reid"
    assert answers.consent_reason is None and answers.risks_from_person is None
    assert answers.urgent_because == "threats_or_violence"
    of_concern = answers_from(tracker("yes", slots={**COMPLETE, "handover_person_role": "of_concern"}))
    assert of_concern.person_role == "alleged_exploiter"
    child = answers_from(tracker("yes", slots={**COMPLETE, "handover_person_age": "2010-01-02"}))
    assert child.person_role == "young_person_at_risk" and child.date_of_birth == "2010-01-02"
    assert core.handovers.problems(answers) == {}


def test_what_the_opening_told_of_harm_is_kept_with_the_answers(core):
    opening = ("I'm a YOT worker and need to notify you of a move: Marcus is being moved from Hackney to Bexley "
               "next week. An Osman warning was served on him last week.")
    planned = {**COMPLETE, "handover_move": "planned", "handover_urgent_because": None,
               "handover_move_reason": "Closer to his family and college", "handover_risks_to": "none",
               "handover_court_orders": "none", "requested_slot": "handover_confirmed"}
    t = Tracker.from_dict({
        "sender_id": "handover-opening", "slots": planned,
        "latest_message": {"text": "yes", "intent": {"name": "affirm", "confidence": 0.99}, "entities": []},
        "events": [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": opening, "input_channel": "web",
             "parse_data": {"intent": {"name": "handover", "confidence": 0.99}, "entities": []}},
            {"event": "slot", "name": "requested_slot", "value": "handover_confirmed"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "yes", "input_channel": "web",
             "parse_data": {"intent": {"name": "affirm", "confidence": 0.99}, "entities": []}},
        ],
        "active_loop": {"name": "handover_form"}, "latest_action_name": "action_listen",
    })
    answers = answers_from(t)
    assert answers.disclosures == opening
    # Stored and triaged: the warning counts (red), the move it names is not trafficking.
    result = core.handovers.submit_handover(answers, channel=Channel.WEB, source_key="handover-opening")
    assert result.submission.urgency is Urgency.RED
    assert any("threat to life" in reason.lower() for reason in result.submission.reasons)
    assert not any("trafficked" in reason.lower() for reason in result.submission.reasons)
    # Without the opening the same answers are a planned move without threats.
    quiet = core.handovers.submit_handover(replace(answers, disclosures=None), channel=Channel.WEB,
                                           source_key="handover-quiet")
    assert quiet.submission.urgency is not Urgency.RED


def test_submit_reaches_the_destination_with_a_copy_to_the_origin_once(core, domain):
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHandover().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    text = dispatcher.messages[0]["text"]
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    assert reference in text and "Bexley Community Safety" in text and "RED" in text
    assert "Hackney Integrated Gangs Unit" in text and "information-only copy" in text
    assert all(e["value"] is None for e in events if e["name"] in FIELDS)
    ActionSubmitHandover().run(CollectingDispatcher(), tracker("Yes, send it", slots=COMPLETE), domain)
    with core.db.session() as session:
        assert [r.reference for r in session.scalars(select(Referral)).all()] == [reference]
    owner = core.queries.get(BEXLEY_SPOC, reference)
    assert owner.kind == "handover" and owner.urgency == "red" and owner.channel == "web"
    assert owner.inbox.id == "bexley-community-safety" and not owner.is_copy
    assert "Urgent relocation because of threats or violence" in owner.reasons
    copy = core.queries.get(HACKNEY_SPOC, reference)
    assert copy.is_copy
    with pytest.raises(NotFound):
        core.queries.get(BROMLEY_SPOC, reference)


def test_a_problem_found_at_submission_reopens_that_question(core, domain):
    slots = {**COMPLETE, "handover_move": "planned", "handover_move_date": "not known"}
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHandover().run(dispatcher, tracker("Yes, send it", slots=slots), domain)
    assert "couldn't send" in dispatcher.messages[0]["text"]
    assert SlotSet("handover_move_date", None) in events and FollowupAction("handover_form") in events


def test_submit_when_the_database_is_down_keeps_the_answers(core, domain):
    broken = Core.from_settings(core.settings, clock=core.clock,
                                db=Database("sqlite:////proc/front-door-missing/fd.db"))
    runtime.use_core(broken)
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHandover().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    assert "couldn't send your report" in dispatcher.messages[0]["text"]
    assert SlotSet("handover_confirmed", None) in events and FollowupAction("handover_form") in events
    assert not any(e.get("name") == "handover_person_name" for e in events)


def test_reset_clears_the_form(core, domain):
    events = ActionResetHandover().run(CollectingDispatcher(), tracker("stop", slots=COMPLETE, intent="stop"),
                                       domain)
    assert {e["name"] for e in events} >= set(FIELDS) | {"handover_confirmed", "handover_submission_id"}
    assert all(e["value"] is None for e in events)


@pytest.mark.parametrize("slot", list(FIELDS))
def test_every_question_is_asked_by_the_action_server(core, domain, slot):
    action = next(a for a in ASK_ACTIONS if a().name() == f"action_ask_{slot}")()
    assert asked_by_its_form(action.name(), domain)
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker("", slots=COMPLETE), domain)
    text = dispatcher.messages[0]["text"]
    assert text.strip() and "{" not in text


def test_prompts_cover_the_form_exactly(domain):
    required = domain["forms"]["handover_form"]["required_slots"]
    assert ["handover_" + key for key in prompts.keys("handover_form")] == [
        s for s in required if s != "handover_confirmed"]
