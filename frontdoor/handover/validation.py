"""Checking a handover's answers: every problem by field, or a validated :class:`Handover`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from frontdoor.fields import (
    EMAIL_PROBLEM,
    MAX_TEXT,
    PHONE_PROBLEM,
    Consent,
    Problems,
    choice_answer,
    contact_answers,
    date_answer,
    given_answers,
    holds_phone,
    is_email,
    required_text,
    text_answer,
)
from frontdoor.handover.model import (
    AGENCIES,
    FIELDS,
    MAX_AGENCIES,
    PERSON_ROLES,
    REFERRER_ROLES,
    AgencyContact,
    Handover,
    Move,
    UrgentBecause,
)
from frontdoor.model import PersonRole, ReporterRole
from frontdoor.routing import RoutingTable


@dataclass(frozen=True)
class HandoverAnswers:
    """The handover's answers as a form or a chat collects them, not yet checked (see :func:`parse_handover`).

    Text answers are as typed; dates are dates or text; ``agencies`` are rows
    with ``agency`` (a key of :data:`AGENCIES`), ``name``, ``phone`` and ``email``.
    """

    person_name: str | None = None
    date_of_birth: date | str | None = None
    age: int | str | None = None
    gender: str | None = None
    person_role: str | None = None
    consent: str | None = None
    consent_reason: str | None = None
    from_area: str | None = None
    to_area: str | None = None
    move: str | None = None
    urgent_because: str | None = None
    move_reason: str | None = None
    move_date: date | str | None = None
    agencies: Sequence[Mapping[str, str | None]] = ()
    court_orders: str | None = None
    positive_requirements: str | None = None
    risks_to_person: str | None = None
    risks_from_person: str | None = None
    aspirations: str | None = None
    referrer_name: str | None = None
    referrer_role: str | None = None
    referrer_agency: str | None = None
    referrer_email: str | None = None
    referrer_phone: str | None = None
    disclosures: str | None = None


def age_on(born: date, today: date) -> int:
    """Return the age in whole years on ``today`` of someone born on ``born``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _agencies(data: Mapping[str, Any], problems: Problems) -> tuple[AgencyContact, ...]:
    rows = data.get("agencies") or []
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, Mapping) for r in rows):
        problems.add("agencies", "Agencies must be a list of agency, name, phone and e-mail.")
        return ()
    contacts: list[AgencyContact] = []
    for number, row in enumerate(rows, start=1):
        here = Problems()
        values = {key: text_answer(row, key, here, f"Agency {number} {key}") for key in ("agency", "name", "phone", "email")}
        key, prefix = f"agencies.{number}", f"Agency row {number}"
        if here:
            problems.add(key, next(iter(here.values())))
        elif not any(values.values()):
            continue  # a blank row of the form
        elif values["agency"] not in AGENCIES:
            problems.add(key, f"{prefix}: choose the agency from the list.")
        elif not values["name"]:
            problems.add(key, f"{prefix}: give the contact's name or team.")
        elif not values["phone"] and not values["email"]:
            problems.add(key, f"{prefix}: give a phone number or an e-mail address.")
        elif values["email"] and not is_email(values["email"]):
            problems.add(key, f"{prefix}: {EMAIL_PROBLEM[0].lower()}{EMAIL_PROBLEM[1:]}")
        elif values["phone"] and not holds_phone(values["phone"]):
            problems.add(key, f"{prefix}: {PHONE_PROBLEM[0].lower()}{PHONE_PROBLEM[1:]}")
        else:
            contacts.append(AgencyContact(str(values["agency"]), values["name"], values["phone"], values["email"]))
    if len(contacts) > MAX_AGENCIES:
        problems.add("agencies", f"List at most {MAX_AGENCIES} agencies.")
    return tuple(contacts)


def _area(data: Mapping[str, Any], key: str, table: RoutingTable, problems: Problems, which: str) -> str | None:
    value = data.get(key)
    if value in (None, ""):
        problems.add(key, f"Choose the area the person is moving {which}.")
        return None
    if not isinstance(value, str) or value not in table.areas:
        problems.add(key, f"Choose the area the person is moving {which} from the list.")
        return None
    return value


def _answers(data: HandoverAnswers | Mapping[str, Any]) -> Mapping[str, Any]:
    return given_answers(data) if isinstance(data, HandoverAnswers) else data


def handover_problems(data: HandoverAnswers | Mapping[str, Any], table: RoutingTable,
                      today: date) -> dict[str, str]:
    """Return every problem with the handover answers ``data``, as field → message (empty: none).

    ``data`` is a :class:`HandoverAnswers`, or a mapping with the keys of
    :data:`FIELDS` (text or dates, as a form or a chat collects them;
    ``agencies`` a list of mappings with ``agency``, ``name``, ``phone`` and
    ``email``; blank rows are ignored). ``today`` is the date ages are worked
    out on. Problems with an agency row are keyed ``agencies.N`` (N counting from 1).
    """
    problems = Problems()
    _collect(_answers(data), table, today, problems)
    return dict(problems)


def parse_handover(data: HandoverAnswers | Mapping[str, Any], table: RoutingTable, today: date) -> Handover:
    """Return the validated handover described by ``data`` (see :func:`handover_problems`).

    Raises:
        InvalidInput: an answer is missing or unusable; ``field`` names the
            first such field (``agencies.N`` for an agency row).
    """
    problems = Problems()
    handover = _collect(_answers(data), table, today, problems)
    if problems or handover is None:
        problems.raise_first("handover", "The handover is incomplete.")
    return handover


def _age(data: Mapping[str, Any], today: date, problems: Problems) -> tuple[date | None, int | None]:
    born = date_answer(data, "date_of_birth", problems, "Date of birth")
    age: int | None = None
    raw_age = data.get("age")
    if raw_age not in (None, ""):
        text = str(raw_age).strip()
        if isinstance(raw_age, bool) or not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 120:
            problems.add("age", "Age must be a whole number from 0 to 120.")
        else:
            age = int(text)
    if born is not None:
        if born > today:
            problems.add("date_of_birth", "The date of birth cannot be in the future.")
        elif age_on(born, today) > 120:
            problems.add("date_of_birth", "Check the date of birth: that would make them over 120.")
        else:
            derived = age_on(born, today)
            if age is not None and age != derived:
                problems.add("age", f"The age does not match the date of birth (which makes them {derived}).")
            age = derived
    if born is None and age is None and "date_of_birth" not in problems and "age" not in problems:
        problems.add("date_of_birth", "Give the person's date of birth or, if it is not known, their age.")
    return born, age


def _role(data: Mapping[str, Any], age: int | None, problems: Problems) -> PersonRole | None:
    role_value = data.get("person_role")
    if role_value in (None, ""):
        problems.add("person_role", "Say whether the person is at risk or a person of concern.")
        return None
    if role_value not in PERSON_ROLES:
        problems.add("person_role", "Choose the person's role from the list.")
        return None
    role = PersonRole(role_value)
    if role is PersonRole.YOUNG_PERSON_AT_RISK and age is not None and age >= 18:
        problems.add("person_role", "A young person at risk is under 18; choose 'Adult at risk'.")
    if role is PersonRole.VULNERABLE_ADULT_AT_RISK and age is not None and age < 18:
        problems.add("person_role", "They are under 18; choose 'Young person at risk'.")
    return role


def _collect(data: Mapping[str, Any], table: RoutingTable, today: date, problems: Problems) -> Handover | None:
    if not isinstance(data, Mapping):
        problems.add("handover", "A handover must be a set of named answers.")
        return None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        problems.add(unknown[0], f"Unknown answer(s): {', '.join(unknown)}")
    # The person.
    name = required_text(data, "person_name", problems, "The person's name",
                         "Give the name of the person who is moving.")
    born, age = _age(data, today, problems)
    gender = text_answer(data, "gender", problems, "Gender", 60)
    role = _role(data, age, problems)
    consent = choice_answer(data, "consent", Consent, problems, "Choose consented, not consented or not asked.")
    if consent is None:
        problems.add("consent", "Say whether the person consented to this handover.")
    consent_reason = text_answer(data, "consent_reason", problems, "The reason about consent", MAX_TEXT)
    if consent in (Consent.NOT_CONSENTED, Consent.NOT_ASKED) and not consent_reason:
        problems.add("consent_reason", "Say why the handover goes ahead without consent, "
                                       "or why consent was not asked.")
    # The move.
    origin = _area(data, "from_area", table, problems, "from")
    destination = _area(data, "to_area", table, problems, "to")
    if origin and destination and origin == destination:
        problems.add("to_area", "The area moved to must differ from the area moved from.")
    move = choice_answer(data, "move", Move, problems, "Choose a planned or an urgent move.")
    if move is None:
        problems.add("move", "Say whether the move is planned or urgent.")
    because = choice_answer(data, "urgent_because", UrgentBecause, problems,
                            "Choose why the move is urgent from the list.")
    if move is Move.URGENT and because is None:
        problems.add("urgent_because", "Say whether the urgent move is because of gang violence or threats.")
    if move is Move.PLANNED:
        because = None
    reason = required_text(data, "move_reason", problems, "The reason for the move", "Say why the person is moving.",
                           MAX_TEXT)
    move_date = date_answer(data, "move_date", problems, "The date of the move")
    if move is Move.PLANNED and move_date is None:
        problems.add("move_date", "Give the date of the planned move.")
    agencies = _agencies(data, problems)
    texts = {key: text_answer(data, key, problems, label, MAX_TEXT) for key, label in (
        ("court_orders", "Court orders or injunction conditions"),
        ("positive_requirements", "Positive requirements"),
        ("risks_to_person", "Risks to the person"),
        ("risks_from_person", "Risks from the person"),
        ("aspirations", "Their aspirations"),
        ("disclosures", "What else was said"),
    )}
    # The referrer.
    referrer = required_text(data, "referrer_name", problems, "Your name",
                             "Give the name of the person making the handover.")
    referrer_role = choice_answer(data, "referrer_role", ReporterRole, problems, "Choose a role from the list.")
    if referrer_role is not None and referrer_role not in REFERRER_ROLES:
        problems.add("referrer_role", "Choose a role from the list.")
    agency = required_text(data, "referrer_agency", problems, "Your agency",
                           "Give the agency or team making the handover.")
    email, phone = contact_answers(data, problems,
                                   "Give an e-mail address or a phone number the new area can reach you on.")
    if problems:
        return None
    assert name and role and consent and origin and destination and move and reason and referrer and agency
    return Handover(
        person_name=name, person_role=role, consent=consent, from_area=origin, to_area=destination,
        move=move, move_reason=reason, referrer_name=referrer, referrer_agency=agency,
        date_of_birth=born, age=age, gender=gender, consent_reason=consent_reason,
        urgent_because=because, move_date=move_date, agencies=agencies,
        court_orders=texts["court_orders"], positive_requirements=texts["positive_requirements"],
        risks_to_person=texts["risks_to_person"], risks_from_person=texts["risks_from_person"],
        aspirations=texts["aspirations"], referrer_role=referrer_role, referrer_email=email,
        referrer_phone=phone, disclosures=texts["disclosures"],
    )
