"""Health staff refer a patient injured by violence: questions, validation, summary, submission, reset.

Thin: the opening message ("I'm an A&E nurse at Queen Elizabeth Hospital, we
have a 16 year old from Erith with a stab wound") is read with the core's
helpers (:mod:`frontdoor.hospital`) so only what it does not say is asked; each
answer is understood by a core parser or re-asked with the core's message.
Submission calls ``core().hospital.submit_presentation``. The 999 advice is
given when a message says threats are happening now, never merely because it
describes the injury.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import forms, prompts, safety, steps
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import clean_free_text, is_skip, parse_age, parse_contact
from frontdoor.errors import InvalidInput
from frontdoor.hospital import (
    Injury,
    PatientConsent,
    PresentationAnswers,
    age_from_text,
    consent_in_opening,
    imminent_threat,
    parse_consent,
    parse_injury,
    parse_police_aware,
    parse_threats,
    patient_place,
    police_in_opening,
    workplace_from_text,
)
from frontdoor.model import Submission
from frontdoor.services import Core
from frontdoor.understanding import AnswerKind, Reading, Record, Screened

FORM = "hospital_form"
NOT_KNOWN = "not known"
NOT_GIVEN = "not given"
NONE = "none"
#: The reason to refer without agreement, when the patient agreed or was not asked.
NOT_NEEDED = "not needed"

#: Form slots in the order asked, with the label used in the summary and the
#: "change something" buttons.
FIELDS: dict[str, str] = {
    "hospital_injury": "Injury",
    "hospital_age": "Patient's age",
    "hospital_area": "Patient's area",
    "hospital_police_aware": "Police aware",
    "hospital_consent": "Patient's agreement",
    "hospital_consent_reason": "Reason to refer without agreement",
    "hospital_threats": "Continuing threats",
    "hospital_discharge": "Concerns on discharge",
    "hospital_patient_name": "Patient's name",
    "hospital_workplace": "Your hospital and department",
    "hospital_reporter_name": "Your name",
    "hospital_reporter_contact": "Your phone or e-mail",
}
FORM_SLOTS: list[str] = [*FIELDS, "hospital_confirmed"]
#: Questions whose answers describe the injury and the risks: anything said there is expected.
NARRATIVE = ("hospital_injury", "hospital_threats", "hospital_discharge")
BOOKKEEPING_SLOTS = ["hospital_threats_detail", "hospital_area_unresolved", "hospital_editing",
                     "hospital_submission_id"]
#: The core's answer keys (frontdoor.hospital.FIELDS) and the slot each comes from.
CORE_FIELDS: dict[str, str] = {
    "injury": "hospital_injury",
    "age": "hospital_age",
    "area": "hospital_area",
    "place": "hospital_area",
    "police_aware": "hospital_police_aware",
    "consent": "hospital_consent",
    "consent_reason": "hospital_consent_reason",
    "continuing_threats": "hospital_threats",
    "threats_detail": "hospital_threats",
    "discharge_concerns": "hospital_discharge",
    "patient_name": "hospital_patient_name",
    "referrer_organisation": "hospital_workplace",
    "referrer_name": "hospital_reporter_name",
    "referrer_email": "hospital_reporter_contact",
    "referrer_phone": "hospital_reporter_contact",
}
#: A threats answer of this many words or more is kept in the health worker's words too.
DETAIL_WORDS = 6

#: Words naming a field in a "change …" answer, most specific first.
_FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("patient's name", "hospital_patient_name"), ("patient name", "hospital_patient_name"),
    ("their name", "hospital_patient_name"), ("his name", "hospital_patient_name"),
    ("her name", "hospital_patient_name"), ("your name", "hospital_reporter_name"),
    ("my name", "hospital_reporter_name"), ("injury", "hospital_injury"), ("wound", "hospital_injury"),
    ("age", "hospital_age"), ("area", "hospital_area"), ("where", "hospital_area"),
    ("police", "hospital_police_aware"), ("consent", "hospital_consent"), ("agree", "hospital_consent"),
    ("threat", "hospital_threats"), ("discharge", "hospital_discharge"), ("leave", "hospital_discharge"),
    ("hospital", "hospital_workplace"), ("department", "hospital_workplace"), ("ward", "hospital_workplace"),
    ("contact", "hospital_reporter_contact"), ("phone", "hospital_reporter_contact"),
    ("e-mail", "hospital_reporter_contact"), ("email", "hospital_reporter_contact"),
    ("number", "hospital_reporter_contact"),
)
#: Words left around a name when a phone number or e-mail is taken out of the same answer.
_FILLER = re.compile(r"(?:[\s,;:()\-–/]|\b(?:my|number|no|phone|tel|telephone|mobile|mob|e-?mail|address|ext|"
                     r"extension|bleep|is|on|at|or|and|call|ring|contact|reach|me|via|by|the|best|you|can|"
                     r"it's|its)\b)+$", re.I)


def _tristate_word(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not sure"}[value]


def _word_tristate(word: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(word or "")


def opening_answers(text: str) -> dict[str, str]:
    """Return the slots the opening message answers: injury, age, the patient's area, the hospital, whether the
    police know and whether the patient agreed."""
    found: dict[str, str] = {}
    injury = parse_injury(text)
    if injury is not None:
        found["hospital_injury"] = injury.value
    age = age_from_text(text)
    if age is not None:
        found["hospital_age"] = str(age)
    place = patient_place(text, core().analyser.places(text))
    if place:
        found["hospital_area"] = place
    workplace = workplace_from_text(text)
    if workplace is not None:
        found["hospital_workplace"] = workplace.text
    police = police_in_opening(text)
    if police is not None:
        found["hospital_police_aware"] = _tristate_word(police)
    consent = consent_in_opening(text)
    if consent is not None:
        found["hospital_consent"] = consent.value
    return found


def noted_so_far(found: dict[str, str]) -> str:
    """Return "So far: stab wound, aged 16, from Erith; you're at …. " for what the opening gave ("" for nothing)."""
    parts = []
    if found.get("hospital_injury"):
        parts.append(Injury(found["hospital_injury"]).label.lower())
    if found.get("hospital_age"):
        parts.append(f"aged {found['hospital_age']}")
    if found.get("hospital_area"):
        parts.append(f"from {found['hospital_area']}")
    text = ", ".join(parts)
    if found.get("hospital_workplace"):
        text += ("; " if text else "") + f"you're at {found['hospital_workplace']}"
    return f"So far: {text}. " if text else ""


_CONTACT_PARTS = re.compile(r"\S+@\S+|\+?[\d(][\d\s()-]{7,}\d")
_NAME_INTRO = re.compile(r"^\W*(?:hi|hello)?\W*(?:my name is|my name's|name is|i'm|i am|im|this is|it's|its)\s+", re.I)


def _without_contact(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers taken out, and the words around them."""
    parts = _CONTACT_PARTS.sub("\n", text).split("\n")
    first = next((part for part in parts if _FILLER.sub("", part).strip(" ,;:-")), "")
    return _FILLER.sub("", first).strip(" ,;:-")


def _with_contact(text: str) -> tuple[str, dict[str, Any]]:
    """Return ``text`` without the e-mail address or phone number in it, and the contact slot it fills.

    The slot dict is empty when ``text`` has no contact details.
    """
    try:
        email, phone = parse_contact(text)
    except InvalidInput:
        return text, {}
    return _without_contact(text), {"hospital_reporter_contact": forms.contact_text(email, phone)}


def _field_named(text: str) -> str | None:
    """Return the form field a "change …" answer names, if any."""
    simple = text.strip().lower().replace("\u2019", "'")
    for slot, label in FIELDS.items():
        if simple in (label.lower(), f"change {label.lower()}", slot):
            return slot
    for words, slot in _FIELD_WORDS:
        if words in simple:
            return slot
    return None


class ValidateHospitalForm(forms.ReadingForm):
    """validate_hospital_form: takes what the opening says, understands each answer."""

    KINDS: ClassVar[dict[str, AnswerKind]] = {
        "hospital_age": AnswerKind.AGE,
        "hospital_area": AnswerKind.PLACE,
        "hospital_police_aware": AnswerKind.YES_NO,
        "hospital_consent": AnswerKind.YES_NO,
        "hospital_threats": AnswerKind.YES_NO,
        "hospital_patient_name": AnswerKind.NAME,
        "hospital_workplace": AnswerKind.ORGANISATION,
        "hospital_reporter_contact": AnswerKind.CONTACT,
        "hospital_confirmed": AnswerKind.YES_NO,
    }

    def name(self) -> str:
        return "validate_hospital_form"

    def advice(self, reading: Reading, screened: Screened, tracker: Tracker) -> bool:
        """Only threats happening now: the injury itself has already been treated.

        Danger typed as the answer to a plain question (the patient's name or
        area) counts too, however it is worded.
        """
        if not reading.readable:
            return False
        plain_question = self.kind(tracker.get_slot("requested_slot")) is not AnswerKind.NARRATIVE
        return imminent_threat(reading.text, core().analyser) or (plain_question and screened.danger_advice)

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        _requested, reading, screened = self.screen(tracker)
        if self.advice(reading, screened, tracker):
            safety.warn(dispatcher, tracker)  # before anything else, the opening included
        first_turn = not tracker.get_slot("hospital_submission_id")
        if first_turn:
            opening = forms.opening(tracker)
            prompts.say(dispatcher, FORM, "opening", channel_of(tracker),
                        noted=noted_so_far(opening_answers(opening) if opening else {}))
        events = await super().validate(dispatcher, tracker, domain)
        if first_turn:
            events.append(SlotSet("hospital_submission_id", uuid.uuid4().hex))
        return events

    # --- what the health worker already said ----------------------------------------------------
    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """The injury, age, patient's area and hospital from anything said outside the questions."""
        for said, reading in record.said:
            if said.asked is None and reading.readable:
                value = opening_answers(said.text).get(slot)
                if value:
                    return value
        return None

    # --- the injury and the patient -------------------------------------------------------------
    def validate_hospital_injury(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        injury = parse_injury(str(value or ""))
        if injury is None:
            prompts.say(dispatcher, FORM, "injury_again", channel_of(tracker))
            return {"hospital_injury": None}
        return {"hospital_injury": injury.value}

    def validate_hospital_age(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text) or text.strip().lower() in (NOT_KNOWN, "not known."):
            return {"hospital_age": NOT_KNOWN}
        age = age_from_text(text)
        if age is None:
            try:
                age = parse_age(text)
            except InvalidInput as error:
                return forms.reask(dispatcher, "hospital_age", error)
        return {"hospital_age": NOT_KNOWN if age is None else str(age)}

    def validate_hospital_area(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text) or text.strip().lower().rstrip(".") == NOT_KNOWN:
            return {"hospital_area": NOT_KNOWN, "hospital_area_unresolved": None}
        try:
            cleaned = clean_free_text(text, limit=150, field="area")
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_area", error)
        fd = core()
        if fd.table.resolve_area(cleaned, fd.analyser) is not None or tracker.get_slot("hospital_area_unresolved"):
            return {"hospital_area": cleaned, "hospital_area_unresolved": None}
        prompts.say(dispatcher, FORM, "area_unknown", channel_of(tracker), place=cleaned)
        return {"hospital_area": None, "hospital_area_unresolved": cleaned}

    def validate_hospital_police_aware(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            return {"hospital_police_aware": _tristate_word(parse_police_aware(str(value or "")))}
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_police_aware", error)

    def validate_hospital_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            consent = parse_consent(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_consent", error)
        if consent is PatientConsent.NOT_CONSENTED and tracker.get_slot("requested_slot") == "hospital_consent":
            prompts.say(dispatcher, FORM, "consent_declined", channel_of(tracker))
        # The reason is asked for only when the patient declined.
        reason = {} if consent is PatientConsent.NOT_CONSENTED else {"hospital_consent_reason": NOT_NEEDED}
        return {"hospital_consent": consent.value, **reason}

    def validate_hospital_consent_reason(self, value: Any, dispatcher: CollectingDispatcher,
                                         tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            return {"hospital_consent_reason": clean_free_text(str(value or ""), limit=2000, field="reason")}
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_consent_reason", error)

    def validate_hospital_threats(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        try:
            answer = parse_threats(text)
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_threats", error)
        detail = None
        if answer is not False:
            if len(text.split()) >= DETAIL_WORDS or core().analyser.indicators(text):
                try:
                    detail = clean_free_text(text, limit=2000, field="answer")
                except InvalidInput as error:
                    return forms.reask(dispatcher, "hospital_threats", error)
        if answer is True and tracker.get_slot("requested_slot") == "hospital_threats":
            prompts.say(dispatcher, FORM, "threats_noted", channel_of(tracker))
        return {"hospital_threats": _tristate_word(answer), "hospital_threats_detail": detail}

    def validate_hospital_discharge(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text) or text.strip().lower().rstrip(".") in ("none", "no concerns", "nothing", "none known"):
            return {"hospital_discharge": NONE}
        try:
            return {"hospital_discharge": clean_free_text(text, limit=2000, field="concerns")}
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_discharge", error)

    def validate_hospital_patient_name(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        if is_skip(text):
            return {"hospital_patient_name": NOT_GIVEN}
        try:
            return {"hospital_patient_name": clean_free_text(text, limit=100, field="name")}
        except InvalidInput as error:
            return forms.reask(dispatcher, "hospital_patient_name", error)

    # --- the health worker ---------------------------------------------------------------------
    def validate_hospital_workplace(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text, extra = _with_contact(str(value or ""))
        try:
            workplace = clean_free_text(text, limit=150, field="hospital and department")
        except InvalidInput:
            prompts.say(dispatcher, FORM, "workplace_again", channel_of(tracker))
            return {"hospital_workplace": None, **extra}
        if is_skip(workplace):
            prompts.say(dispatcher, FORM, "workplace_again", channel_of(tracker))
            return {"hospital_workplace": None, **extra}
        return {"hospital_workplace": workplace, **extra}

    def validate_hospital_reporter_name(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text, extra = _with_contact(str(value or ""))
        text = _NAME_INTRO.sub("", text)
        if is_skip(text):
            prompts.say(dispatcher, FORM, "name_again", channel_of(tracker))
            return {"hospital_reporter_name": None, **extra}
        try:
            return {"hospital_reporter_name": clean_free_text(text, limit=100, field="name"), **extra}
        except InvalidInput:
            prompts.say(dispatcher, FORM, "name_again", channel_of(tracker))
            return {"hospital_reporter_name": None, **extra}

    def validate_hospital_reporter_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                           tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.contact_answer("hospital_reporter_contact", value, dispatcher)

    # --- the summary answer ----------------------------------------------------------------------
    def validate_hospital_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.summary_answer(value, dispatcher, editing=bool(tracker.get_slot("hospital_editing")),
                                    confirmed_slot="hospital_confirmed", editing_slot="hospital_editing",
                                    field_named=_field_named)


def _area_line(area_text: str | None) -> str:
    if not area_text or area_text == NOT_KNOWN:
        return NOT_KNOWN
    fd = core()
    match = fd.table.resolve_area(area_text, fd.analyser)
    if match and match.area.name.lower() != area_text.lower():
        return f"{area_text} ({match.area.name})"
    return area_text


def given_reason(value: Any) -> bool:
    """Return whether ``value`` is a reason to refer without agreement that the health worker gave."""
    return value not in (None, NOT_NEEDED)


def summary_lines(tracker: Tracker) -> list[str]:
    """Return the summary of the answers so far, one line per group."""
    get = tracker.get_slot
    injury = get("hospital_injury")
    injury_label = Injury(injury).label if injury in Injury._value2member_map_ else (injury or NOT_KNOWN)
    consent = {"consented": "yes", "not_consented": "no", "not_asked": "not asked"}.get(
        get("hospital_consent") or "", NOT_KNOWN)
    age = get("hospital_age") or NOT_KNOWN
    lines = [
        f"Patient: {get('hospital_patient_name') or NOT_GIVEN}, age {age}, lives in {_area_line(get('hospital_area'))}",
        f"Injury: {injury_label}. Police aware: {get('hospital_police_aware')}. "
        f"Agreed to the referral: {consent}"
        + (f" ({get('hospital_consent_reason')})" if given_reason(get("hospital_consent_reason")) else "") + ".",
        f"Continuing threats: {get('hospital_threats')}"
        + (f" ({get('hospital_threats_detail')})" if get("hospital_threats_detail") else ""),
        f"Concerns on discharge: {get('hospital_discharge')}",
        f"You: {get('hospital_reporter_name')}, {get('hospital_workplace')}; {get('hospital_reporter_contact')}",
    ]
    return lines


class ActionAskHospitalConfirmed(steps.ConfirmStep):
    """action_ask_hospital_confirmed: the summary to correct before sending."""

    journey = "hospital"
    fields = FIELDS
    heading = "hospital_summary_heading"
    question = "hospital_summary_question"

    lines = staticmethod(summary_lines)


def build_answers(tracker: Tracker) -> PresentationAnswers:
    """Return the core's answers (:data:`frontdoor.hospital.FIELDS`) from the form's slots.

    Raises:
        InvalidInput: the stored contact details no longer parse (``field`` ``referrer_email``).
    """
    get = tracker.get_slot

    def given(name: str) -> str | None:
        value = get(name)
        return None if value in (None, NOT_GIVEN, NOT_KNOWN, NONE, NOT_NEEDED, "not sure") else str(value)

    try:
        email, phone = parse_contact(str(get("hospital_reporter_contact") or ""))
    except InvalidInput as error:
        raise InvalidInput(str(error), "referrer_email") from None
    fd = core()
    place = given("hospital_area")
    match = fd.table.resolve_area(place, fd.analyser) if place else None
    age = given("hospital_age")
    return PresentationAnswers(
        injury=get("hospital_injury"),
        age=int(age) if age and age.isdigit() else None,
        area=match.area.id if match else None,
        place=place,
        police_aware=_word_tristate(get("hospital_police_aware")),
        consent=get("hospital_consent"),
        consent_reason=given("hospital_consent_reason"),
        continuing_threats=_word_tristate(get("hospital_threats")),
        threats_detail=given("hospital_threats_detail"),
        discharge_concerns=given("hospital_discharge"),
        patient_name=given("hospital_patient_name"),
        referrer_name=get("hospital_reporter_name"),
        referrer_organisation=get("hospital_workplace"),
        referrer_email=email,
        referrer_phone=phone,
        # What the opening told of harm ("says they'll finish him off") is kept; the injury it names is
        # also a question of the form.
        disclosures=forms.disclosures(tracker, NARRATIVE, FIELDS, outside=True),
    )


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ActionSubmitHospital(steps.SubmitStep):
    """action_submit_hospital: store the referral and tell the health worker what happens next."""

    journey = "hospital"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)
    failed_prompt = (FORM, "submit_failed")

    def submit(self, fd: Core, tracker: Tracker, source_key: str) -> tuple[Submission, list[str]]:
        """Store the referral; return it and the names of the teams copied in for information."""
        kind = referral_channel(tracker)
        answers = build_answers(tracker)
        submission = fd.hospital.submit_presentation(answers, channel=kind, source_key=source_key)
        # The out-of-hours contact is told of separately: it acts, it is not just copied in.
        return submission, list(submission.copy_names)

    def submission_of(self, result: tuple[Submission, list[str]]) -> Submission:
        return result[0]

    def field_of(self, error: InvalidInput) -> str | None:
        return CORE_FIELDS.get(error.field or "")

    def say_sent(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: tuple[Submission, list[str]],
                 due: str) -> None:
        submission = result[0]
        channel = channel_of(tracker)
        team = submission.inbox_name + (f" ({submission.area_name})" if submission.area_name else "")
        prompts.say(dispatcher, FORM, "submitted", channel, reference=submission.reference, team=team,
                    urgency=submission.urgency.value.upper(),
                    reasons="; ".join(submission.reasons[:3]).rstrip("."), due=due)

    def after_out_of_hours(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                           result: tuple[Submission, list[str]]) -> None:
        _, copies = result
        channel = channel_of(tracker)
        prompts.say(dispatcher, FORM, "next_steps", channel,
                    copies=f"{_names(copies)} also get{'s' if len(copies) == 1 else ''} a copy for information. "
                    if copies else "")
        if tracker.get_slot("hospital_consent") != PatientConsent.CONSENTED.value:
            prompts.say(dispatcher, FORM, "without_consent", channel)


class ActionResetHospital(steps.ResetStep):
    """action_reset_hospital: forget the answers of a stopped referral."""

    journey = "hospital"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)


# One ask action per question (action_ask_hospital_form_<slot>).
ASK_ACTIONS = forms.ask_actions(FIELDS, name=lambda slot: f"action_ask_hospital_form_{slot}", group=FORM)
