"""Understanding people, end to end: the held-out corpus against the real model, and the conversations
that used to go wrong, replayed through /api/chat.

The corpus (data/eval) is never used for training or for writing lexicon
entries; the floors below are the figures measured on it (README,
"Understanding people"), kept as regression floors, not targets.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bench import understanding
from tests.e2e.test_teacher_journey import REFERENCE, Chat
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa, pytest.mark.slow]

#: Journey accuracy on the held-out first messages, overall and per group: the measured figures
#: (README, "Understanding: measured on held-out data"; 95.9% overall, young people 97.2%, parents 92.8%,
#: emoji and distress 88.5% on 2026-12-07) less a point or two for run-to-run variation. The targets are 95% overall and for
#: young people, so those floors are the targets themselves.
FLOOR_OVERALL = 0.95
FLOOR_GROUP = {"young_person": 0.95, "parent": 0.91, "professional": 0.92, "resident": 0.93, "danger": 0.93,
               "health": 0.96, "handover": 0.96, "question": 0.93, "other_language": 0.97, "gibberish": 0.97,
               "emoji_distress": 0.88}
#: Scripted conversations that go exactly as scripted (measured 20 of 49 on 2026-12-07).
FLOOR_CONVERSATIONS = 0.38
#: Questions asked again although the conversation had already answered them (measured 13 on 2026-12-07).
CEILING_ASKED_AGAIN = 13


@pytest.fixture(scope="module")
def report(stack: Stack) -> dict[str, Any]:
    played = understanding.run(stack, workers=4)
    understanding.print_report(played)
    return played


def test_held_out_first_messages_reach_the_right_journey(report: dict[str, Any]) -> None:
    first = report["first_messages"]
    assert first["accuracy"] >= FLOOR_OVERALL
    low = {group: row["accuracy"] for group, row in first["groups"].items()
           if row["accuracy"] < FLOOR_GROUP.get(group, FLOOR_OVERALL)}
    assert not low, f"groups under their floor: {low}"


def test_nobody_writing_english_is_answered_as_another_language_and_999_comes_once(
        report: dict[str, Any]) -> None:
    first = report["first_messages"]
    assert first["english_answered_as_another_language"] == 0
    assert first["danger_advice_twice_in_one_reply"] == 0


def test_no_danger_statement_is_lost_or_stored_as_a_name_place_or_age(report: dict[str, Any]) -> None:
    conversations = report["conversations"]
    assert conversations["danger_lost"] == 0
    assert conversations["danger_stored_as_field"] == 0
    assert conversations["passed"] >= FLOOR_CONVERSATIONS * conversations["conversations"]


def test_what_was_already_said_is_not_asked_again(report: dict[str, Any]) -> None:
    again = [failure for row in report["conversations"]["results"] for failure in row["failures"]
             if failure.startswith("asked again")]
    assert len(again) <= CEILING_ASKED_AGAIN, again


# --- the conversations of the issue, replayed --------------------------------------------------
def journey(stack: Stack, chat: Chat) -> str:
    response = httpx.get(f"{stack.rasa_url}/conversations/{chat.session}/tracker",
                         params={"token": stack.env["RASA_TOKEN"]}, timeout=10)
    return understanding.journey_of(response.json())


def referral(stack: Stack, reference: str) -> Any:
    return understanding.read_referral(stack, reference)


def opened(stack: Stack, text: str) -> tuple[Chat, list[dict[str, Any]]]:
    chat = Chat(stack)
    chat.say("/greet")
    return chat, chat.say(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("my olders make me run bits to kent n i cant say no", "support"),
    ("im 14 and these boys keep making me hold stuff for them", "support"),
    ("i dont want to do this anymore but im scared what they will do", "support"),
    ("they gonna hurt me if i dont pay them back", "support"),
    ("he's 15 and we live in Erith. what should I do?", "parent"),
    ("he's missing right now, he didn't come home last night", "parent"),
])
def test_people_in_their_own_words_reach_their_journey(stack: Stack, text: str, expected: str) -> None:
    chat, messages = opened(stack, text)
    assert journey(stack, chat) == expected
    assert "only read English" not in Chat.text(messages)
    if expected == "support":
        assert "Childline" in Chat.text(messages[:2])


def test_a_missing_child_is_red_and_the_parent_is_told_to_call_the_police(stack: Stack) -> None:
    chat, messages = opened(stack, "he's missing right now, he didn't come home last night")
    assert "101" in Chat.text(messages) and "999" in Chat.text(messages)
    assert "organisation" not in Chat.text(messages).lower()
    for answer in ["15", "Erith", "rather not say", "Jo Walsh", "07700 900321", "Yes, send it"]:
        messages = chat.say(answer)
        assert "organisation" not in Chat.text(messages).lower() and "parent or carer aware" not in Chat.text(
            messages).lower()
    reference = REFERENCE.search(Chat.text(messages))
    assert reference, Chat.text(messages)
    detail = referral(stack, reference.group(0))
    assert detail.urgency == "red" and "missing_now" in detail.indicators


def test_the_teachers_detailed_opening_is_not_asked_again_and_reaches_the_referral(stack: Stack) -> None:
    opening = ("I'm a teacher at Longlands School in Sidcup. I'm worried about a 14-year-old pupil in Year 9. "
               "He's got new expensive trainers, two phones, and older boys pick him up in a car after school.")
    chat, messages = opened(stack, opening)
    assert journey(stack, chat) == "concern"
    asked = Chat.text(messages)
    for answer in ["Ms Okafor", "okafor@longlands.example.sch.uk", "no", "Kyle", "no", "not sure", "yes",
                   "Yes, send it"]:
        messages = chat.say(answer)
        asked += "\n" + Chat.text(messages)
    for question in ("what is your role", "Which school or organisation", "How old are they", "Which area",
                     "what you have seen or heard"):
        assert question.lower() not in asked.lower()
    reference = REFERENCE.search(asked)
    assert reference, asked
    detail = referral(stack, reference.group(0))
    assert opening in detail.description


@pytest.mark.parametrize("question", ["subject_area", "subject_name"])
def test_the_knife_typed_as_an_answer_is_red_with_a_weapon_and_never_a_name_or_place(stack: Stack,
                                                                                     question: str) -> None:
    knife = "he's outside the school gates now with a knife"
    chat, _ = opened(stack, "I'm a teacher and I need to refer a pupil")
    answers = {"reporter_organisation": "Longlands School", "reporter_name": "Ms Okafor",
               "reporter_contact": "okafor@longlands.example.sch.uk", "reporter_feedback": "no", "subject_name": "Kyle",
               "subject_age": "14", "subject_school": "same as mine", "subject_area": "Sidcup",
               "concern_description": "He has been hanging around with older boys.", "immediate_danger": "yes",
               "known_to_social_care": "no", "parent_aware": "not sure", "concern_confirmed": "Yes, send it"}
    typed_knife = False
    replies: list[list[dict[str, Any]]] = []
    for _ in range(20):
        tracker = httpx.get(f"{stack.rasa_url}/conversations/{chat.session}/tracker",
                            params={"token": stack.env["RASA_TOKEN"]}, timeout=10).json()
        requested = (tracker.get("slots") or {}).get("requested_slot")
        if not requested:
            break
        if requested == question and not typed_knife:
            typed_knife = True
            messages = chat.say(knife)
            assert [m["kind"] for m in messages].count("safety") == 1 and messages[0]["kind"] == "safety"
            continue
        replies.append(chat.say(answers[requested]))
    reference = REFERENCE.search(Chat.text(replies[-1]))
    assert typed_knife and reference
    detail = referral(stack, reference.group(0))
    assert detail.urgency == "red" and "weapon" in detail.indicators
    assert knife in detail.description
    subject = next(p for p in detail.people if p.at_risk)
    assert subject.name == "Kyle" and "knife" not in (subject.home_area or "") and "knife" not in (
        detail.area_text or "")


@pytest.mark.parametrize(("text", "expected", "says"), [
    ("میرا بیٹا کل رات سے گھر نہیں آیا، میں بہت پریشان ہوں", "other_language", "999"),
    ("😭😭😭", "comfort", "Childline"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa https://example.com/x", "not_understood", "own words"),
])
def test_other_languages_emoji_and_links_start_no_journey(stack: Stack, text: str, expected: str,
                                                          says: str) -> None:
    chat, messages = opened(stack, text)
    assert journey(stack, chat) == expected
    assert says in Chat.text(messages) and "only read English" not in Chat.text(messages)
    assert "Thank you. Take care" not in Chat.text(messages)
