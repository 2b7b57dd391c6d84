"""action_choose_journey: every message outside a form read by the core, what comes first, the journey."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.journey import ActionChooseJourney, ActionNotUnderstood, answer_response
from frontdoor.understanding import QUESTIONS
from tests.actions.conftest import Conversation, is_safety

ROOT = Path(__file__).resolve().parents[2]


def choose(text: str, intent: str = "nlu_fallback", confidence: float = 0.3, channel: str = "web",
           conversation: Conversation | None = None, **entities: str) -> tuple[str, list[dict[str, Any]]]:
    talk = conversation or Conversation(channel)
    talk.user(text, intent, confidence, [{"entity": k, "value": v} for k, v in entities.items()])
    dispatcher = CollectingDispatcher()
    events = ActionChooseJourney().run(dispatcher, talk.tracker(), {})
    journey = next(e["value"] for e in events if e.get("name") == "journey")
    return journey, dispatcher.messages


def test_the_teachers_natural_opening_is_a_concern(core) -> None:
    journey, messages = choose("I'm a teacher at Oakfield School in Sidcup. I'm worried about a 14-year-old pupil in "
                               "Year 9 who has new trainers and is collected by older boys", "report_concern", 0.7)
    assert journey == "concern" and not messages


def test_a_young_person_in_their_own_words_gets_childline_first(core) -> None:
    journey, messages = choose("my olders make me shot for them n i cant say no", "report_concern", 0.8)
    assert journey == "support"
    assert "Childline" in messages[0]["text"] and "999" in messages[0]["text"]


def test_danger_gets_the_999_advice_once_then_the_young_persons_welcome_without_repeating_it(core) -> None:
    journey, messages = choose("im 14 and theyre outside my house right now with a knife", "immediate_danger", 0.9)
    assert journey == "support"
    assert is_safety(messages[0]) and sum(map(is_safety, messages)) == 1
    assert "999" not in messages[1]["text"] and "Childline" in messages[1]["text"]


def test_the_999_advice_is_not_repeated_in_the_same_turn(core) -> None:
    talk = Conversation().user("a man with a gun outside the shop right now", "immediate_danger", 0.95)
    talk.bot(custom={"kind": "safety", "text": "call 999"})
    dispatcher = CollectingDispatcher()
    ActionChooseJourney().run(dispatcher, talk.tracker(), {})
    assert not any(is_safety(m) for m in dispatcher.messages)


def test_another_language_is_answered_in_it(core) -> None:
    journey, messages = choose("Mój syn nie wrócił wczoraj do domu", "goodbye", 0.8)
    assert journey == "other_language"
    assert "999" in messages[0]["text"] and "tłumacza" in messages[0]["text"]


@pytest.mark.parametrize(("text", "journey"), [("😢", "comfort"), ("lkjhsdflkjhsdfkljh", "not_understood"),
                                               ("https://example.com/free", "not_understood")])
def test_no_journey_without_words(core, text: str, journey: str) -> None:
    chosen, messages = choose(text, "greet", 0.6)
    assert chosen == journey
    assert "English" not in messages[0]["text"]


def test_risk_to_someone_else_asks_how_they_are_reporting_on_the_web_and_is_a_tip_by_text(core) -> None:
    text = "a young lad keeps getting dropped off by older men in a car and has loads of cash"
    journey, messages = choose(text)
    assert journey == "someone_else" and [b["payload"] for b in messages[0]["buttons"]] == [
        "/report_concern", '/report_concern{"reporter_role": "parent"}', "/report_tip"]
    assert choose(text, channel="sms")[0] == "tip"


def test_the_parents_button_starts_the_parents_report(core) -> None:
    journey, _ = choose('/report_concern{"reporter_role": "parent"}', "report_concern", 1.0, reporter_role="parent")
    assert journey == "parent_report"


def test_the_fallback_asks_again_and_forgets_the_message(core) -> None:
    talk = Conversation().user("?", "nlu_fallback", 0.1)
    dispatcher = CollectingDispatcher()
    events = ActionNotUnderstood().run(dispatcher, talk.tracker(), {})
    assert events[0]["event"] == "rewind" and "own words" in dispatcher.messages[0]["text"]


def test_a_plain_question_taken_for_a_tip_gets_its_answer(core) -> None:
    talk = Conversation("web")
    talk.user("does writing here count as telling the police?", "report_tip", 0.9,
              ranking=[("ask_what_happens_next", 0.3), ("ask_privacy", 0.1)])
    dispatcher = CollectingDispatcher()
    events = ActionChooseJourney().run(dispatcher, talk.tracker(), {})
    assert next(e["value"] for e in events if e.get("name") == "journey") == "answered"
    assert [m.get("response") for m in dispatcher.messages] == ["utter_what_happens_next"]


@pytest.mark.parametrize("intent", sorted(QUESTIONS))
def test_every_question_has_an_answer_in_the_domain(intent: str) -> None:
    domain = "\n".join(path.read_text("utf-8") for path in ROOT.joinpath("bot", "domain").glob("*.yml"))
    assert f"\n  {answer_response(intent)}:" in domain
