"""The parents' form: a parent's report about their own child (actions/parent.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.parent import (
    ASK_ACTIONS,
    FIELDS,
    ActionResetParent,
    ActionSubmitParent,
    ValidateParentForm,
    build_draft,
)
from frontdoor.model import Kind, PersonRole, ReporterRole
from frontdoor.store.models import Referral
from tests.actions.conftest import Conversation, asked_by_its_form, is_safety

COMPLETE = {"parent_missing": "no", "parent_child_age": "15", "parent_area": "Erith",
            "parent_concern": "He has a second phone and new older friends who pick him up.",
            "parent_child_name": "not given", "parent_name": "Dee Walker", "parent_contact": "07700 900456",
            "parent_confirmed": "yes", "parent_submission_id": "p-1"}


def validate(tracker: Tracker, domain: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateParentForm().run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, dispatcher.messages


def started(opening: str) -> Conversation:
    talk = Conversation().user(opening, "parent_worried", 0.9).action("action_choose_journey")
    return talk.set(journey="parent_report").action("parent_form").form("parent_form")


def test_what_the_parent_said_is_not_asked_again(core, domain) -> None:
    slots, _ = validate(started("my son is 15 and we live in Erith, he's got a second phone and older friends "
                                "and I want to report it").tracker(), domain)
    assert slots["parent_child_age"] == "15" and slots["parent_area"] == "Erith"
    assert "second phone" in slots["parent_concern"]
    assert "parent_missing" not in slots  # asked: nobody said he is missing


def test_a_child_missing_now_is_told_to_the_police_at_once_and_is_red(core, domain) -> None:
    talk = started("my son didn't come home last night and his phone is off, I can't find him")
    slots, messages = validate(talk.tracker(), domain)
    assert slots["parent_missing"] == "yes"
    assert is_safety(messages[0])  # someone missing now: the 999 advice first, once
    assert "999" in messages[1]["text"] and "101" in messages[1]["text"]
    talk.set(**slots)
    draft = build_draft(talk.tracker({**COMPLETE, "parent_missing": "yes", "parent_missing_told": True}))
    assert draft.immediate_danger is True and "missing_now" in draft.indicators
    submission = core.submissions.submit(draft)
    assert submission.urgency.value == "red"


def test_the_missing_advice_is_given_once(core, domain) -> None:
    talk = Conversation().user("I want to report something", "parent_worried", 0.9).form("parent_form")
    talk.ask("parent_missing").user("yes")
    slots, messages = validate(talk.tracker({"parent_missing": "yes"}), domain)
    assert slots["parent_missing_told"] is True and "101" in messages[0]["text"]
    talk.set(**slots).ask("parent_child_age").user("14")
    _, messages = validate(talk.tracker({"parent_child_age": "14"}), domain)
    assert not any("101" in (m.get("text") or "") for m in messages)


@pytest.mark.parametrize(("slot", "answer", "stored"), [
    ("parent_child_age", "fifteen", "15"), ("parent_child_age", "not sure", "not sure"),
    ("parent_area", "Orpington", "Orpington"), ("parent_child_name", "his name is Leon", "Leon"),
    ("parent_child_name", "rather not say", "not given"), ("parent_name", "Dee Walker", "Dee Walker"),
    ("parent_contact", "call me on 07700 900456", "07700900456"), ("parent_missing", "no", "no"),
])
def test_answers(core, domain, slot: str, answer: str, stored: str) -> None:
    talk = Conversation().user("I'm worried about my son", "parent_worried", 0.9).form("parent_form")
    talk.ask(slot).user(answer)
    slots, _ = validate(talk.tracker({slot: answer}), domain)
    assert slots[slot] == stored


def test_a_parent_is_never_asked_for_an_organisation_or_whether_a_parent_is_aware(domain) -> None:
    asked = domain["forms"]["parent_form"]["required_slots"]
    assert not [slot for slot in asked if "organisation" in slot or "aware" in slot]
    assert list(FIELDS) + ["parent_confirmed"] == asked
    assert all(asked_by_its_form(a().name(), domain) for a in ASK_ACTIONS)


def test_submission_is_a_concern_from_a_parent(core, domain) -> None:
    talk = Conversation().user("I'm worried about my son", "parent_worried", 0.9).form("parent_form")
    dispatcher = CollectingDispatcher()
    events = ActionSubmitParent().run(dispatcher, talk.tracker(COMPLETE), domain)
    with core.db.session() as session:
        stored = session.scalars(select(Referral)).one()
        assert stored.kind == Kind.CONCERN.value
        reporter = next(p for p in stored.people if p.role == PersonRole.REPORTER.value)
        child = next(p for p in stored.people if p.role == PersonRole.YOUNG_PERSON_AT_RISK.value)
        assert reporter.reporter_role == ReporterRole.PARENT.value and child.age == 15
    assert stored.reference in dispatcher.messages[0]["text"]
    assert any(e.get("name") == "referral_reference" for e in events)
    reset = ActionResetParent().run(CollectingDispatcher(), talk.tracker(), domain)
    assert {e["name"] for e in reset} >= set(COMPLETE)
