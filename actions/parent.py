"""A parent or carer reports a concern about their own child: the parents' form.

Never asks a parent for an organisation or whether a parent is aware. Asks
first whether the child is missing right now (then: report it to the police
at once, 999 if in danger, otherwise 101, and the referral is red), then the
child's age and area, what is happening, the child's name (optional), and the
parent's name and how to reach them. What the parent already said fills the
questions (:class:`actions.forms.ReadingForm`). Submission is a ``concern``
referral with the reporter's role ``parent``, through ``core.submissions.submit``.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation, forms, prompts, steps
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import (
    clean_free_text,
    is_skip,
    parse_age,
    parse_contact,
    parse_tristate,
    place_answer,
)
from frontdoor.errors import InvalidInput
from frontdoor.model import Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.understanding import AnswerKind, Record

if TYPE_CHECKING:
    from frontdoor.model import Submission
    from frontdoor.services import Core

FORM = "parent_form"
NOT_GIVEN = "not given"
NOT_SURE = "not sure"

#: Form slots in the order asked, with the label used in the summary and the "change something" buttons.
FIELDS: dict[str, str] = {
    "parent_missing": "Missing now",
    "parent_child_age": "Your child's age",
    "parent_area": "Area",
    "parent_concern": "What is happening",
    "parent_child_name": "Your child's name",
    "parent_name": "Your name",
    "parent_contact": "How to contact you",
}
FORM_SLOTS: list[str] = [*FIELDS, "parent_confirmed"]
BOOKKEEPING_SLOTS = ["parent_editing", "parent_submission_id", "parent_missing_told"]
KINDS: dict[str, AnswerKind] = {
    "parent_missing": AnswerKind.YES_NO,
    "parent_child_age": AnswerKind.AGE,
    "parent_area": AnswerKind.PLACE,
    "parent_child_name": AnswerKind.NAME,
    "parent_name": AnswerKind.NAME,
    "parent_contact": AnswerKind.CONTACT,
    "parent_confirmed": AnswerKind.YES_NO,
}
NARRATIVE = ("parent_concern",)
#: The missing-now answer words and their meaning.
_MISSING_WORDS = {True: "yes", False: "no", None: NOT_SURE}


def _field_named(text: str) -> str | None:
    """Return the form field a "change …" answer names, if any."""
    simple = text.strip().lower()
    for slot, label in FIELDS.items():
        if simple in (label.lower(), f"change {label.lower()}", slot):
            return slot
    for words, slot in (("missing", "parent_missing"), ("age", "parent_child_age"), ("old", "parent_child_age"),
                        ("area", "parent_area"), ("where", "parent_area"), ("happening", "parent_concern"),
                        ("what", "parent_concern"), ("child's name", "parent_child_name"),
                        ("their name", "parent_child_name"), ("his name", "parent_child_name"),
                        ("her name", "parent_child_name"), ("my name", "parent_name"), ("your name", "parent_name"),
                        ("contact", "parent_contact"), ("phone", "parent_contact"), ("email", "parent_contact"),
                        ("number", "parent_contact")):
        if words in simple:
            return slot
    return None


class ValidateParentForm(forms.ReadingForm):
    """validate_parent_form: a parent's answers, read in their own words."""

    KINDS = KINDS

    def name(self) -> str:
        return "validate_parent_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        events = await super().validate(dispatcher, tracker, domain)
        if not tracker.get_slot("parent_submission_id"):
            events.append(SlotSet("parent_submission_id", uuid.uuid4().hex))
        return events

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """What the parent already said: missing now, the child's age, the area, what is happening, names."""
        if slot == "parent_missing":
            return "yes" if "missing_now" in record.indicators else None
        if slot == "parent_child_age":
            return str(record.age) if record.age is not None else None
        if slot == "parent_area":
            return record.place
        if slot == "parent_concern":
            return record.story()
        if slot == "parent_child_name":
            return record.subject_name
        if slot == "parent_name":
            return record.own_name
        return None

    def validate_parent_missing(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == "parent_missing"
        reading = conversation.reading(tracker)
        if asked and "missing_now" in reading.indicators:
            answer: bool | None = True
        else:
            try:
                answer = parse_tristate(str(value or ""))
            except InvalidInput as error:
                return forms.reask(dispatcher, "parent_missing", error)
        result: dict[str, Any] = {"parent_missing": _MISSING_WORDS[answer]}
        if answer is True and not tracker.get_slot("parent_missing_told"):
            prompts.say(dispatcher, FORM, "missing_now", channel_of(tracker))
            result["parent_missing_told"] = True
        return result

    def validate_parent_child_age(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"parent_child_age": NOT_SURE}
        try:
            age = parse_age(text)
        except InvalidInput as error:
            return forms.reask(dispatcher, "parent_child_age", error)
        return {"parent_child_age": NOT_SURE if age is None else str(age)}

    def validate_parent_area(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"parent_area": NOT_SURE}
        try:
            return {"parent_area": place_answer(text, core().analyser.places(text))}
        except InvalidInput as error:
            return forms.reask(dispatcher, "parent_area", error)

    def validate_parent_concern(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            text = clean_free_text(str(value or ""), limit=5000, field="description")
        except InvalidInput as error:
            return forms.reask(dispatcher, "parent_concern", error)
        if len(text) < 8 and not core().analyser.indicators(text):
            prompts.say(dispatcher, FORM, "concern_more", channel_of(tracker))
            return {"parent_concern": None}
        return {"parent_concern": text}

    def validate_parent_child_name(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.name_answer("parent_child_name", value, dispatcher, NOT_GIVEN)

    def validate_parent_name(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.name_answer("parent_name", value, dispatcher, NOT_GIVEN)

    def validate_parent_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            email, phone = parse_contact(str(value or ""))
        except InvalidInput:
            prompts.say(dispatcher, FORM, "contact_again", channel_of(tracker))
            return {"parent_contact": None}
        return {"parent_contact": " / ".join(part for part in (email, phone) if part)}

    def validate_parent_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.summary_answer(value, dispatcher, editing=bool(tracker.get_slot("parent_editing")),
                                    confirmed_slot="parent_confirmed", editing_slot="parent_editing",
                                    field_named=_field_named)


def summary_lines(tracker: Tracker) -> list[str]:
    """Return the summary of the parent's answers, one line each."""
    get = tracker.get_slot
    return [
        f"Missing right now: {get('parent_missing')}",
        f"Your child: {get('parent_child_name')}, age {get('parent_child_age')}",
        f"Area: {get('parent_area')}",
        f"What is happening: {get('parent_concern')}",
        f"You: {get('parent_name')}, {get('parent_contact')}",
    ]


class ActionAskParentConfirmed(steps.ConfirmStep):
    """action_ask_parent_confirmed: the summary to correct before sending."""

    journey = "parent"
    fields = FIELDS

    lines = staticmethod(summary_lines)


def build_draft(tracker: Tracker) -> ReferralDraft:
    """Return the parent's report as a concern referral (reporter: parent or carer).

    Raises:
        InvalidInput: the stored contact details no longer parse.
    """
    get = tracker.get_slot

    def given(name: str) -> str | None:
        value = get(name)
        return None if value in (None, NOT_GIVEN, NOT_SURE) else str(value)

    email, phone = parse_contact(get("parent_contact") or "")
    age_text = given("parent_child_age")
    age = int(age_text) if age_text and age_text.isdigit() else None
    missing = get("parent_missing") == "yes"
    indicators = ["missing_now"] if missing else []
    account = forms.account(tracker, NARRATIVE, FIELDS, fallback=str(get("parent_concern") or ""))
    if missing:
        account = "The parent says their child is missing right now.\n\n" + account
    return ReferralDraft(
        kind=Kind.CONCERN,
        channel=referral_channel(tracker),
        description=account,
        immediate_danger=True if missing else None,
        indicators=indicators,
        area=given("parent_area"),
        reporter=ReporterDraft(role=ReporterRole.PARENT, name=given("parent_name"), email=email, phone=phone),
        people=[PersonDraft(
            role=PersonRole.VULNERABLE_ADULT_AT_RISK if age is not None and age >= 18
            else PersonRole.YOUNG_PERSON_AT_RISK,
            name=given("parent_child_name"),
            age=age,
            home_area=given("parent_area"),
            parent_carer_aware=True,
        )],
    )


class ActionSubmitParent(steps.SubmitStep):
    """action_submit_parent: store the parent's report and tell them what happens next."""

    journey = "parent"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)

    def submit(self, fd: Core, tracker: Tracker, source_key: str) -> Submission:
        return fd.submissions.submit(build_draft(tracker), source_key=source_key)

    def field_of(self, error: InvalidInput) -> str | None:
        if error.field in ("email", "phone"):
            return "parent_contact"
        return error.field if error.field in FIELDS else None

    def say_sent(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Submission, due: str) -> None:
        team = result.inbox_name + (f" for {result.area_name}" if result.area_name else "")
        prompts.say(dispatcher, FORM, "submitted", channel_of(tracker), reference=result.reference, team=team,
                    urgency=result.urgency.value.upper(), due=due)


class ActionResetParent(steps.ResetStep):
    """action_reset_parent: forget the answers of a stopped report."""

    journey = "parent"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)


# One ask action per question (action_ask_parent_form_<slot>).
ASK_ACTIONS = forms.ask_actions(FIELDS, name=lambda slot: f"action_ask_parent_form_{slot}", group=FORM)
