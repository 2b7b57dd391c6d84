"""The hospital referral form's actions, with Tracker.from_dict and CollectingDispatcher against a real core."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from sqlalchemy import select

from actions import forms, prompts, runtime
from actions.hospital import (
    ASK_ACTIONS,
    BOOKKEEPING_SLOTS,
    FIELDS,
    FORM_SLOTS,
    ActionAskHospitalConfirmed,
    ActionResetHospital,
    ActionSubmitHospital,
    ValidateHospitalForm,
    build_answers,
)
from frontdoor.services import Core
from frontdoor.store.db import Database
from frontdoor.store.models import Referral
from frontdoor.views import Principal
from tests.actions.conftest import asked_by_its_form, is_safety

SENDER = "test-sender-hospital-0001"
NURSE = "I'm an A&E nurse at Queen Elizabeth Hospital, we have a 16 year old from Erith with a stab wound"
BEXLEY = Principal(1, "spoc@bexley.example", None, False, frozenset({"bexley-community-safety"}))
COMPLETE = {
    "hospital_injury": "stab",
    "hospital_age": "16",
    "hospital_area": "Erith",
    "hospital_police_aware": "yes",
    "hospital_consent": "consented",
    "hospital_threats": "no",
    "hospital_discharge": "none",
    "hospital_patient_name": "Tyrone",
    "hospital_workplace": "Queen Elizabeth Hospital, A&E",
    "hospital_reporter_name": "Sam Patel",
    "hospital_reporter_contact": "02079460123",
    "hospital_confirmed": "yes",
    "hospital_submission_id": "sub-1",
}


def tracker(text: str, *, slots: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
            requested: str | None = None, intent: str = "inform", confidence: float = 0.9,
            after: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest user message is ``text`` and whose slots ``new`` were just set."""
    all_slots = {"channel": "web", **(slots or {}), **(new or {}), "requested_slot": requested}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "input_channel": "web",
         "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []}},
        *(after or []),
        *({"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()),
    ]
    return Tracker.from_dict({
        "sender_id": SENDER, "slots": all_slots,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        "events": events, "active_loop": {"name": "hospital_form"}, "latest_action_name": "action_listen",
    })


def validate(domain: dict[str, Any], t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateHospitalForm().run(dispatcher, t, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def answer(domain: dict[str, Any], slot: str, text: str, slots: dict[str, Any] | None = None,
           **kwargs: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate ``text`` given as the answer to the question for ``slot``."""
    return validate(domain, tracker(text, slots={"hospital_submission_id": "sub-1", **(slots or {})},
                                    new={slot: text}, requested=slot, **kwargs))


def warned(messages: list[dict[str, Any]]) -> bool:
    return any(is_safety(m) for m in messages)


def referrals(core: Core) -> list[Referral]:
    with core.db.session() as session:
        return list(session.scalars(select(Referral)).all())


# --- the opening message ---------------------------------------------------------------------
def test_the_opening_message_answers_the_first_questions(core, domain):
    slots, messages = validate(domain, tracker(NURSE, intent="hospital_referral"))
    assert slots["hospital_injury"] == "stab"
    assert slots["hospital_age"] == "16"
    assert slots["hospital_area"] == "Erith"
    assert slots["hospital_workplace"] == "Queen Elizabeth Hospital, A&E"
    assert slots["hospital_submission_id"]
    assert "So far: stab wound, aged 16, from Erith; you're at Queen Elizabeth Hospital, A&E." in messages[0]["text"]
    assert not warned(messages), "a stab wound being treated is not a danger-now report"


@pytest.mark.parametrize(("text", "expected"), [
    ("ED nurse, patient from Bromley came in with a stab wound",
     {"hospital_injury": "stab", "hospital_area": "Bromley"}),
    ("doctor at the Princess Royal, 17 year old attended with a gunshot wound",
     {"hospital_injury": "gunshot", "hospital_age": "17", "hospital_workplace": "Princess Royal"}),
    ("patient aged 19, beaten up by a group", {"hospital_injury": "other_assault", "hospital_age": "19"}),
    ("I'm a nurse in Woolwich, teenager came in with a knife wound", {"hospital_injury": "stab"}),
    ("ED nurse, patient from Bromley came in with a stab wound. Police are aware and have attended. He has "
     "declined consent to a referral.",
     {"hospital_injury": "stab", "hospital_area": "Bromley", "hospital_police_aware": "yes",
      "hospital_consent": "not_consented"}),
])
def test_the_opening_gives_what_it_says_and_nothing_else(core, domain, text, expected):
    slots, messages = validate(domain, tracker(text, intent="hospital_referral"))
    given = {k: v for k, v in slots.items() if k in FIELDS}
    assert given == expected
    assert not warned(messages)


def test_the_menu_button_asks_everything(core, domain):
    slots, messages = validate(domain, tracker("/hospital_referral", intent="hospital_referral"))
    assert not {k for k in slots if k in FIELDS}
    assert messages[0]["text"].startswith("Thank you. I'll send this to the community safety team")
    assert "So far" not in messages[0]["text"]


def test_threats_now_in_the_opening_get_999_advice_first(core, domain):
    text = "nurse at Queen Elizabeth Hospital, 16 year old with a stab wound and the people who did it are outside A&E now"
    slots, messages = validate(domain, tracker(text, intent="hospital_referral"))
    assert is_safety(messages[0])
    assert slots["hospital_injury"] == "stab"


# --- the questions -------------------------------------------------------------------------------
@pytest.mark.parametrize(("slot", "text", "stored"), [
    ("hospital_injury", "stab", "stab"),
    ("hospital_injury", "GSW to the leg", "gunshot"),
    ("hospital_injury", "other assault", "other_assault"),
    ("hospital_injury", "punched and kicked", "other_assault"),
    ("hospital_age", "16", "16"),
    ("hospital_age", "about 15", "15"),
    ("hospital_age", "17 year old", "17"),
    ("hospital_age", "not known", "not known"),
    ("hospital_area", "Penge", "Penge"),
    ("hospital_area", "not known", "not known"),
    ("hospital_police_aware", "yes", "yes"),
    ("hospital_police_aware", "police brought him in", "yes"),
    ("hospital_police_aware", "not sure", "not sure"),
    ("hospital_consent", "yes", "consented"),
    ("hospital_consent", "not asked", "not_asked"),
    ("hospital_consent", "he's sedated", "not_asked"),
    ("hospital_threats", "no", "no"),
    ("hospital_threats", "not sure", "not sure"),
    ("hospital_discharge", "none", "none"),
    ("hospital_discharge", "He'll go back to the same estate", "He'll go back to the same estate"),
    ("hospital_patient_name", "skip", "not given"),
    ("hospital_patient_name", "Tyrone Example", "Tyrone Example"),
    ("hospital_workplace", "QEH, Ward 4", "QEH, Ward 4"),
    ("hospital_reporter_name", "Sam Patel", "Sam Patel"),
    ("hospital_reporter_name", "my name is Sam Patel", "Sam Patel"),
    ("hospital_reporter_contact", "020 7946 0123", "02079460123"),
    ("hospital_reporter_contact", "Sam.Patel@NHS.example", "sam.patel@nhs.example"),
])
def test_answers_are_understood(core, domain, slot, text, stored):
    slots, messages = answer(domain, slot, text)
    assert slots[slot] == stored
    assert not warned(messages)


def test_the_name_answer_can_carry_the_phone_number(core, domain):
    slots, _ = answer(domain, "hospital_reporter_name", "Sam Patel, call me on 020 7946 0123")
    assert slots["hospital_reporter_name"] == "Sam Patel"
    assert slots["hospital_reporter_contact"] == "02079460123"
    slots, _ = answer(domain, "hospital_reporter_name", "sam.patel@nhs.example - Sam Patel")
    assert slots["hospital_reporter_name"] == "Sam Patel"
    assert slots["hospital_reporter_contact"] == "sam.patel@nhs.example"


def test_the_workplace_answer_can_carry_the_phone_number(core, domain):
    slots, _ = answer(domain, "hospital_workplace", "Queen Elizabeth Hospital A&E, 020 7946 0123")
    assert slots["hospital_workplace"] == "Queen Elizabeth Hospital A&E"
    assert slots["hospital_reporter_contact"] == "02079460123"


@pytest.mark.parametrize(("slot", "text", "hint"), [
    ("hospital_injury", "not sure what happened", "stab wound, a gunshot wound or another assault"),
    ("hospital_age", "he's a lad", "as a number"),
    ("hospital_age", "250", "does not look right"),
    ("hospital_police_aware", "purple", "yes, no or not sure"),
    ("hospital_consent", "purple", "not asked"),
    ("hospital_threats", "purple", "continuing threats"),
    ("hospital_reporter_contact", "ring the ward", "e-mail address or a UK phone number"),
    ("hospital_reporter_name", "skip", "your name"),
    ("hospital_workplace", "020 7946 0123", "hospital and department"),
    ("hospital_discharge", "x" * 2001, "under 2000 characters"),
])
def test_unusable_answers_are_asked_again_clearly(core, domain, slot, text, hint):
    slots, messages = answer(domain, slot, text)
    assert slots[slot] is None
    assert any(hint in (m.get("text") or "") for m in messages), messages


def test_an_unknown_place_is_questioned_once_then_accepted(core, domain):
    slots, messages = answer(domain, "hospital_area", "Narnia")
    assert slots["hospital_area"] is None and slots["hospital_area_unresolved"] == "Narnia"
    assert "don't recognise \"Narnia\"" in messages[0]["text"]
    slots, _ = answer(domain, "hospital_area", "Narnia Vale", slots={"hospital_area_unresolved": "Narnia"})
    assert slots["hospital_area"] == "Narnia Vale" and slots["hospital_area_unresolved"] is None


def test_continuing_threats_are_marked_red_and_kept_in_their_words(core, domain):
    text = "yes, they've been messaging him saying they'll finish the job"
    slots, messages = answer(domain, "hospital_threats", text)
    assert slots["hospital_threats"] == "yes" and slots["hospital_threats_detail"] == text
    *notices, question = messages  # then the next question, asked in the same call
    assert "urgent (red)" in notices[-1]["text"] and "call 999" in notices[-1]["text"]
    assert question["text"] == prompts.text("hospital_form", slots["requested_slot"])
    assert not warned(messages), "threats, but nothing happening now"


def test_threats_happening_now_get_999_advice_first(core, domain):
    slots, messages = answer(domain, "hospital_threats", "yes, a group of them are outside the hospital now")
    assert is_safety(messages[0])
    assert slots["hospital_threats"] == "yes"


def test_999_is_not_repeated_after_the_danger_rule(core, domain):
    text = "they're outside A&E right now"
    _, messages = answer(domain, "hospital_discharge", text, intent="immediate_danger",
                         after=[{"event": "bot", "text": None, "data": {"custom": {"kind": "safety", "text": "call 999"}}}])
    assert not warned(messages)


@pytest.mark.parametrize("text", ["he was stabbed this morning and is bleeding a lot",
                                  "I'm in the emergency department", "he got shot last night"])
def test_describing_the_injury_never_brings_999_advice(core, domain, text):
    _, messages = answer(domain, "hospital_discharge", text)
    assert not warned(messages)


def test_a_patient_who_declined_can_still_be_referred(core, domain):
    slots, messages = answer(domain, "hospital_consent", "no, he declined")
    assert slots["hospital_consent"] == "not_consented"
    assert "You can still send the referral" in messages[0]["text"]


# --- the summary ---------------------------------------------------------------------------------
def test_summary_shows_every_answer_and_offers_changes(core, domain):
    dispatcher = CollectingDispatcher()
    ActionAskHospitalConfirmed().run(dispatcher, tracker("", slots={**COMPLETE, "hospital_confirmed": None}), domain)
    text = dispatcher.messages[0]["text"]
    for value in ("Tyrone", "age 16", "Erith (London Borough of Bexley)", "Stab wound", "Police aware: yes",
                  "Agreed to the referral: yes", "Continuing threats: no", "Sam Patel",
                  "Queen Elizabeth Hospital, A&E", "02079460123"):
        assert value in text
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes, send it", "Change something"]
    dispatcher = CollectingDispatcher()
    ActionAskHospitalConfirmed().run(dispatcher, tracker("", slots={**COMPLETE, "hospital_editing": True}), domain)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == list(FIELDS.values())


@pytest.mark.parametrize(("editing", "text", "expected"), [
    (False, "Yes, send it", {"hospital_confirmed": "yes"}),
    (False, "Change something", {"hospital_confirmed": None, "hospital_editing": True}),
    (True, "Patient's age", {"hospital_age": None, "hospital_confirmed": None, "hospital_editing": False}),
    (True, "Your name", {"hospital_reporter_name": None, "hospital_confirmed": None}),
    (True, "Patient's name", {"hospital_patient_name": None, "hospital_confirmed": None}),
    (False, "no, the injury is wrong", {"hospital_injury": None, "hospital_confirmed": None}),
    (False, "no, change the threats answer", {"hospital_threats": None}),
])
def test_summary_answers(core, domain, editing, text, expected):
    slots, _ = answer(domain, "hospital_confirmed", text,
                      slots={**COMPLETE, "hospital_confirmed": None, "hospital_editing": editing})
    for key, value in expected.items():
        assert slots[key] == value


# --- submission ----------------------------------------------------------------------------------
def test_answers_for_the_core():
    answers = build_answers(tracker("yes", slots={**COMPLETE, "hospital_threats": "not sure",
                                                  "hospital_patient_name": "not given"}))
    assert answers.injury == "stab" and answers.age == 16 and answers.area == "bexley"
    assert answers.place == "Erith" and answers.police_aware is True
    assert answers.continuing_threats is None and answers.discharge_concerns is None
    assert answers.patient_name is None and answers.referrer_phone == "02079460123"
    assert answers.referrer_organisation == "Queen Elizabeth Hospital, A&E"


def test_what_the_opening_told_of_harm_is_kept_with_the_answers(core):
    opening = ("Staff nurse in A&E, 15 year old boy in with a head injury after an assault. The lads who brought "
               "him in keep saying they'll finish him off when he's out")
    t = Tracker.from_dict({
        "sender_id": "hospital-opening", "slots": {**COMPLETE, "requested_slot": "hospital_confirmed"},
        "latest_message": {"text": "yes", "intent": {"name": "affirm", "confidence": 0.99}, "entities": []},
        "events": [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": opening, "input_channel": "web",
             "parse_data": {"intent": {"name": "hospital_referral", "confidence": 0.99}, "entities": []}},
            {"event": "slot", "name": "requested_slot", "value": "hospital_confirmed"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "yes", "input_channel": "web",
             "parse_data": {"intent": {"name": "affirm", "confidence": 0.99}, "entities": []}},
        ],
        "active_loop": {"name": "hospital_form"}, "latest_action_name": "action_listen",
    })
    assert build_answers(t).disclosures == opening


def test_submit_stores_one_referral_and_says_what_happens_next(core, domain):
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHospital().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    sent, next_steps = dispatcher.messages[0]["text"], dispatcher.messages[1]["text"]
    assert f"Your reference is {reference}" in sent
    assert "Bexley Community Safety" in sent and "London Borough of Bexley" in sent
    assert "RED (A child with a stab or gunshot wound)" in sent and "pick it up by" in sent
    assert "community safety SPOC will contact you" in next_steps
    assert "Met South East BCU gangs SPOC" in next_steps and "MASH" in next_steps
    assert "also get a copy for information" in next_steps
    assert "St Giles Trust" in next_steps and "0800 555 111" in next_steps and "call 999" in next_steps
    assert len(dispatcher.messages) == 2  # the patient agreed: no note about consent
    assert all(e["value"] is None for e in events if e["name"] in [*FORM_SLOTS, *BOOKKEEPING_SLOTS])
    # Rasa retrying the action must not store a second referral.
    ActionSubmitHospital().run(CollectingDispatcher(), tracker("Yes, send it", slots=COMPLETE), domain)
    assert [r.reference for r in referrals(core)] == [reference]
    detail = core.queries.get(BEXLEY, reference)
    assert detail.kind == "health" and detail.urgency == "red" and detail.channel == "web"
    assert detail.details["injury"] == "Stab wound"


def test_submit_with_continuing_threats_is_red(core, domain):
    dispatcher = CollectingDispatcher()
    slots = {**COMPLETE, "hospital_threats": "yes", "hospital_consent": "not_consented",
             "hospital_threats_detail": "They said they'd come back for him"}
    ActionSubmitHospital().run(dispatcher, tracker("Yes, send it", slots=slots), domain)
    assert "Continuing threats to a patient after a violent injury" in dispatcher.messages[0]["text"]
    assert "has not agreed" in dispatcher.messages[2]["text"]
    [row] = referrals(core)
    assert row.urgency == "red"


def test_submit_when_the_database_is_down_keeps_the_answers(core, domain):
    broken = Core.from_settings(core.settings, clock=core.clock, db=Database("sqlite:////proc/front-door-missing/fd.db"))
    runtime.use_core(broken)
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHospital().run(dispatcher, tracker("Yes, send it", slots=COMPLETE), domain)
    assert "couldn't send the referral" in dispatcher.messages[0]["text"]
    assert SlotSet("hospital_confirmed", None) in events and FollowupAction("hospital_form") in events
    assert not any(e.get("name") == "hospital_injury" for e in events)  # answers kept


def test_submit_with_an_unusable_stored_answer_asks_for_it_again(core, domain):
    dispatcher = CollectingDispatcher()
    events = ActionSubmitHospital().run(dispatcher, tracker("Yes", slots={**COMPLETE,
                                                                          "hospital_reporter_contact": "x"}), domain)
    assert "couldn't send that" in dispatcher.messages[0]["text"]
    assert SlotSet("hospital_reporter_contact", None) in events and FollowupAction("hospital_form") in events
    assert referrals(core) == []


def test_reset_clears_the_form(core, domain):
    events = ActionResetHospital().run(CollectingDispatcher(), tracker("stop", slots=COMPLETE, intent="stop"), domain)
    assert {e["name"] for e in events} == set(FORM_SLOTS) | set(BOOKKEEPING_SLOTS)
    assert all(e["value"] is None for e in events)


# --- the domain and the prompts agree --------------------------------------------------------------
def test_the_form_asks_the_fields_then_the_summary(domain):
    assert domain["forms"]["hospital_form"]["required_slots"] == FORM_SLOTS
    for slot in [*FORM_SLOTS, *BOOKKEEPING_SLOTS]:
        assert slot in domain["slots"], slot
    for name in ("validate_hospital_form", "action_submit_hospital", "action_reset_hospital"):
        assert name in domain["actions"]
    assert asked_by_its_form("action_ask_hospital_confirmed", domain)


def test_the_action_server_registers_every_hospital_action_of_the_domain_and_its_questions():
    executor = ActionExecutor()
    executor.register_package("actions")
    declared = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "domain" / "hospital.yml")
                              .read_text(encoding="utf-8"))["actions"]
    custom = [name for name in declared if not name.startswith("utter_")]
    questions = [name for name in forms.askers() if "hospital" in name]
    assert sorted(custom + questions) == sorted(name for name in executor.actions if "hospital" in name)


@pytest.mark.parametrize("slot", list(FIELDS))
def test_every_question_is_asked_by_the_action_server(core, domain, slot):
    action = next(a for a in ASK_ACTIONS if a().name() == f"action_ask_hospital_form_{slot}")()
    assert asked_by_its_form(action.name(), domain)
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker("", slots=COMPLETE), domain)
    assert dispatcher.messages[0]["text"].strip() == prompts.text("hospital_form", slot)


def test_no_prompt_is_unused_or_missing():
    used = {*FIELDS, "opening", "injury_again", "area_unknown", "workplace_again", "name_again", "consent_declined",
            "threats_noted", "submitted", "next_steps", "without_consent", "submit_failed"}
    assert set(prompts.keys("hospital_form")) == used


# --- a nurse refers a stab victim in a few messages -----------------------------------------------
def walk(core: Core, domain: dict[str, Any], messages: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Play ``messages`` through the form as Rasa would; return everything said and the final slots.

    The validation asks the next question itself (``requested_slot``); when it asks none, the form is
    done and the referral sent.
    """
    required = domain["forms"]["hospital_form"]["required_slots"]
    slots: dict[str, Any] = {"channel": "web"}
    said: list[str] = []
    requested: str | None = None
    for number, text in enumerate(messages):
        new = {requested: text} if requested else {}
        t = tracker(text, slots=slots, new=new, requested=requested,
                    intent="hospital_referral" if number == 0 else "inform")
        changed, replies = validate(domain, t)
        slots.update({**new, **changed})
        said += [m.get("text") or m.get("response") or "" for m in replies]
        requested = slots.pop("requested_slot")
        assert requested == next((s for s in required if slots.get(s) is None), None)  # as Rasa's form chooses
        if not requested:
            dispatcher = CollectingDispatcher()
            events = ActionSubmitHospital().run(dispatcher, tracker(text, slots=slots), domain)
            slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
            said += [m.get("text") or "" for m in dispatcher.messages]
    return said, slots


def test_a_nurse_refers_a_stab_victim_in_eight_messages(core, domain):
    messages = [NURSE, "yes", "not asked", "no", "none", "skip", "Sam Patel, 020 7946 0123", "Yes, send it"]
    said, slots = walk(core, domain, messages)
    [row] = referrals(core)
    assert slots["referral_reference"] == row.reference
    assert row.kind == "health" and row.urgency == "red" and row.inbox_id == "bexley-community-safety"
    assert not any("call 999 now" in line for line in said)
    assert f"Thank you. Your referral has been sent. Your reference is {row.reference}." in said[-3]
    assert said[-1].startswith("As the patient has not agreed to the referral (or was not asked)")
    detail = core.queries.get(BEXLEY, row.reference)
    reporter = next(p for p in detail.people if p.role == "reporter")
    assert (reporter.name, reporter.organisation, reporter.phone) == (
        "Sam Patel", "Queen Elizabeth Hospital, A&E", "02079460123")
    assert detail.details["patient_consent"] == "Not asked"
    patient = next(p for p in detail.people if p.role == "young_person_at_risk")
    assert patient.age == 16 and patient.name is None


def test_a_walk_through_from_the_menu_asks_each_question_once(core, domain):
    messages = ["/hospital_referral", "gunshot", "24", "Penge", "no", "yes", "yes they said they'd come back for him",
                "He has nowhere safe to go", "Jay", "Princess Royal University Hospital, ED", "Dr Ade Obi",
                "ade.obi@nhs.example", "Yes, send it"]
    said, _ = walk(core, domain, messages)
    [row] = referrals(core)
    assert row.urgency == "red" and row.inbox_id == "bromley-community-safety"
    for slot in FIELDS:
        # The reason to refer without agreement is asked only when the patient declined.
        assert said.count(prompts.text("hospital_form", slot)) == (slot != "hospital_consent_reason"), slot


def test_when_the_patient_declined_the_reason_is_asked_and_kept_with_the_referral(core, domain):
    messages = [NURSE, "yes", "no", "Risk of serious harm: they said they'd come back for him", "no", "none",
                "skip", "Sam Patel, 020 7946 0123", "Yes, send it"]
    said, _ = walk(core, domain, messages)
    assert said.count(prompts.text("hospital_form", "hospital_consent_reason")) == 1
    [row] = referrals(core)
    detail = core.queries.get(BEXLEY, row.reference)
    assert detail.details["patient_consent"] == "Patient did not agree"
    assert detail.details["consent_reason"] == "Risk of serious harm: they said they'd come back for him"
