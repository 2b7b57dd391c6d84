"""Young people's support, adults' signposting: forms and finishing actions."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import prompts
from actions.support import (
    SIGNPOST_ASK_ACTIONS,
    SIGNPOST_SLOTS,
    SMS_LIMIT,
    SUPPORT_ASK_ACTIONS,
    SUPPORT_SLOTS,
    ActionResetSupport,
    ActionSignpostServices,
    ActionSupportFinish,
    ValidateSignpostForm,
    ValidateSupportForm,
    build_self_referral,
    service_messages,
)
from frontdoor import safety
from frontdoor.directory import Match
from frontdoor.model import Kind, PersonRole, ReporterRole
from frontdoor.store.models import Referral
from frontdoor.views import Principal
from tests.actions.conftest import asked_by_its_form, is_safety

SENDER = "test-session-support-0001"
CALLBACK = {
    "support_age": "15",
    "support_area": "Hackney",
    "support_choice": "callback",
    "support_contact": "a text to 07700900123",
    "support_safe": "yes",
    "support_when": "after 4pm, never at weekends",
    "support_consent": "yes",
    "support_needs": ["exit_support", "debt_or_threats"],
    "support_submission_id": "sub-1",
}


def tracker(text: str, *, slots: dict[str, Any] | None = None, new: dict[str, Any] | None = None,
            requested: str | None = None, intent: str = "inform", channel: str = "web",
            form: str = "support_form", confidence: float = 0.9,
            after: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest user message is ``text`` and whose slots ``new`` were just set."""
    all_slots = {"channel": channel, **(slots or {}), **(new or {}), "requested_slot": requested}
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "input_channel": channel,
         "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []}},
        *(after or []),
        *({"event": "slot", "name": k, "value": v} for k, v in (new or {}).items()),
    ]
    return Tracker.from_dict({
        "sender_id": SENDER, "slots": all_slots,
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        "events": events, "active_loop": {"name": form}, "latest_action_name": "action_listen",
    })


def validate(action: Any, domain: dict[str, Any], t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def finish(t: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = ActionSupportFinish().run(dispatcher, t, domain)
    return events, dispatcher.messages


def referrals(core) -> list[Referral]:
    with core.db.session() as session:
        return list(session.scalars(select(Referral)).all())


# --- the opening and the questions -------------------------------------------------------------
def test_opening_sets_needs_from_intent_and_words(core, domain):
    t = tracker("i want out but i owe them", intent="young_person_help")
    slots, messages = validate(ValidateSupportForm(), domain, t)
    assert slots["support_needs"] == ["exit_support", "debt_or_threats"]
    assert slots["support_submission_id"]
    # Nothing but the first question, asked in the same call.
    assert slots["requested_slot"] == "support_age"
    assert [m["text"] for m in messages] == [prompts.text("support_form", "support_age")]


def test_opening_takes_age_and_place_when_given(core, domain):
    t = tracker("im 15 and i want out, i live in Penge", intent="young_person_help")
    slots, _ = validate(ValidateSupportForm(), domain, t)
    assert slots["support_age"] == "15" and slots["support_area"] == "Penge"


@pytest.mark.parametrize(
    ("slot", "answer", "stored"),
    [
        ("support_age", "15", "15"),
        ("support_age", "rather not say", "not sure"),
        ("support_age", "im fourteen", "14"),
        ("support_area", "Hackney", "Hackney"),
        ("support_area", "don't know", "not sure"),
        ("support_choice", "Just information", "info"),
        ("support_choice", "Ask a youth worker to contact me", "callback"),
        ("support_choice", "2", "callback"),
        # a call-back asked for in other words
        ("support_choice", "want someone to ring me", "callback"),
        ("support_choice", "can someone message me", "callback"),
        ("support_choice", "i need someone to talk to", "callback"),
        ("support_choice", "numbers pls", "info"),
        ("support_contact", "text me on 07700 900123", "a text to 07700900123"),
        ("support_contact", "ring me 07700900456", "a call to 07700900456"),
        ("support_contact", "jay.k@example.com", "an e-mail to jay.k@example.com"),
        ("support_safe", "yes", "yes"),
        ("support_safe", "yeah its safe", "yes"),
        ("support_safe", "no", "no"),
        ("support_safe", "it's not safe, my mum checks my phone", "no"),
        ("support_safe", "No, it's not safe", "no"),
        ("support_safe", "text only", "text only"),
        ("support_safe", "dont call, texting is ok", "text only"),
        ("support_safe", "Calls only", "call only"),
        ("support_safe", "not sure", "no"),  # unsure is not safe: nobody texts or calls that phone
        ("support_safe", "idk", "no"),
        ("support_when", "any time", "any time"),
        ("support_when", "after 4pm, never at weekends", "after 4pm, never at weekends"),
        ("support_consent", "yes", "yes"),
        ("support_consent", "nah", "no"),
    ],
)
def test_answers_are_understood(core, domain, slot, answer, stored):
    slots, messages = validate(ValidateSupportForm(), domain,
                               tracker(answer, slots={"support_needs": ["exit_support"]},
                                       new={slot: answer}, requested=slot))
    assert slots[slot] == stored
    assert not any(is_safety(m) for m in messages)


def test_an_opening_that_asks_to_be_called_is_not_asked_what_would_help(core, domain):
    t = tracker("I'm 16 and I live in Sidcup, they say I owe them. Can someone call me? My number is "
                "07700 900193, best after 5.", intent="young_person_help")
    slots, messages = validate(ValidateSupportForm(), domain, t)
    assert (slots["support_choice"], slots["support_contact"]) == ("callback", "a call to 07700900193")
    # Whether that number is safe to use is still asked, next.
    assert slots["requested_slot"] == "support_safe"
    assert messages[-1]["text"] == prompts.text("support_form", "support_safe")


@pytest.mark.parametrize("opening", ["they keep texting me saying i owe them", "my mum can call me but i want out",
                                     "i want out, they ring me every night 07700 900222"])
def test_an_opening_that_only_mentions_calls_or_texts_still_asks_what_would_help(core, domain, opening):
    slots, _ = validate(ValidateSupportForm(), domain, tracker(opening, intent="young_person_help"))
    assert "support_choice" not in slots and "support_contact" not in slots


def test_a_choice_the_nlu_took_for_a_question_is_still_the_answer(core, domain):
    # The slot is not filled from a question's intent (the domain's mapping); a plain choice is taken anyway.
    t = tracker("want someone to ring me", slots={"support_age": "16", "support_area": "Erith"},
                requested="support_choice", intent="ask_emergency_numbers", confidence=0.59)
    slots, _ = validate(ValidateSupportForm(), domain, t)
    assert slots["support_choice"] == "callback" and slots["requested_slot"] == "support_contact"
    question = tracker("what number do i call in an emergency", slots={"support_age": "16"},
                       requested="support_choice", intent="ask_emergency_numbers")
    slots, _ = validate(ValidateSupportForm(), domain, question)
    assert "support_choice" not in slots or slots["support_choice"] is None


@pytest.mark.parametrize(("slot", "answer"), [("support_age", "old enough"), ("support_choice", "hmm"),
                                              ("support_safe", "hmm"),
                                              ("support_contact", "whatever"), ("support_consent", "maybe")])
def test_unclear_answers_are_asked_again_kindly(core, domain, slot, answer):
    slots, messages = validate(ValidateSupportForm(), domain, tracker(answer, new={slot: answer}, requested=slot))
    assert slots[slot] is None
    assert messages and messages[0]["text"].startswith(("Sorry", "Please", "I couldn't"))


def test_information_only_skips_contact_questions(core, domain):
    form = ValidateSupportForm()
    t = tracker("Just information", slots={"support_choice": "info"})
    required = asyncio.run(form.required_slots(SUPPORT_SLOTS, CollectingDispatcher(), t, domain))
    assert required == ["support_age", "support_area", "support_choice"]
    t = tracker("x", slots={"support_choice": "callback"})
    assert asyncio.run(form.required_slots(SUPPORT_SLOTS, CollectingDispatcher(), t, domain)) == SUPPORT_SLOTS


def test_safety_and_timing_are_asked_for_a_phone_number_after_it_is_given(core, domain):
    form = ValidateSupportForm()
    assert SUPPORT_SLOTS.index("support_safe") == SUPPORT_SLOTS.index("support_contact") + 1
    assert SUPPORT_SLOTS.index("support_when") + 1 == SUPPORT_SLOTS.index("support_consent")
    email = tracker("x", slots={"support_choice": "callback", "support_contact": "an e-mail to jay@example.com"})
    assert "support_safe" not in asyncio.run(form.required_slots(SUPPORT_SLOTS, CollectingDispatcher(), email,
                                                                 domain))
    unsafe = tracker("no", slots={**CALLBACK, "support_safe": "no"})
    assert asyncio.run(form.required_slots(SUPPORT_SLOTS, CollectingDispatcher(), unsafe, domain)) == [
        "support_age", "support_area", "support_choice", "support_contact", "support_safe"]


@pytest.mark.parametrize(("answer", "contact"), [("texts only", "a text to 07700900123"),
                                                 ("don't text me, call", "a call to 07700900123")])
def test_texts_or_calls_only_change_how_they_are_contacted(core, domain, answer, contact):
    slots = {**CALLBACK, "support_contact": "a call or text to 07700900123"}
    changed, _ = validate(ValidateSupportForm(), domain,
                          tracker(answer, slots=slots, new={"support_safe": answer}, requested="support_safe"))
    assert changed["support_contact"] == contact


def test_safety_question_asks_whether_it_is_safe_to_text_or_call(core, domain):
    action = next(a for a in SUPPORT_ASK_ACTIONS if a().name() == "action_ask_support_form_support_safe")()
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker("", slots=CALLBACK), domain)
    assert dispatcher.messages[0]["text"].startswith("Is it safe for us to text or call this number?")
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["yes", "text only", "call only", "no"]


def test_no_question_asks_for_a_name(core, domain):
    for action in SUPPORT_ASK_ACTIONS:
        dispatcher = CollectingDispatcher()
        action().run(dispatcher, tracker("", slots=CALLBACK), domain)
        text = dispatcher.messages[0]["text"].lower()
        assert "your name?" not in text and "what is your name" not in text
        assert asked_by_its_form(action().name(), domain)


@pytest.mark.parametrize("area", ["Hackney", "not sure", "Atlantis"])
@pytest.mark.parametrize("channel", ["web", "sms"])
def test_consent_names_a_youth_worker_near_them_never_an_inbox(core, domain, area, channel):
    action = next(a for a in SUPPORT_ASK_ACTIONS if a().name() == "action_ask_support_form_support_consent")()
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker("", slots={**CALLBACK, "support_area": area}, channel=channel), domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("A youth worker near you will contact you by a text to 07700900123 "
                           "(after 4pm, never at weekends). Is that OK?")
    assert_no_inbox_name(core, text)


def assert_no_inbox_name(core, text: str) -> None:
    """No inbox's internal name, and no "(area not known)", in what a young person is told."""
    assert "area not known" not in text
    for inbox in core.table.inboxes.values():
        assert inbox.name not in text, inbox.name


def test_danger_at_any_point_gets_999_first(core, domain):
    text = "they're outside my house with a knife right now"
    slots, messages = validate(ValidateSupportForm(), domain,
                               tracker(text, new={"support_area": text}, requested="support_area"))
    assert is_safety(messages[0])
    assert slots["support_area"] is None  # not an answer: asked again


def test_danger_in_the_opening_message_gets_999_advice(core, domain):
    t = tracker("i want out but theyre outside my house with a knife right now", intent="young_person_help")
    slots, messages = validate(ValidateSupportForm(), domain, t)
    assert is_safety(messages[0])
    assert "exit_support" in slots["support_needs"]


def test_999_is_not_repeated_after_the_danger_rule(core, domain):
    text = "they're outside my house with a knife right now"
    t = tracker(text, intent="immediate_danger", requested="support_area",
                after=[{"event": "bot", "text": None, "data": {"custom": {"kind": "safety", "text": "call 999"}}}])
    _, messages = validate(ValidateSupportForm(), domain, t)
    assert not any(is_safety(m) for m in messages)


# --- information only ----------------------------------------------------------------------------
def test_hackney_15_year_old_gets_local_exit_and_debt_support_before_helplines(core, domain):
    slots = {**CALLBACK, "support_choice": "info", "support_contact": None, "support_consent": None}
    events, messages = finish(tracker("Just information", slots=slots), domain)
    listing = messages[1]["text"]
    lines = listing.split("\n• ")
    assert 3 <= len(lines) <= 4
    assert "Hackney Youth Service" in lines[0] and "020 7946 0730" in lines[0] and "Mon-Fri" in lines[0]
    assert "Hackney Youth Offending Team" in lines[1]
    assert "Fictitious" not in listing
    national = [i for i, line in enumerate(lines) if "Childline" in line or "Gangline" in line or "999" in line]
    hackney = [i for i, line in enumerate(lines) if "Hackney" in line]
    assert national and hackney and max(hackney) < min(national)
    assert referrals(core) == []
    assert all(e["value"] is None for e in events if e["name"] in SUPPORT_SLOTS)


SATURDAY = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("channel", ["web", "sms"])
def test_at_the_weekend_open_lines_come_first_and_closed_local_services_are_named(core, domain, monkeypatch,
                                                                                   channel):
    monkeypatch.setattr(core, "clock", lambda: SATURDAY)
    slots = {**CALLBACK, "support_choice": "info", "support_contact": None, "support_consent": None}
    _, messages = finish(tracker("Just information", slots=slots, channel=channel), domain)
    texts = [m.get("text") or "" for m in messages]
    assert texts[0].startswith("Local services are closed now; they open again at 09:00 on Monday 30 November.")
    assert "Childline" in texts[1] and "0800 11 11" in texts[1]
    later = texts.index("Local services, when they open:")
    assert "Hackney" not in " ".join(texts[:later]) and "Hackney Youth Service" in " ".join(texts[later:])


def test_sms_replies_are_short(core, domain):
    slots = {**CALLBACK, "support_choice": "info"}
    _, messages = finish(tracker("1", slots=slots, channel="sms"), domain)
    assert len(messages) >= 4
    assert all(len(m["text"]) <= SMS_LIMIT and not m.get("buttons") for m in messages)
    for action in SUPPORT_ASK_ACTIONS:
        dispatcher = CollectingDispatcher()
        action().run(dispatcher, tracker("", slots=CALLBACK, channel="sms"), domain)
        assert len(dispatcher.messages[0]["text"]) <= SMS_LIMIT
    _, messages = finish(tracker("yes", slots=CALLBACK, channel="sms"), domain)
    assert all(len(m["text"]) <= SMS_LIMIT for m in messages)
    for key in ("support_safety", "support_intro", "danger_999", "comfort", "not_understood"):
        assert len(prompts.text("journey", key, "sms")) <= SMS_LIMIT


@pytest.mark.parametrize("channel", ["web", "sms"])
def test_no_shown_description_ends_mid_sentence(core, channel):
    for service in core.directory.services:
        match = Match(service, core.directory.organisations[service.organisation_id], "local", ())
        [line] = service_messages([match], channel)
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", service.description) if s]
        shown = [s for s in sentences if s[:25] in line]
        assert shown and not shown[0].startswith("Fictitious"), service.id
        assert all(s in line for s in shown), (service.id, line)  # whole sentences or none
        assert "…" not in line and line.endswith((".", "!", "?")) and len(line) <= SMS_LIMIT


# --- the call-back --------------------------------------------------------------------------------
def test_callback_sends_one_self_referral_to_hackney_youth_services(core, domain):
    events, messages = finish(tracker("yes", slots=CALLBACK), domain)
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    text = messages[0]["text"]
    assert reference in text and "A youth worker near you" in text and "a text to 07700900123" in text
    assert_no_inbox_name(core, " ".join(m.get("text") or "" for m in messages))
    # Rasa retrying the action must not store a second referral.
    finish(tracker("yes", slots=CALLBACK), domain)
    rows = referrals(core)
    assert [r.reference for r in rows] == [reference]
    spoc = Principal(1, "yot@example.org", None, False, frozenset({"hackney-yos"}))
    detail = core.queries.get(spoc, reference)
    assert detail.kind == "self_referral" and detail.urgency == "amber"
    assert detail.inbox.id == "hackney-yos" and detail.area_id == "hackney" and detail.consent_to_contact is True
    [young_person] = detail.at_risk
    assert young_person.role == "young_person_at_risk" and young_person.age == 15 and young_person.name is None
    reporter = next(p for p in detail.people if p.role == "reporter")
    assert reporter.phone == "07700900123" and reporter.email is None and reporter.name is None


@pytest.mark.parametrize("channel", ["web", "sms"])
def test_callback_from_an_unknown_area_names_no_inbox(core, domain, channel):
    slots = {**CALLBACK, "support_area": "not sure", "support_submission_id": f"unknown-{channel}"}
    events, messages = finish(tracker("yes", slots=slots, channel=channel), domain)
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    text = " ".join(m.get("text") or "" for m in messages)
    assert reference in text and "youth worker near you" in text.lower()
    assert_no_inbox_name(core, text)
    spoc = Principal(1, "triage@example.org", None, False, frozenset({"partnership-triage"}))
    assert core.queries.get(spoc, reference).inbox.id == "partnership-triage"


def test_self_referral_holds_only_what_was_given():
    draft = build_self_referral(tracker("yes", slots=CALLBACK))
    assert draft.kind is Kind.SELF_REFERRAL and draft.consent_to_contact is True
    assert draft.reporter is not None and draft.reporter.role is ReporterRole.YOUNG_PERSON
    assert draft.reporter.phone == "07700900123" and draft.reporter.email is None
    assert draft.reporter.name is None
    [person] = draft.people
    assert person.role is PersonRole.YOUNG_PERSON_AT_RISK and person.age == 15 and person.name is None
    assert person.home_area == "Hackney" and draft.area == "Hackney"
    assert "wants_exit" in draft.indicators
    assert "Owing money" in draft.description


@pytest.mark.parametrize("channel", ["web", "sms"])
def test_a_number_that_is_not_safe_is_never_used_and_other_ways_are_offered(core, domain, channel):
    slots = {**CALLBACK, "support_safe": "no", "support_when": None, "support_consent": None}
    events, messages = finish(tracker("no", slots=slots, channel=channel), domain)
    assert referrals(core) == []
    text = " ".join(m.get("text") or "" for m in messages)
    assert messages[0]["text"].startswith("OK")
    assert "won't call or text that number" in messages[0]["text"] and "adult you trust" in messages[0]["text"]
    assert "Childline" in text
    assert not any(e["name"] == "referral_reference" for e in events)
    assert all(e["value"] is None for e in events if e["name"] in SUPPORT_SLOTS)


def test_the_spoc_sees_whether_the_number_is_safe_and_when_to_call(core, domain):
    events, _ = finish(tracker("yes", slots={**CALLBACK, "support_safe": "text only"}), domain)
    reference = next(e["value"] for e in events if e["name"] == "referral_reference")
    spoc = Principal(1, "yot@example.org", None, False, frozenset({"hackney-yos"}))
    detail = core.queries.get(spoc, reference)
    assert detail.details["Safe to call or text"] == "texts only, never call"
    assert detail.details["When to call or text (or never)"] == "after 4pm, never at weekends"


def test_refusal_sends_nothing_and_shows_services(core, domain):
    slots = {**CALLBACK, "support_consent": "no"}
    events, messages = finish(tracker("no", slots=slots), domain)
    assert referrals(core) == []
    assert "nothing has been sent" in messages[0]["text"]
    assert any("Hackney Youth Service" in (m.get("text") or "") for m in messages)
    assert not any(e["name"] == "referral_reference" for e in events)


def test_reset_forgets_everything(core, domain):
    events = ActionResetSupport().run(CollectingDispatcher(), tracker("stop", slots=CALLBACK, intent="stop"), domain)
    assert {e["name"] for e in events} >= set(CALLBACK)
    assert all(e["value"] is None for e in events)


# --- adults' signposting ----------------------------------------------------------------------------
def test_a_question_with_age_area_and_need_fills_the_form(core, domain):
    text = "is there anything for a 14-year-old girl being groomed in Medway?"
    t = tracker(text, intent="ask_where_to_refer", form="signpost_form")
    slots, _ = validate(ValidateSignpostForm(), domain, t)
    assert slots["signpost_age"] == "14" and slots["signpost_area"] == "Medway"
    assert slots["signpost_needs"] == "sexual_exploitation" and slots["signpost_gender"] == "female"


def test_a_question_without_details_leaves_them_to_ask(core, domain):
    text = "where can I refer a pupil who wants to leave a gang?"
    slots, _ = validate(ValidateSignpostForm(), domain, tracker(text, intent="ask_where_to_refer",
                                                                form="signpost_form"))
    assert slots["signpost_needs"] == "exit_support"
    assert "signpost_age" not in slots and "signpost_area" not in slots


@pytest.mark.parametrize(("answer", "stored"), [("violence", "violence"), ("not sure", "any"),
                                                ("Sexual exploitation", "sexual_exploitation"),
                                                ("he owes money to dealers", "debt_or_threats")])
def test_needs_answers(core, domain, answer, stored):
    slots, _ = validate(ValidateSignpostForm(), domain, tracker(answer, new={"signpost_needs": answer},
                                                                requested="signpost_needs", form="signpost_form"))
    assert slots["signpost_needs"] == stored


def test_services_with_how_to_refer_and_a_referral_button(core, domain):
    slots = {"signpost_age": "14", "signpost_area": "Medway", "signpost_needs": "sexual_exploitation",
             "signpost_gender": "female"}
    dispatcher = CollectingDispatcher()
    events = ActionSignpostServices().run(dispatcher, tracker("", slots=slots, form="signpost_form"), domain)
    listing = dispatcher.messages[1]["text"]
    assert listing.index("Medway Young People's Exploitation Team") < listing.index("Childline")
    assert "How to refer:" in listing
    assert dispatcher.messages[-1]["buttons"] == [
        {"title": "Make a referral for them (with their agreement)", "payload": "/report_concern"}]
    assert all(e["value"] is None for e in events)


def test_every_signpost_question_is_asked(core, domain):
    for action in SIGNPOST_ASK_ACTIONS:
        assert asked_by_its_form(action().name(), domain)
        dispatcher = CollectingDispatcher()
        action().run(dispatcher, tracker("", form="signpost_form"), domain)
        assert dispatcher.messages[0]["text"].strip()


def test_prompts_cover_the_forms(domain):
    assert domain["forms"]["support_form"]["required_slots"] == SUPPORT_SLOTS
    assert domain["forms"]["signpost_form"]["required_slots"] == SIGNPOST_SLOTS
    for slot in [*SUPPORT_SLOTS, *SIGNPOST_SLOTS]:
        form = "support_form" if slot in SUPPORT_SLOTS else "signpost_form"
        assert prompts.text(form, slot)


def test_parent_advice_gives_the_numbers_and_two_ways_on(domain):
    [sms, web] = domain["responses"]["utter_parent_advice"]
    # As Rasa says them: the numbers are slots filled from frontdoor/safety.py.
    web_text, sms_text = (variant["text"].format(**safety.slots()) for variant in (web, sms))
    for number in ("999", "101", "0800 555 111", "0800 032 9538"):
        assert number in web_text and number in sms_text
    assert "0800 11 11" in web_text
    assert len(sms_text) <= SMS_LIMIT
    assert [b["payload"] for b in web["buttons"]] == ['/report_concern{"reporter_role": "parent"}',
                                                       "/ask_where_to_refer"]


