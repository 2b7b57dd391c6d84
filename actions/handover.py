"""The relocation handover form: a professional hands over a person moving borough.

Thin, like :mod:`actions.concern`: each validator reads one typed answer, asks
the core to understand it (:mod:`frontdoor.handover` and
:mod:`frontdoor.answers`) and stores the understood value or re-asks with the
core's message. The consent reason is asked only without consent, and "why
urgent" only for an urgent move. Submission turns the answers into the
mapping :meth:`~frontdoor.services.handovers.HandoverService.submit_handover`
takes; the destination area's SPOC owns the referral and the origin area's
gets an info-only copy.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import forms, prompts, steps
from actions.runtime import core
from actions.session import channel_of, referral_channel
from frontdoor.answers import clean_free_text, is_skip, parse_contact, parse_date, parse_reporter_role
from frontdoor.errors import InvalidInput
from frontdoor.handover import (
    AGENCIES,
    MAX_TEXT,
    REFERRER_ROLES,
    Consent,
    HandoverAnswers,
    Move,
    UrgentBecause,
    age_on,
    areas_in_opening,
    parse_agency_lines,
    parse_birth_or_age,
    parse_consent,
    parse_move,
    parse_person_role,
    parse_urgent_because,
)
from frontdoor.model import PersonRole, ReporterRole, Submission
from frontdoor.services import Core
from frontdoor.services.handovers import HandoverSubmission
from frontdoor.understanding import AnswerKind, Reading, Record, Screened

NOT_KNOWN = "not known"
NONE = "none"
AT_RISK = "at_risk"
OF_CONCERN = "of_concern"

#: Form slots in the order asked, with the label used in the "change something" buttons.
FIELDS: dict[str, str] = {
    "handover_referrer_role": "Your role",
    "handover_referrer_agency": "Your agency",
    "handover_referrer_name": "Your name",
    "handover_referrer_contact": "Your contact details",
    "handover_person_name": "Their name",
    "handover_person_age": "Date of birth or age",
    "handover_person_role": "At risk or risk to others",
    "handover_consent": "Consent",
    "handover_consent_reason": "Why without consent",
    "handover_from_area": "Moving from",
    "handover_to_area": "Moving to",
    "handover_move": "Planned or urgent",
    "handover_urgent_because": "Why urgent",
    "handover_move_date": "Date of the move",
    "handover_move_reason": "Reason for the move",
    "handover_agencies": "Agencies and contacts",
    "handover_court_orders": "Court orders",
    "handover_positive_requirements": "Positive requirements",
    "handover_risks_to": "Risks to them",
    "handover_risks_from": "Risks from them",
    "handover_aspirations": "Aspirations",
}
FORM_SLOTS: list[str] = [*FIELDS, "handover_confirmed"]
BOOKKEEPING_SLOTS = ["handover_editing", "handover_submission_id", "handover_warned"]

#: Where a problem the core finds at submission is asked again.
_CORE_FIELD_SLOTS = {
    "person_name": "handover_person_name", "date_of_birth": "handover_person_age", "age": "handover_person_age",
    "person_role": "handover_person_role", "consent": "handover_consent",
    "consent_reason": "handover_consent_reason", "from_area": "handover_from_area",
    "to_area": "handover_to_area", "move": "handover_move", "urgent_because": "handover_urgent_because",
    "move_reason": "handover_move_reason", "move_date": "handover_move_date", "agencies": "handover_agencies",
    "court_orders": "handover_court_orders", "positive_requirements": "handover_positive_requirements",
    "risks_to_person": "handover_risks_to", "risks_from_person": "handover_risks_from",
    "aspirations": "handover_aspirations", "referrer_name": "handover_referrer_name",
    "referrer_role": "handover_referrer_role", "referrer_agency": "handover_referrer_agency",
    "referrer_email": "handover_referrer_contact", "referrer_phone": "handover_referrer_contact",
}

#: The roles offered, as button payloads (the same words parse_reporter_role reads).
ROLE_WORDS = {"probation": ReporterRole.PROBATION, "youth offending team": ReporterRole.PROBATION,
              "police": ReporterRole.POLICE, "social care": ReporterRole.SOCIAL_WORKER,
              "housing": ReporterRole.HOUSING}


def _today() -> date:
    fd = core()
    return fd.clock().astimezone(ZoneInfo(fd.settings.sla.tz)).date()


def _area_name(area_id: str | None) -> str:
    table = core().table
    return table.areas[area_id].name if area_id in table.areas else (area_id or NOT_KNOWN)


def _field_named(text: str) -> str | None:
    """Return the form field a "change …" answer names, if any."""
    simple = text.strip().lower()
    for slot, label in FIELDS.items():
        if simple in (label.lower(), f"change {label.lower()}", slot):
            return slot
    keywords = {
        "role": "handover_referrer_role", "agency": "handover_referrer_agency", "team": "handover_referrer_agency",
        "my name": "handover_referrer_name", "contact": "handover_referrer_contact",
        "email": "handover_referrer_contact", "phone": "handover_referrer_contact",
        "their name": "handover_person_name", "birth": "handover_person_age", "age": "handover_person_age",
        "risk to others": "handover_person_role", "consent": "handover_consent", "from": "handover_from_area",
        "to": "handover_to_area", "planned": "handover_move", "urgent": "handover_move",
        "date": "handover_move_date", "reason": "handover_move_reason", "agencies": "handover_agencies",
        "orders": "handover_court_orders", "injunction": "handover_court_orders",
        "requirements": "handover_positive_requirements", "risks to": "handover_risks_to",
        "risks from": "handover_risks_from", "aspiration": "handover_aspirations",
    }
    for keyword, slot in sorted(keywords.items(), key=lambda kv: -len(kv[0])):
        if keyword in simple.split() or (" " in keyword and keyword in simple):
            return slot
    return None


#: Questions asking for a plain value (the others describe the move, the risks and the person).
KINDS: dict[str, AnswerKind] = {
    "handover_referrer_role": AnswerKind.ROLE,
    "handover_referrer_agency": AnswerKind.ORGANISATION,
    "handover_referrer_name": AnswerKind.NAME,
    "handover_referrer_contact": AnswerKind.CONTACT,
    "handover_person_name": AnswerKind.NAME,
    "handover_person_age": AnswerKind.AGE,
    "handover_person_role": AnswerKind.CHOICE,
    "handover_consent": AnswerKind.YES_NO,
    "handover_from_area": AnswerKind.PLACE,
    "handover_to_area": AnswerKind.PLACE,
    "handover_move": AnswerKind.CHOICE,
    "handover_urgent_because": AnswerKind.YES_NO,
    "handover_move_date": AnswerKind.DATE,
    "handover_confirmed": AnswerKind.YES_NO,
}
#: Questions whose answers are descriptions (their words go into the handover as they are).
NARRATIVE = tuple(slot for slot in FIELDS if slot not in KINDS)


def _optional_answer(slot: str) -> Callable[..., dict[str, Any]]:
    """Return the validator of ``slot``, a question that may be answered "none" (free text, or nothing)."""
    def validate(self: ValidateHandoverForm, value: Any, dispatcher: CollectingDispatcher,
                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text(slot, value, dispatcher, "answer", MAX_TEXT, optional=True)

    validate.__name__ = f"validate_{slot}"
    validate.__doc__ = f"validate_{slot}: free text, or nothing."
    return validate


class ValidateHandoverForm(forms.ReadingForm):
    """validate_handover_form: understands each answer; the opening message may fill some."""

    KINDS = KINDS

    def name(self) -> str:
        return "validate_handover_form"

    def advice(self, reading: Reading, screened: Screened, tracker: Tracker) -> bool:
        """Danger now, once per handover: professionals describe past risks in detail."""
        return reading.readable and reading.danger_now and not tracker.get_slot("handover_warned")

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("handover_consent") in (None, Consent.CONSENTED.value):
            slots.remove("handover_consent_reason")
        if tracker.get_slot("handover_move") != Move.URGENT.value:
            slots.remove("handover_urgent_because")
        return slots

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> list[EventType]:
        _requested, reading, screened = self.screen(tracker)
        warned = self.advice(reading, screened, tracker)
        events = await super().validate(dispatcher, tracker, domain)
        if warned:
            events.append(SlotSet("handover_warned", True))
        if not tracker.get_slot("handover_submission_id"):
            events.append(SlotSet("handover_submission_id", uuid.uuid4().hex))
        return events

    # --- what was already said ("I'm a probation officer; my client moves from Hackney to Bexley") ----
    def fill(self, slot: str, record: Record, tracker: Tracker) -> Any:
        """The referrer's role, name and agency, the person's name and age, both areas and whether the move is
        urgent, from anything said outside the questions ("I'm Sam Adeyinka, a YOT caseworker with Hackney
        Youth Justice. I need to hand over a 17 year old ...")."""
        if slot == "handover_referrer_name":
            return record.own_name
        if slot == "handover_referrer_agency":
            return record.organisation
        if slot == "handover_person_name":
            return record.subject_name
        if slot == "handover_person_age":
            return str(record.age) if record.age is not None else None
        fd = core()
        for said, reading in record.said:
            if said.asked is not None or not reading.readable:
                continue
            text = said.text
            if slot == "handover_referrer_role":
                role = parse_reporter_role(text)
                if role in REFERRER_ROLES:
                    return role.value
            elif slot in ("handover_from_area", "handover_to_area"):
                origin, destination = areas_in_opening(text, fd.table, fd.analyser)
                value = origin if slot == "handover_from_area" else destination
                if value:
                    return value
            elif slot == "handover_move":
                lower = text.lower()
                if "urgent" in lower or "emergency" in lower:
                    return Move.URGENT.value
                if "planned" in lower:
                    return Move.PLANNED.value
        return None

    # --- the referrer ---------------------------------------------------------------
    def validate_handover_referrer_role(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        role = ROLE_WORDS.get(text.strip().lower()) or parse_reporter_role(text)
        if role is None or role not in REFERRER_ROLES:
            try:
                clean_free_text(text, limit=80, field="role")
            except InvalidInput as error:
                return forms.reask(dispatcher, "handover_referrer_role", error)
            role = ReporterRole.OTHER
        return {"handover_referrer_role": role.value}

    def _text(self, slot: str, value: Any, dispatcher: CollectingDispatcher, field: str,
              limit: int = 200, optional: bool = False) -> dict[str, Any]:
        text = str(value or "")
        if optional and (is_skip(text) or text.strip().lower() in {"none", "no", "nothing", "n/a", "none known"}):
            return {slot: NONE}
        try:
            return {slot: clean_free_text(text, limit=limit, field=field)}
        except InvalidInput as error:
            return forms.reask(dispatcher, slot, error)

    def validate_handover_referrer_agency(self, value: Any, dispatcher: CollectingDispatcher,
                                          tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("handover_referrer_agency", value, dispatcher, "agency or team")

    def validate_handover_referrer_name(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("handover_referrer_name", value, dispatcher, "name", 100)

    def validate_handover_referrer_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                           tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.contact_answer("handover_referrer_contact", value, dispatcher)

    # --- the person -----------------------------------------------------------------
    def validate_handover_person_name(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if is_skip(str(value or "")):
            prompts.say(dispatcher, "messages", "name_needed", channel_of(tracker))
            return {"handover_person_name": None}
        return self._text("handover_person_name", value, dispatcher, "name", 100)

    def validate_handover_person_age(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            born, age = parse_birth_or_age(str(value or ""), _today())
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_person_age", error)
        if born is None and age is None:
            prompts.say(dispatcher, "messages", "age_needed", channel_of(tracker))
            return {"handover_person_age": None}
        return {"handover_person_age": born.isoformat() if born else str(age)}

    def validate_handover_person_role(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            role = parse_person_role(str(value or ""), None)
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_person_role", error)
        return {"handover_person_role": AT_RISK if role.at_risk else OF_CONCERN}

    def validate_handover_consent(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            consent = parse_consent(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_consent", error)
        if consent is Consent.CONSENTED:
            return {"handover_consent": consent.value, "handover_consent_reason": None}
        return {"handover_consent": consent.value}

    def validate_handover_consent_reason(self, value: Any, dispatcher: CollectingDispatcher,
                                         tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("handover_consent_reason", value, dispatcher, "reason", MAX_TEXT)

    # --- the move ---------------------------------------------------------------------
    def _area(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        text = str(value or "")
        fd = core()
        if text in fd.table.areas:
            return {slot: text}
        try:
            cleaned = clean_free_text(text, limit=150, field="area")
        except InvalidInput as error:
            return forms.reask(dispatcher, slot, error)
        match = fd.table.resolve_area(cleaned, fd.analyser)
        if match is None:
            examples = ", ".join(sorted(area.name for area in fd.table.areas.values())[:6])
            prompts.say(dispatcher, "messages", "area_not_covered", place=cleaned,
                        examples=examples)
            return {slot: None}
        return {slot: match.area.id}

    def validate_handover_from_area(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        result = self._area("handover_from_area", value, dispatcher)
        if result["handover_from_area"] and result["handover_from_area"] == tracker.get_slot("handover_to_area"):
            prompts.say(dispatcher, "messages", "same_area_from", channel_of(tracker))
            return {"handover_from_area": None}
        return result

    def validate_handover_to_area(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        result = self._area("handover_to_area", value, dispatcher)
        if result["handover_to_area"] and result["handover_to_area"] == tracker.get_slot("handover_from_area"):
            name = _area_name(result["handover_to_area"])
            prompts.say(dispatcher, "messages", "same_area_to", channel_of(tracker), origin=name)
            return {"handover_to_area": None}
        return result

    def validate_handover_move(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            move = parse_move(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_move", error)
        if move is Move.PLANNED:
            return {"handover_move": move.value, "handover_urgent_because": None}
        return {"handover_move": move.value}

    def validate_handover_urgent_because(self, value: Any, dispatcher: CollectingDispatcher,
                                         tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            because = parse_urgent_because(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_urgent_because", error)
        return {"handover_urgent_because": because.value}

    def validate_handover_move_date(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "")
        lowered = text.strip().lower()
        try:
            when = _today() if "already" in lowered else parse_date(text, _today())
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_move_date", error)
        if when is None and tracker.get_slot("handover_move") == Move.PLANNED.value:
            prompts.say(dispatcher, "messages", "date_needed", channel_of(tracker))
            return {"handover_move_date": None}
        return {"handover_move_date": when.isoformat() if when else NOT_KNOWN}

    def validate_handover_move_reason(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._text("handover_move_reason", value, dispatcher, "reason", MAX_TEXT)

    def validate_handover_agencies(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        try:
            rows = parse_agency_lines(str(value or ""))
        except InvalidInput as error:
            return forms.reask(dispatcher, "handover_agencies", error)
        return {"handover_agencies": json.dumps(rows) if rows else NONE}

    # Questions that may be answered "none": free text up to MAX_TEXT, or nothing.
    validate_handover_court_orders = _optional_answer("handover_court_orders")
    validate_handover_positive_requirements = _optional_answer("handover_positive_requirements")
    validate_handover_risks_to = _optional_answer("handover_risks_to")
    validate_handover_risks_from = _optional_answer("handover_risks_from")
    validate_handover_aspirations = _optional_answer("handover_aspirations")

    # --- the summary answer ---------------------------------------------------------
    def validate_handover_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return forms.summary_answer(value, dispatcher, editing=bool(tracker.get_slot("handover_editing")),
                                    confirmed_slot="handover_confirmed", editing_slot="handover_editing",
                                    field_named=_field_named)


def _given(tracker: Tracker, slot: str) -> str | None:
    value = tracker.get_slot(slot)
    return None if value in (None, NONE, NOT_KNOWN, "") else str(value)


def _agency_rows(tracker: Tracker) -> list[dict[str, Any]]:
    raw = _given(tracker, "handover_agencies")
    try:
        rows = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [row for row in rows if isinstance(row, dict)]


def answers_from(tracker: Tracker) -> HandoverAnswers:
    """Return the handover answers (keys of :data:`frontdoor.handover.FIELDS`) the form collected.

    Raises:
        InvalidInput: the stored contact details no longer parse.
    """
    get = tracker.get_slot
    email, phone = parse_contact(get("handover_referrer_contact") or "")
    age_or_birth = _given(tracker, "handover_person_age") or ""
    born = age_or_birth if "-" in age_or_birth else None
    age = age_or_birth if age_or_birth.isdigit() else None
    if get("handover_person_role") == OF_CONCERN:
        role = PersonRole.ALLEGED_EXPLOITER
    else:
        # The at-risk role follows the age as now known (an answer may have been changed).
        years = int(age) if age else None
        if born:
            years = age_on(date.fromisoformat(born), _today())
        adult = years is not None and years >= 18
        role = PersonRole.VULNERABLE_ADULT_AT_RISK if adult else PersonRole.YOUNG_PERSON_AT_RISK
    urgent = get("handover_move") == Move.URGENT.value
    return HandoverAnswers(
        person_name=_given(tracker, "handover_person_name"),
        date_of_birth=born,
        age=age,
        person_role=role.value,
        consent=get("handover_consent"),
        consent_reason=_given(tracker, "handover_consent_reason")
        if get("handover_consent") != Consent.CONSENTED.value else None,
        from_area=get("handover_from_area"),
        to_area=get("handover_to_area"),
        move=get("handover_move"),
        urgent_because=get("handover_urgent_because") if urgent else None,
        move_reason=_given(tracker, "handover_move_reason"),
        move_date=_given(tracker, "handover_move_date"),
        agencies=_agency_rows(tracker),
        court_orders=_given(tracker, "handover_court_orders"),
        positive_requirements=_given(tracker, "handover_positive_requirements"),
        risks_to_person=_given(tracker, "handover_risks_to"),
        risks_from_person=_given(tracker, "handover_risks_from"),
        aspirations=_given(tracker, "handover_aspirations"),
        referrer_name=_given(tracker, "handover_referrer_name"),
        referrer_role=get("handover_referrer_role"),
        referrer_agency=_given(tracker, "handover_referrer_agency"),
        referrer_email=email,
        referrer_phone=phone,
        # What the opening told of harm ("an Osman warning was served on him last week") is kept; the
        # description is read as a move, so the move it names is not taken for trafficking.
        disclosures=forms.disclosures(tracker, NARRATIVE, FIELDS, outside=True),
    )


def summary_lines(tracker: Tracker) -> list[str]:
    """Return the summary of the answers so far, one line per part of the notification form."""
    get = tracker.get_slot
    role = get("handover_referrer_role")
    role_label = ReporterRole(role).label if role in ReporterRole._value2member_map_ else (role or NOT_KNOWN)
    age_or_birth = get("handover_person_age") or NOT_KNOWN
    born = f"born {age_or_birth}" if "-" in age_or_birth else f"age {age_or_birth}"
    who = "a risk to others" if get("handover_person_role") == OF_CONCERN else "at risk"
    consent = {Consent.CONSENTED.value: "consented", Consent.NOT_CONSENTED.value: "not consented",
               Consent.NOT_ASKED.value: "not asked"}.get(get("handover_consent") or "", NOT_KNOWN)
    if get("handover_consent") != Consent.CONSENTED.value and get("handover_consent_reason"):
        consent += f" ({get('handover_consent_reason')})"
    move = Move(get("handover_move")).label if get("handover_move") in Move._value2member_map_ else NOT_KNOWN
    because = get("handover_urgent_because")
    if get("handover_move") == Move.URGENT.value and because in UrgentBecause._value2member_map_:
        move += f", {UrgentBecause(because).label.lower()}"
    agencies = [f"{AGENCIES.get(str(r.get('agency')), r.get('agency'))}: {r.get('name')} "
                f"({', '.join(str(v) for v in (r.get('phone'), r.get('email')) if v)})"
                for r in _agency_rows(tracker)]
    return [
        f"You: {role_label}, {get('handover_referrer_agency')}; {get('handover_referrer_name')}; "
        f"{get('handover_referrer_contact')}",
        f"Person: {get('handover_person_name')}, {born}, {who}. Consent: {consent}",
        f"Move: from {_area_name(get('handover_from_area'))} to {_area_name(get('handover_to_area'))}. "
        f"{move}. Date: {get('handover_move_date')}",
        f"Reason: {get('handover_move_reason')}",
        "Agencies: " + ("; ".join(agencies) if agencies else NONE),
        f"Court orders or injunction conditions: {get('handover_court_orders')}. "
        f"Positive requirements: {get('handover_positive_requirements')}",
        f"Risks to them: {get('handover_risks_to')}. Risks from them: {get('handover_risks_from')}",
        f"Aspirations: {get('handover_aspirations')}",
    ]


class ActionAskHandoverConfirmed(steps.ConfirmStep):
    """action_ask_handover_confirmed: the summary to correct before sending."""

    journey = "handover"
    fields = FIELDS
    heading = "handover_summary_heading"
    question = "handover_summary_question"

    def parts(self, tracker: Tracker) -> list[str]:
        return [FIELDS[slot] for slot in FIELDS
                if slot not in ("handover_consent_reason", "handover_urgent_because") or tracker.get_slot(slot)]

    lines = staticmethod(summary_lines)


class ActionSubmitHandover(steps.SubmitStep):
    """action_submit_handover: store the handover and tell the referrer where it went and what happens next."""

    journey = "handover"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)

    def submit(self, fd: Core, tracker: Tracker, source_key: str) -> HandoverSubmission:
        channel = referral_channel(tracker)
        return fd.handovers.submit_handover(answers_from(tracker), channel=channel, source_key=source_key)

    def submission_of(self, result: HandoverSubmission) -> Submission:
        return result.submission

    def field_of(self, error: InvalidInput) -> str | None:
        return _CORE_FIELD_SLOTS.get((error.field or "").split(".")[0])

    def say_sent(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: HandoverSubmission,
                 due: str) -> None:
        submission = result.submission
        origin = _area_name(tracker.get_slot("handover_from_area"))
        destination = _area_name(tracker.get_slot("handover_to_area"))
        prompts.say(
            dispatcher, "messages", "handover_sent", channel_of(tracker),
            reference=submission.reference, inbox=submission.inbox_name, destination=destination,
            urgency=submission.urgency.value.upper(), reasons="; ".join(submission.reasons[:3]).rstrip("."),
            copies=" and ".join(result.copy_names) or f"the {origin} SPOC", origin=origin, due=due,
        )


class ActionResetHandover(steps.ResetStep):
    """action_reset_handover: forget the answers of a stopped handover."""

    journey = "handover"
    slots = (*FORM_SLOTS, *BOOKKEEPING_SLOTS)


def _prompt_values(tracker: Tracker) -> dict[str, str]:
    return {"origin": _area_name(tracker.get_slot("handover_from_area")),
            "person": tracker.get_slot("handover_person_name") or "they"}


# One ask action per question (action_ask_handover_<field>, prompt handover_form/<field>).
ASK_ACTIONS = forms.ask_actions(FIELDS, name=lambda slot: f"action_ask_{slot}", group="handover_form",
                                key=lambda slot: slot.removeprefix("handover_"), values=_prompt_values)
