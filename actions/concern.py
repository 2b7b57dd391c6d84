"""The professional concern form: questions, validation, summary, submission, reset.

Thin: each method reads one answer, asks the core to understand it
(:mod:`frontdoor.answers`, the routing table's gazetteer) and either stores the
understood value or re-asks with the core's message. Submission builds a
:class:`~frontdoor.model.ReferralDraft` and calls ``core.submissions.submit``.
"""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import conversation, forms, prompts, safety, steps
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import (
    clean_free_text,
    is_skip,
    looks_like_sentence,
    parse_age,
    parse_contact,
    parse_reporter_role,
    parse_tristate,
    place_answer,
)
from frontdoor.errors import InvalidInput
from frontdoor.model import (
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
    Submission,
)
from frontdoor.services import Core
from frontdoor.understanding import AnswerKind, Record

NOT_GIVEN = "not given"
UNKNOWN = "not sure"

#: Form slots in the order asked, with the label used in the summary and the
#: "change something" buttons.
FIELDS: dict[str, str] = {
    "reporter_role": "Your role",
    "reporter_organisation": "Your organisation",
    "reporter_name": "Your name",
    "reporter_contact": "Your contact details",
    "reporter_feedback": "Updates by e-mail",
    "subject_name": "Their name",
    "subject_age": "Their age",
    "subject_school": "Their school",
    "subject_area": "Area",
    "concern_description": "What you've seen",
    "immediate_danger": "Danger now",
    "known_to_social_care": "Looked after or known to social care",
    "parent_aware": "Parent or carer aware",
}
FORM_SLOTS: list[str] = [*FIELDS, "concern_confirmed"]
BOOKKEEPING_SLOTS = ["concern_editing", "submission_id", "area_unresolved"]



def _tristate_word(value: bool | None) -> str:
    return {True: "yes", False: "no", None: UNKNOWN}[value]


def _word_tristate(word: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(word or "")


def _field_named(text: str) -> str | None:
    """Return the form field a "change …" answer names, if any."""
    simple = text.strip().lower()
    for slot, label in FIELDS.items():
        if simple in (label.lower(), f"change {label.lower()}", slot):
            return slot
    keywords = {
        "role": "reporter_role", "organisation": "reporter_organisation", "school i": "reporter_organisation",
        "my name": "reporter_name", "contact": "reporter_contact", "email": "reporter_contact",
        "phone": "reporter_contact", "their name": "subject_name", "his name": "subject_name",
        "her name": "subject_name", "age": "subject_age", "their school": "subject_school",
        "school": "subject_school", "area": "subject_area", "where": "subject_area",
        "seen": "concern_description", "description": "concern_description", "what happened": "concern_description",
        "danger": "immediate_danger", "social care": "known_to_social_care", "parent": "parent_aware",
        "carer": "parent_aware",
    }
    for keyword, slot in keywords.items():
        if keyword in simple:
            return slot
    return None


#: What kind of thing each question asks for (the description questions take anything).
KINDS: dict[str, AnswerKind] = {
    "reporter_role": AnswerKind.ROLE,
    "reporter_organisation": AnswerKind.ORGANISATION,
    "reporter_name": AnswerKind.NAME,
    "reporter_contact": AnswerKind.CONTACT,
    "reporter_feedback": AnswerKind.YES_NO,
    "subject_name": AnswerKind.NAME,
    "subject_age": AnswerKind.AGE,
    "subject_school": AnswerKind.SCHOOL,
    "subject_area": AnswerKind.PLACE,
    "immediate_danger": AnswerKind.YES_NO,
    "known_to_social_care": AnswerKind.YES_NO,
    "parent_aware": AnswerKind.YES_NO,
    "concern_confirmed": AnswerKind.YES_NO,
}
#: The description question: its answers are the report's account.
NARRATIVE = ("concern_description",)
#: Roles a professional's opening can fill (a young person or resident is not reporting as a professional).
_NOT_PROFESSIONAL = (ReporterRole.YOUNG_PERSON, ReporterRole.RESIDENT, ReporterRole.PARENT)


class ValidateConcernForm(forms.ReadingForm):
    """validate_concern_form: understands each answer, 999 advice first when needed."""

    KINDS = KINDS

    def name(self) -> str:
        return "validate_concern_form"

    async def validate(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().validate(dispatcher, tracker, domain)
        if not tracker.get_slot("submission_id"):
            events.append(SlotSet("submission_id", uuid.uuid4().hex))
        return events

    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """What a professional's own words already answered ("I'm a teacher at Longlands School ...")."""
        if slot == "reporter_role":
            role = record.role or next((parse_reporter_role(str(v)) for v in
                                        tracker.get_latest_entity_values("reporter_role")), None)
            return role.value if role is not None and role not in _NOT_PROFESSIONAL else None
        if slot == "reporter_organisation":
            return record.organisation
        if slot == "reporter_name":
            return record.own_name
        if slot == "subject_name":
            return record.subject_name
        if slot == "subject_age":
            return str(record.age) if record.age is not None else None
        if slot == "subject_school":
            if record.school:
                return record.school
            return record.organisation if record.pupil_of_writer else None
        if slot == "subject_area":
            return record.place
        if slot == "concern_description":
            return record.story()
        if slot == "immediate_danger":
            return "yes" if record.danger_now else None
        return None

    # --- about the reporter ---------------------------------------------------------
    def validate_reporter_role(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        role = parse_reporter_role(str(value or ""))
        if role is None:
            try:
                clean_free_text(str(value or ""), limit=80, field="role")
            except InvalidInput as error:
                return forms.reask(dispatcher, "reporter_role", error)
            role = ReporterRole.OTHER
        return {"reporter_role": role.value}

    def validate_reporter_organisation(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            return {"reporter_organisation": clean_free_text(str(value or ""), limit=150, field="organisation")}
        except InvalidInput as error:
            return forms.reask(dispatcher, "reporter_organisation", error)

    def validate_reporter_name(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.name_answer("reporter_name", value, dispatcher, NOT_GIVEN)

    def validate_reporter_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        answer = forms.contact_answer("reporter_contact", value, dispatcher)
        if answer.get("reporter_contact") and "@" not in str(answer["reporter_contact"]):
            answer["reporter_feedback"] = "no"  # updates go by e-mail: asked only when an address was given
        return answer

    def validate_reporter_feedback(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        answer = self._tristate("reporter_feedback", value, dispatcher)
        if answer.get("reporter_feedback") == UNKNOWN:
            answer["reporter_feedback"] = "no"
        return answer

    # --- about the young person -----------------------------------------------------
    def validate_subject_name(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.name_answer("subject_name", value, dispatcher, NOT_GIVEN)

    def validate_subject_age(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            age = parse_age(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "subject_age", error)
        return {"subject_age": UNKNOWN if age is None else str(age)}

    def validate_subject_school(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip()
        simple = text.lower()
        if simple in {"same", "same as mine", "same school", "my school", "same as me", "the same"}:
            return {"subject_school": tracker.get_slot("reporter_organisation") or NOT_GIVEN}
        if simple in {"not in school", "none", "not at school", "no school", "left school"}:
            return {"subject_school": "not in school"}
        if is_skip(text):
            return {"subject_school": NOT_GIVEN}
        if looks_like_sentence(text):
            prompts.say(dispatcher, "messages", "school_name_only", channel_of(tracker))
            return {"subject_school": None}
        try:
            return {"subject_school": clean_free_text(text, limit=150, field="school")}
        except InvalidInput as error:
            return forms.reask(dispatcher, "subject_school", error)

    def validate_subject_area(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"subject_area": UNKNOWN, "area_unresolved": None}
        fd = core()
        try:
            cleaned = place_answer(text, fd.analyser.places(text))
        except InvalidInput as error:
            return forms.reask(dispatcher, "subject_area", error)
        match = fd.table.resolve_area(cleaned, fd.analyser)
        if match is None:
            for place in tracker.get_latest_entity_values("place"):
                match = fd.table.resolve_area(str(place), fd.analyser)
                if match:
                    break
        if match is not None or tracker.get_slot("area_unresolved"):
            return {"subject_area": cleaned, "area_unresolved": None}
        prompts.say(dispatcher, "messages", "area_unknown", channel_of(tracker), place=cleaned)
        return {"subject_area": None, "area_unresolved": cleaned}

    def validate_concern_description(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            text = clean_free_text(str(value or ""), limit=5000, field="description")
        except InvalidInput as error:
            return forms.reask(dispatcher, "concern_description", error)
        if len(text) < 12 and not core().analyser.indicators(text):
            prompts.say(dispatcher, "messages", "more_detail", channel_of(tracker))
            return {"concern_description": None}
        return {"concern_description": text}

    def _tristate(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        try:
            answer = parse_tristate(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, slot, error)
        return {slot: _tristate_word(answer)}

    def validate_immediate_danger(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") == "immediate_danger" and conversation.reading(tracker).risk:
            result: dict[str, Any] = {"immediate_danger": "yes"}
        else:
            result = self._tristate("immediate_danger", value, dispatcher)
        if result.get("immediate_danger") == "yes" and tracker.get_slot("requested_slot") == "immediate_danger":
            safety.warn(dispatcher, tracker)
            prompts.say(dispatcher, "messages", "danger_marked_urgent", channel_of(tracker))
        return result

    def validate_known_to_social_care(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._tristate("known_to_social_care", value, dispatcher)

    def validate_parent_aware(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._tristate("parent_aware", value, dispatcher)

    # --- the summary answer ---------------------------------------------------------
    def validate_concern_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.summary_answer(value, dispatcher, editing=bool(tracker.get_slot("concern_editing")),
                                    confirmed_slot="concern_confirmed", editing_slot="concern_editing",
                                    field_named=_field_named)


def summary_lines(tracker: Tracker) -> list[str]:
    """Return the summary of the answers so far, one line per group."""
    slots = {name: tracker.get_slot(name) for name in FIELDS}
    role = slots["reporter_role"]
    role_label = ReporterRole(role).label if role in ReporterRole._value2member_map_ else (role or NOT_GIVEN)
    fd = core()
    area_text = slots["subject_area"] or NOT_GIVEN
    match = fd.table.resolve_area(slots["subject_area"], fd.analyser) if slots["subject_area"] else None
    area = f"{area_text} ({match.area.name})" if match and match.area.name.lower() != area_text.lower() else area_text
    age = slots["subject_age"]
    age_text = UNKNOWN if age in (None, UNKNOWN) else f"{age}"
    return [
        f"You: {role_label}, {slots['reporter_organisation']}; {slots['reporter_name']}; {slots['reporter_contact']}"
        + ("; updates by e-mail" if slots["reporter_feedback"] == "yes" else ""),
        f"Young person: {slots['subject_name']}, age {age_text}, school: {slots['subject_school']}",
        f"Area: {area}",
        f"What you've seen: {slots['concern_description']}",
        f"Danger now: {slots['immediate_danger']}. Known to social care: {slots['known_to_social_care']}. "
        f"Parent or carer aware: {slots['parent_aware']}.",
    ]


class ActionAskConcernConfirmed(steps.ConfirmStep):
    """action_ask_concern_confirmed: the summary to correct before sending."""

    journey = "concern"
    fields = FIELDS

    lines = staticmethod(summary_lines)


def build_draft(tracker: Tracker) -> ReferralDraft:
    """Return the referral draft the concern form's answers describe.

    Raises:
        InvalidInput: the stored contact details no longer parse.
    """
    get = tracker.get_slot

    def given(name: str) -> str | None:
        value = get(name)
        return None if value in (None, NOT_GIVEN, UNKNOWN) else str(value)

    email, phone = parse_contact(get("reporter_contact") or "")
    role = get("reporter_role")
    age_text = given("subject_age")
    age = int(age_text) if age_text and age_text.isdigit() else None
    at_risk = PersonRole.VULNERABLE_ADULT_AT_RISK if age is not None and age >= 18 else PersonRole.YOUNG_PERSON_AT_RISK
    return ReferralDraft(
        kind=Kind.CONCERN,
        channel=referral_channel(tracker),
        description=forms.account(tracker, NARRATIVE, FIELDS, fallback=str(get("concern_description") or "")),
        immediate_danger=_word_tristate(get("immediate_danger")),
        area=given("subject_area"),
        reporter=ReporterDraft(
            role=ReporterRole(role) if role in ReporterRole._value2member_map_ else ReporterRole.OTHER,
            organisation=given("reporter_organisation"),
            name=given("reporter_name"),
            email=email,
            phone=phone,
            feedback=get("reporter_feedback") == "yes",
        ),
        people=[
            PersonDraft(
                role=at_risk,
                name=given("subject_name"),
                age=age,
                school=given("subject_school"),
                home_area=given("subject_area"),
                known_to_social_care=_word_tristate(get("known_to_social_care")),
                parent_carer_aware=_word_tristate(get("parent_aware")),
            )
        ],
    )


class ActionSubmitConcern(steps.SubmitStep):
    """action_submit_concern: store the referral and tell the reporter what happens next."""

    journey = "concern"
    submission_slot = "submission_id"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)

    def submit(self, fd: Core, tracker: Tracker, source_key: str) -> Submission:
        return fd.submissions.submit(build_draft(tracker), source_key=source_key)

    def field_of(self, error: InvalidInput) -> str | None:
        return error.field if error.field in FIELDS else None

    def say_sent(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Submission, due: str) -> None:
        prompts.say(dispatcher, "messages", "concern_sent", channel_of(tracker), reference=result.reference,
                    inbox=result.inbox_name, where=f" for {result.area_name}" if result.area_name else "",
                    urgency=result.urgency.value.upper(), reasons="; ".join(result.reasons[:3]).rstrip("."),
                    due=due)


class ActionResetConcern(steps.ResetStep):
    """action_reset_concern: forget the answers of a stopped report."""

    journey = "concern"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)


# One ask action per question (action_ask_concern_form_<slot>).
ASK_ACTIONS = forms.ask_actions(FIELDS, name=lambda slot: f"action_ask_concern_form_{slot}", group="concern_form")
