"""What every form shares (actions/forms.py): answers read by the core, disclosures kept, the record fills."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

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
