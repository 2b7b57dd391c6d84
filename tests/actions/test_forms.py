"""What every form shares (actions/forms.py): answers read by the core, disclosures kept, the record fills."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions import forms, prompts
from actions.concern import ValidateConcernForm, build_draft
from actions.tip import ValidateTipForm, build_tip
from tests.actions.conftest import Conversation, is_safety

OPENING = ("I'm a teacher at Oakfield School in Sidcup. I'm worried about a 14-year-old pupil in Year 9. He has "
           "new expensive trainers, two phones, and older boys pick him up in a car after school.")
KNIFE = "he's outside the school gates now with a knife"


def validate(action: Any, domain: dict[str, Any], tracker: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def test_the_validation_asks_the_next_question_in_the_same_call(core, domain) -> None:
    talk, slots = teacher(domain)
    assert slots["requested_slot"] == "reporter_name"  # the first question the opening did not answer
    talk.set(**slots).user("Sam Jones")
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"reporter_name": "Sam Jones"}))
    assert slots["reporter_name"] == "Sam Jones" and slots["requested_slot"] == "reporter_contact"
    assert messages[-1]["text"] == prompts.text("concern_form", "reporter_contact")


def test_a_refused_answer_is_asked_again_after_the_reason(core, domain) -> None:
    talk = Conversation().user("I need to refer a pupil", "report_concern", 0.95).form("concern_form")
    answer = "I don't want to get him in trouble with anyone"
    talk.ask("subject_name").user(answer)
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"subject_name": answer}))
    assert slots["requested_slot"] == "reporter_role"  # the first empty question, as Rasa's form chooses
    assert messages[-1]["text"] == prompts.text("concern_form", "reporter_role")


def test_the_summary_is_shown_when_every_question_is_answered_and_nothing_once_confirmed(core, domain) -> None:
    talk, slots = teacher(domain)
    answers = {"reporter_name": "Sam Jones", "reporter_contact": "07700 900123", "reporter_feedback": "no",
               "subject_name": "Tyrone",
               "immediate_danger": "no", "known_to_social_care": "no", "parent_aware": "yes"}
    talk.set(**slots, **answers).user("yes")
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"parent_aware": "yes"}))
    assert slots["requested_slot"] == "concern_confirmed"
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Yes, send it", "Change something"]
    talk.set(**slots).user("Yes, send it")
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"concern_confirmed": "Yes, send it"}))
    assert slots["concern_confirmed"] == "yes" and slots["requested_slot"] is None and not messages


def test_every_question_of_every_form_has_one_asker_and_none_is_in_the_domain(domain) -> None:
    ActionExecutor().register_package("actions")  # every journey's actions, as the action server loads them
    for form, spec in domain["forms"].items():
        for slot in spec["required_slots"]:
            names = [f"action_ask_{form}_{slot}", f"action_ask_{slot}"]
            assert any(name in forms.askers() for name in names), (form, slot)
    assert not [name for name in domain["actions"] if name.startswith("action_ask_")]


def teacher(domain: dict[str, Any]) -> tuple[Conversation, dict[str, Any]]:
    """A teacher's natural opening, read when the concern form starts."""
    talk = Conversation().user(OPENING, "report_concern", 0.8).action("action_choose_journey")
    talk.set(journey="concern").action("concern_form").form("concern_form")
    slots, _ = validate(ValidateConcernForm(), domain, talk.tracker())
    return talk, slots


def test_the_opening_fills_every_question_it_answers(core, domain) -> None:
    _, slots = teacher(domain)
    assert slots["reporter_role"] == "teacher"
    assert slots["reporter_organisation"] == "Oakfield School"
    assert slots["subject_age"] == "14"
    assert slots["subject_school"] == "Oakfield School"
    assert slots["subject_area"] == "Sidcup"
    assert slots["concern_description"] == OPENING
    assert "reporter_name" not in slots and "subject_name" not in slots  # still to ask


def test_danger_typed_as_a_name_is_kept_given_the_999_advice_once_and_the_name_asked_again(core, domain) -> None:
    talk, slots = teacher(domain)
    talk.set(**slots).ask("subject_name").user(KNIFE)
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"subject_name": KNIFE}))
    assert slots["subject_name"] is None
    assert is_safety(messages[0]) and sum(map(is_safety, messages)) == 1
    assert "added that to the report" in messages[1]["text"]
    talk.set(**slots).ask("subject_name").user("Jayden Cole")
    slots, _ = validate(ValidateConcernForm(), domain, talk.tracker({"subject_name": "Jayden Cole"}))
    assert slots["subject_name"] == "Jayden Cole"
    talk.set(**slots)
    draft = build_draft(talk.tracker({"reporter_contact": "a.teacher@school.example", "immediate_danger": "yes"}))
    assert draft.people[0].name == "Jayden Cole"
    assert draft.description.split("\n\n") == [OPENING, f"(Said when asked about their name:) {KNIFE}"]


def test_a_place_in_a_danger_statement_is_kept_and_nothing_else(core, domain) -> None:
    talk = Conversation().user("I need to refer a pupil", "report_concern", 0.95).form("concern_form")
    talk.ask("subject_area").user("Bexleyheath - and he's just been stabbed outside the station")
    slots, messages = validate(ValidateConcernForm(), domain,
                               talk.tracker({"subject_area": "Bexleyheath - and he's just been stabbed outside "
                                                             "the station"}))
    assert slots["subject_area"] == "Bexleyheath" and is_safety(messages[0])


def test_a_sentence_is_not_a_name(core, domain) -> None:
    talk = Conversation().user("I need to refer a pupil", "report_concern", 0.95).form("concern_form")
    answer = "I don't want to get him in trouble with anyone"
    talk.ask("subject_name").user(answer)
    slots, messages = validate(ValidateConcernForm(), domain, talk.tracker({"subject_name": answer}))
    assert slots["subject_name"] is None and "doesn't look like a name" in messages[0]["text"]


def test_a_tip_keeps_the_danger_said_when_asked_where(core, domain) -> None:
    talk = Conversation("sms").user("theres dealing from the flats by the park", "report_tip", 0.9)
    talk.form("tip_form").set(tip_description="theres dealing from the flats by the park")
    talk.ask("tip_place").user("they just pulled a gun on a kid outside right now")
    slots, messages = validate(ValidateTipForm(), domain,
                               talk.tracker({"tip_place": "they just pulled a gun on a kid outside right now"}))
    assert slots["tip_place"] is None and is_safety(messages[0])
    talk.set(**slots).ask("tip_place").user("Thamesmead").set(tip_place="Thamesmead", tip_when="now",
                                                               tip_danger="yes")
    draft = build_tip(talk.tracker())
    assert "pulled a gun" in draft.description and draft.place == "Thamesmead"
