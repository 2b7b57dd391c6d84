"""Cross-borough relocation handover (London Gang Member Referral Guide): the field model.

When a person known to gang services moves from one area to another, the
agencies working with them in the area of origin notify the area they move to
with one notification form: the person, where from and where to, whether the
move is planned or urgent (an urgent move because of evidenced gang violence
or threats is red), the agencies involved and how to reach them, court orders
or injunction conditions with their positive requirements, the risks to and
from the person, their aspirations, and who is making the handover.

This module is pure. :func:`handover_problems` checks the answers (plain text,
as a web form or a chat action collects them) and returns every problem by
field; :func:`parse_handover` returns a validated :class:`Handover` or raises
:class:`~frontdoor.errors.InvalidInput` naming the first bad field;
:meth:`Handover.to_draft` turns it into a referral draft of kind ``handover``.
The destination area owns the referral and the origin area gets an info-only
copy: the routing table's "Relocation handover" rule picks the destination's
community safety inbox, and the ``from_area`` detail adds the origin's copy.
:func:`summary_from_detail` reads a stored handover back for the printable form.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from frontdoor.answers import is_skip, parse_age, parse_contact, parse_date, parse_tristate
from frontdoor.errors import InvalidInput
from frontdoor.extraction import Analyser
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
)
from frontdoor.routing import RoutingTable
from frontdoor.views import ReferralDetail

#: The indicator that makes triage call a handover red (see frontdoor.triage).
URGENT_INDICATOR = "urgent_relocation"
#: Longest answer to a free-text question, and to a short one (names, phones).
MAX_TEXT = 4_000
MAX_SHORT = 200
#: Most agency rows one handover may list (their contacts fit the referral's detail limit).
MAX_AGENCIES = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+() .\-]{6,30}$")


class Consent(str, enum.Enum):
    """Whether the person agreed to their information being shared with the new area."""

    CONSENTED = "consented"
    NOT_CONSENTED = "not_consented"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        return {"consented": "Consented", "not_consented": "Not consented",
                "not_asked": "Not asked"}[self.value]


class Move(str, enum.Enum):
    """Whether the move is planned or urgent."""

    PLANNED = "planned"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return {"planned": "Planned move", "urgent": "Urgent move"}[self.value]


class UrgentBecause(str, enum.Enum):
    """Why an urgent move is urgent."""

    THREATS_OR_VIOLENCE = "threats_or_violence"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"threats_or_violence": "Because of gang violence or threats",
                "other": "For another reason"}[self.value]


#: The roles the person moving may have, as the referrer states it. At-risk
#: and person-of-concern roles are never mixed or inferred from each other.
PERSON_ROLES: dict[str, str] = {
    PersonRole.YOUNG_PERSON_AT_RISK.value: "Young person at risk (under 18)",
    PersonRole.VULNERABLE_ADULT_AT_RISK.value: "Adult at risk",
    PersonRole.ALLEGED_EXPLOITER.value: "Person of concern (a risk to others)",
}

#: Agencies a handover names contacts for, as the guide lists them.
AGENCIES: dict[str, str] = {
    "police": "Police (gangs unit)",
    "probation": "Probation (National Probation Service or CRC)",
    "yot": "Youth Offending Team",
    "dwp": "Department for Work and Pensions (DWP)",
    "housing": "Housing",
    "social_care": "Social care or leaving care team",
    "voluntary": "Voluntary sector (e.g. St Giles Trust)",
    "other": "Other",
}

#: Referrer roles offered on the handover form (professionals only).
REFERRER_ROLES: tuple[ReporterRole, ...] = (
    ReporterRole.POLICE, ReporterRole.PROBATION, ReporterRole.SOCIAL_WORKER, ReporterRole.HOUSING,
    ReporterRole.YOUTH_WORKER, ReporterRole.HEALTH, ReporterRole.OTHER,
)

#: The answer keys :func:`handover_problems` understands (agencies come as a list).
FIELDS: tuple[str, ...] = (
    "person_name", "date_of_birth", "age", "gender", "person_role", "consent", "consent_reason",
    "from_area", "to_area", "move", "urgent_because", "move_reason", "move_date",
    "agencies", "court_orders", "positive_requirements", "risks_to_person", "risks_from_person",
    "aspirations", "referrer_name", "referrer_role", "referrer_agency", "referrer_email", "referrer_phone",
    "disclosures",
)


@dataclass(frozen=True)
class AgencyContact:
    """One agency working with the person, and who to contact there."""

    agency: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None

    @property
    def agency_label(self) -> str:
        return AGENCIES.get(self.agency, self.agency)

    def as_dict(self) -> dict[str, str | None]:
        return {"agency": self.agency, "name": self.name, "phone": self.phone, "email": self.email}


@dataclass(frozen=True)
class Handover:
    """A validated handover notification."""

    person_name: str
    person_role: PersonRole
    consent: Consent
    from_area: str
    to_area: str
    move: Move
    move_reason: str
    referrer_name: str
    referrer_agency: str
    date_of_birth: date | None = None
    age: int | None = None
    gender: str | None = None
    consent_reason: str | None = None
    urgent_because: UrgentBecause | None = None
    move_date: date | None = None
    agencies: tuple[AgencyContact, ...] = ()
    court_orders: str | None = None
    positive_requirements: str | None = None
    risks_to_person: str | None = None
    risks_from_person: str | None = None
    aspirations: str | None = None
    referrer_role: ReporterRole | None = None
    referrer_email: str | None = None
    referrer_phone: str | None = None
    #: What the referrer said about harm in answer to other questions, in their words (triage reads it).
    disclosures: str | None = None

    @property
    def urgent_because_of_threats(self) -> bool:
        """True for an urgent move because of gang violence or threats (triage: red)."""
        return self.move is Move.URGENT and self.urgent_because is UrgentBecause.THREATS_OR_VIOLENCE

    def to_draft(self, table: RoutingTable, channel: Channel = Channel.STAFF) -> ReferralDraft:
        """Return the referral draft for this handover.

        The draft's ``area`` is the destination (which owns it) and its
        ``from_area`` detail the origin (which gets an info-only copy). Only the
        move's reason goes in the description, which triage reads; risks,
        orders and contacts go in the (encrypted) details, so past history does
        not by itself raise the urgency of a planned move.
        """
        origin, destination = table.areas[self.from_area].name, table.areas[self.to_area].name
        when = f" on {self.move_date.isoformat()}" if self.move_date else ""
        # Neutral wording: the text analyser reads "urgent move" as an urgent relocation,
        # which the structured answer decides here.
        timing = "planned" if self.move is Move.PLANNED else "at short notice"
        description = (f"Relocation handover from {origin} to {destination}{when} ({timing}). "
                       f"Reason: {self.move_reason}")
        if self.disclosures:
            description += f"\n\nAlso said: {self.disclosures}"
        details: dict[str, str] = {
            "from_area": self.from_area,
            "to_area": self.to_area,
            "move": self.move.value,
        }
        optional: dict[str, str | None] = {
            "urgent_because": self.urgent_because.value if self.urgent_because else None,
            "move_date": self.move_date.isoformat() if self.move_date else None,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "gender": self.gender,
            "consent": self.consent.value,
            "consent_reason": self.consent_reason,
            "court_orders": self.court_orders,
            "positive_requirements": self.positive_requirements,
            "risks_to_person": self.risks_to_person,
            "risks_from_person": self.risks_from_person,
            "aspirations": self.aspirations,
            "agencies": json.dumps([a.as_dict() for a in self.agencies], ensure_ascii=False) if self.agencies else None,
        }
        details.update({key: value for key, value in optional.items() if value})
        return ReferralDraft(
            kind=Kind.HANDOVER,
            channel=channel,
            description=description,
            indicators=[URGENT_INDICATOR] if self.urgent_because_of_threats else [],
            area=self.to_area,
            when=self.move_date.isoformat() if self.move_date else None,
            reporter=ReporterDraft(role=self.referrer_role, organisation=self.referrer_agency,
                                   name=self.referrer_name, email=self.referrer_email,
                                   phone=self.referrer_phone),
            people=[PersonDraft(role=self.person_role, name=self.person_name, age=self.age,
                                home_area=table.areas[self.to_area].name)],
            details=details,
        )


# --- validation -------------------------------------------------------------------
def _text(data: Mapping[str, Any], key: str, problems: dict[str, str], label: str,
          limit: int = MAX_SHORT) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.setdefault(key, f"{label} must be text.")
        return None
    cleaned = value.replace("\x00", "").strip()
    if len(cleaned) > limit:
        problems.setdefault(key, f"{label} is too long (at most {limit} characters).")
        return None
    return cleaned or None


def _choice(data: Mapping[str, Any], key: str, choices: Any, problems: dict[str, str],
            message: str) -> Any:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return choices(value)
    except (ValueError, TypeError):
        problems.setdefault(key, message)
        return None


def _date(data: Mapping[str, Any], key: str, problems: dict[str, str], label: str) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.setdefault(key, f"{label} must be a date written as YYYY-MM-DD, for example 2026-03-31.")
    return None


def age_on(born: date, today: date) -> int:
    """Return the age in whole years on ``today`` of someone born on ``born``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _agencies(data: Mapping[str, Any], problems: dict[str, str]) -> tuple[AgencyContact, ...]:
    rows = data.get("agencies") or []
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, Mapping) for r in rows):
        problems.setdefault("agencies", "Agencies must be a list of agency, name, phone and e-mail.")
        return ()
    contacts: list[AgencyContact] = []
    for number, row in enumerate(rows, start=1):
        here: dict[str, str] = {}
        values = {key: _text(row, key, here, f"Agency {number} {key}") for key in ("agency", "name", "phone", "email")}
        if here:
            problems.setdefault(f"agencies.{number}", next(iter(here.values())))
            continue
        if not any(values.values()):
            continue  # a blank row of the form
        prefix = f"Agency row {number}"
        if values["agency"] not in AGENCIES:
            problems.setdefault(f"agencies.{number}", f"{prefix}: choose the agency from the list.")
            continue
        if not values["name"]:
            problems.setdefault(f"agencies.{number}", f"{prefix}: give the contact's name or team.")
            continue
        if not values["phone"] and not values["email"]:
            problems.setdefault(f"agencies.{number}", f"{prefix}: give a phone number or an e-mail address.")
            continue
        if values["email"] and not _EMAIL.match(values["email"]):
            problems.setdefault(f"agencies.{number}", f"{prefix}: that e-mail address does not look right.")
            continue
        if values["phone"] and not _PHONE.match(values["phone"]):
            problems.setdefault(f"agencies.{number}", f"{prefix}: that phone number does not look right.")
            continue
        contacts.append(AgencyContact(values["agency"], values["name"], values["phone"], values["email"]))
    if len(contacts) > MAX_AGENCIES:
        problems.setdefault("agencies", f"List at most {MAX_AGENCIES} agencies.")
    return tuple(contacts)


def _area(data: Mapping[str, Any], key: str, table: RoutingTable, problems: dict[str, str],
          which: str) -> str | None:
    value = data.get(key)
    if value in (None, ""):
        problems.setdefault(key, f"Choose the area the person is moving {which}.")
        return None
    if not isinstance(value, str) or value not in table.areas:
        problems.setdefault(key, f"Choose the area the person is moving {which} from the list.")
        return None
    return value


def handover_problems(data: Mapping[str, Any], table: RoutingTable, today: date) -> dict[str, str]:
    """Return every problem with the handover answers ``data``, as field → message (empty: none).

    ``data`` holds the keys of :data:`FIELDS`, text (or dates) as a form or a
    chat collects them; ``agencies`` is a list of mappings with ``agency``
    (a key of :data:`AGENCIES`), ``name``, ``phone`` and ``email``; blank rows
    are ignored. ``today`` is the date ages are worked out on. Problems with an
    agency row are keyed ``agencies.N`` (N counting from 1).
    """
    problems: dict[str, str] = {}
    _collect(data, table, today, problems)
    return problems


def parse_handover(data: Mapping[str, Any], table: RoutingTable, today: date) -> Handover:
    """Return the validated handover described by ``data`` (see :func:`handover_problems`).

    Raises:
        InvalidInput: an answer is missing or unusable; ``field`` names the
            first such field (``agencies.N`` for an agency row).
    """
    problems: dict[str, str] = {}
    handover = _collect(data, table, today, problems)
    if problems or handover is None:
        key, message = next(iter(problems.items())) if problems else ("handover", "The handover is incomplete.")
        raise InvalidInput(message, key)
    return handover


def _collect(data: Mapping[str, Any], table: RoutingTable, today: date,
             problems: dict[str, str]) -> Handover | None:
    if not isinstance(data, Mapping):
        problems["handover"] = "A handover must be a set of named answers."
        return None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        problems[unknown[0]] = f"Unknown answer(s): {', '.join(unknown)}"
    # The person.
    name = _text(data, "person_name", problems, "The person's name")
    if not name and "person_name" not in problems:
        problems["person_name"] = "Give the name of the person who is moving."
    born = _date(data, "date_of_birth", problems, "Date of birth")
    age: int | None = None
    raw_age = data.get("age")
    if raw_age not in (None, ""):
        text = str(raw_age).strip()
        if isinstance(raw_age, bool) or not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 120:
            problems.setdefault("age", "Age must be a whole number from 0 to 120.")
        else:
            age = int(text)
    if born is not None:
        if born > today:
            problems.setdefault("date_of_birth", "The date of birth cannot be in the future.")
        elif age_on(born, today) > 120:
            problems.setdefault("date_of_birth", "Check the date of birth: that would make them over 120.")
        else:
            derived = age_on(born, today)
            if age is not None and age != derived:
                problems.setdefault("age", f"The age does not match the date of birth (which makes them {derived}).")
            age = derived
    if born is None and age is None and "date_of_birth" not in problems and "age" not in problems:
        problems["date_of_birth"] = "Give the person's date of birth or, if it is not known, their age."
    gender = _text(data, "gender", problems, "Gender", 60)
    role_value = data.get("person_role")
    role: PersonRole | None = None
    if role_value in (None, ""):
        problems.setdefault("person_role", "Say whether the person is at risk or a person of concern.")
    elif role_value not in PERSON_ROLES:
        problems.setdefault("person_role", "Choose the person's role from the list.")
    else:
        role = PersonRole(role_value)
        if role is PersonRole.YOUNG_PERSON_AT_RISK and age is not None and age >= 18:
            problems.setdefault("person_role", "A young person at risk is under 18; choose 'Adult at risk'.")
        if role is PersonRole.VULNERABLE_ADULT_AT_RISK and age is not None and age < 18:
            problems.setdefault("person_role", "They are under 18; choose 'Young person at risk'.")
    consent = _choice(data, "consent", Consent, problems, "Choose consented, not consented or not asked.")
    if consent is None:
        problems.setdefault("consent", "Say whether the person consented to this handover.")
    consent_reason = _text(data, "consent_reason", problems, "The reason about consent", MAX_TEXT)
    if consent in (Consent.NOT_CONSENTED, Consent.NOT_ASKED) and not consent_reason:
        problems.setdefault("consent_reason", "Say why the handover goes ahead without consent, "
                                              "or why consent was not asked.")
    # The move.
    origin = _area(data, "from_area", table, problems, "from")
    destination = _area(data, "to_area", table, problems, "to")
    if origin and destination and origin == destination:
        problems.setdefault("to_area", "The area moved to must differ from the area moved from.")
    move = _choice(data, "move", Move, problems, "Choose a planned or an urgent move.")
    if move is None:
        problems.setdefault("move", "Say whether the move is planned or urgent.")
    because = _choice(data, "urgent_because", UrgentBecause, problems,
                      "Choose why the move is urgent from the list.")
    if move is Move.URGENT and because is None:
        problems.setdefault("urgent_because", "Say whether the urgent move is because of gang violence or threats.")
    if move is Move.PLANNED:
        because = None
    reason = _text(data, "move_reason", problems, "The reason for the move", MAX_TEXT)
    if not reason:
        problems.setdefault("move_reason", "Say why the person is moving.")
    move_date = _date(data, "move_date", problems, "The date of the move")
    if move is Move.PLANNED and move_date is None:
        problems.setdefault("move_date", "Give the date of the planned move.")
    agencies = _agencies(data, problems)
    texts = {key: _text(data, key, problems, label, MAX_TEXT) for key, label in (
        ("court_orders", "Court orders or injunction conditions"),
        ("positive_requirements", "Positive requirements"),
        ("risks_to_person", "Risks to the person"),
        ("risks_from_person", "Risks from the person"),
        ("aspirations", "Their aspirations"),
        ("disclosures", "What else was said"),
    )}
    # The referrer.
    referrer = _text(data, "referrer_name", problems, "Your name")
    if not referrer:
        problems.setdefault("referrer_name", "Give the name of the person making the handover.")
    referrer_role = _choice(data, "referrer_role", ReporterRole, problems, "Choose a role from the list.")
    if referrer_role is not None and referrer_role not in REFERRER_ROLES:
        problems.setdefault("referrer_role", "Choose a role from the list.")
    agency = _text(data, "referrer_agency", problems, "Your agency")
    if not agency:
        problems.setdefault("referrer_agency", "Give the agency or team making the handover.")
    email = _text(data, "referrer_email", problems, "Your e-mail address")
    if email and not _EMAIL.match(email):
        problems.setdefault("referrer_email", "That e-mail address does not look right.")
    phone = _text(data, "referrer_phone", problems, "Your phone number", 40)
    if phone and not _PHONE.match(phone):
        problems.setdefault("referrer_phone", "That phone number does not look right.")
    if not email and not phone and "referrer_email" not in problems and "referrer_phone" not in problems:
        problems["referrer_email"] = "Give an e-mail address or a phone number the new area can reach you on."
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


# --- answers typed into a chat ------------------------------------------------------
# The chat asks one question at a time; these turn each typed answer into the
# value handover_problems expects, or raise InvalidInput with a message that
# can be shown as a gentle re-ask.

def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower().replace("\u2019", "'")).rstrip(".!")


def parse_move(text: str) -> Move:
    """Return the move an answer describes: "planned" or "urgent" (also "emergency", "already moved").

    Raises:
        InvalidInput: neither could be read.
    """
    simple = _plain(text)
    if simple in {"1", "planned", "planned move"} or re.search(r"\bplann?ed\b|\bplanning\b|\bscheduled\b", simple):
        return Move.PLANNED
    if simple in {"2", "urgent", "urgent move"} or re.search(
            r"\burgent|\bemergency\b|\basap\b|\bimmediate|\balready moved\b|\bshort notice\b|\btoday\b|\btonight\b",
            simple):
        return Move.URGENT
    raise InvalidInput("Please say whether the move is planned or urgent.", "move")


def parse_urgent_because(text: str) -> UrgentBecause:
    """Return why an urgent move is urgent, from a yes/no answer to "because of gang violence or threats?".

    Raises:
        InvalidInput: the answer is neither yes nor no.
    """
    simple = _plain(text)
    if re.search(r"\bthreat|\bviolen|\battack|\bstabb|\bshot\b|\bgang", simple) and not simple.startswith("no"):
        return UrgentBecause.THREATS_OR_VIOLENCE
    if re.search(r"\b(?:an)?other reason|\bsomething else\b", simple):
        return UrgentBecause.OTHER
    try:
        answer = parse_tristate(text)
    except InvalidInput:
        answer = None
    if answer is True:
        return UrgentBecause.THREATS_OR_VIOLENCE
    if answer is False:
        return UrgentBecause.OTHER
    raise InvalidInput("Please answer yes (because of gang violence or threats) or no (another reason).",
                       "urgent_because")


def parse_consent(text: str) -> Consent:
    """Return the consent an answer states: yes (consented), no (not consented) or "not asked".

    "Not sure" counts as not asked: consent that cannot be confirmed was not given.

    Raises:
        InvalidInput: none of those could be read.
    """
    simple = _plain(text)
    if simple in {"3", "not asked", "not yet asked", "haven't asked", "have not asked", "didn't ask"} or re.search(
            r"\bnot (?:been |yet )?asked\b|\bhaven't asked\b|\bhasn't been asked\b|\bunable to ask\b|\bcouldn't ask\b",
            simple):
        return Consent.NOT_ASKED
    if re.search(r"\b(?:not|never) (?:consented|agreed)\b|n't (?:consented|agreed|consent|agree)\b|\bno consent\b|"
                 r"\bdid not consent\b|\bdoes not consent\b", simple):
        return Consent.NOT_CONSENTED
    if simple in {"1", "consented", "they consented", "he consented", "she consented", "agreed", "they agreed"} or (
            re.search(r"\b(?:has |have )?(?:consented|agreed|given consent)\b", simple)
            and not re.search(r"\bnot\b|n't\b|\brefused\b", simple)):
        return Consent.CONSENTED
    if simple in {"2", "refused", "declined"} or re.search(r"\brefused\b|\bdeclined\b|\bwithheld\b", simple):
        return Consent.NOT_CONSENTED
    try:
        answer = parse_tristate(text)
    except InvalidInput:
        raise InvalidInput("Please answer yes, no or not asked.", "consent") from None
    return {True: Consent.CONSENTED, False: Consent.NOT_CONSENTED, None: Consent.NOT_ASKED}[answer]


def parse_person_role(text: str, age: int | None) -> PersonRole:
    """Return the moving person's role: at risk (a child or an adult, by ``age``) or a risk to others.

    The two are never inferred from each other: the answer must say which.
    An unknown age counts as possibly a child.

    Raises:
        InvalidInput: the answer says neither, or both.
    """
    simple = _plain(text)
    of_concern = bool(re.search(
        r"\brisk to others\b|\bperson of concern\b|\bconcern to others\b|\bperpetrator|\boffender\b|"
        r"\bnominal\b|\bexploiter\b|\bexploiting\b|\bdangerous\b|\bposes? (?:a )?risk\b|\brisk to the public\b",
        simple)) or simple == "2"
    at_risk = bool(re.search(r"\bat risk\b|\bvictim\b|\bvulnerable\b|\bbeing exploited\b|\bexploited\b|"
                             r"\bin danger\b|\bunder threat\b|\bthreatened\b", simple)) or simple == "1"
    if simple == "both" or (of_concern and at_risk):
        raise InvalidInput("Choose the one that fits best: at risk of harm, or a risk to others. "
                           "You can describe both when I ask about risks.", "person_role")
    if of_concern:
        return PersonRole.ALLEGED_EXPLOITER
    if at_risk:
        adult = age is not None and age >= 18
        return PersonRole.VULNERABLE_ADULT_AT_RISK if adult else PersonRole.YOUNG_PERSON_AT_RISK
    raise InvalidInput("Are they at risk of harm or exploitation, or a risk to others?", "person_role")


def parse_birth_or_age(text: str, today: date) -> tuple[date | None, int | None]:
    """Return ``(date of birth, age)`` from an answer giving either ("3/5/2008", "17", "about 16").

    Both are None when the answer is "not known".

    Raises:
        InvalidInput: neither a date nor an age could be read, or the date is in the future.
    """
    simple = _plain(text)
    looks_like_date = bool(re.search(r"\d{1,4}[/.-]\d{1,2}|[a-z]{3,}\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,}", simple))
    if looks_like_date:
        if not re.search(r"\d{4}|[/.-]\d{2}$", simple):
            raise InvalidInput("Please include the year of birth, for example 3/5/2008.", "date_of_birth")
        try:
            born = parse_date(text, today)
        except InvalidInput as error:
            raise InvalidInput(str(error), "date_of_birth") from None
        if born is not None and born > today:
            raise InvalidInput("That date of birth is in the future; please check it.", "date_of_birth")
        return born, None
    try:
        return None, parse_age(text)
    except InvalidInput:
        raise InvalidInput("Please give their date of birth (for example 3/5/2008) or their age.",
                           "date_of_birth") from None


#: Words naming each agency in a typed contact line, most specific first.
_AGENCY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("probation", ("probation", "offender manager", "nps", "crc")),
    ("yot", ("yot", "yos", "youth offending", "youth justice")),
    ("dwp", ("dwp", "jobcentre", "job centre", "work coach", "department for work")),
    ("housing", ("housing", "tenancy", "homeless")),
    ("social_care", ("social care", "social worker", "leaving care", "children's services", "childrens services",
                     "personal adviser", "personal advisor", "children's social care")),
    ("voluntary", ("st giles", "charity", "voluntary", "redthread", "catch22", "catch 22", "mentor",
                   "youth worker", "youth service")),
    ("police", ("police", "gangs unit", "met", "detective", "pc", "ds", "dc", "officer", "igu")),
)
_CONTACT_SEPARATOR = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")
_ANY_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ANY_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?|0)(?:[\s-]?\d){9,10}\b")


def _agency_of(text: str) -> str:
    simple = _plain(text)
    for agency, words in _AGENCY_WORDS:
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", simple) for word in words):
            return agency
    return "other"


def parse_agency_lines(text: str) -> list[dict[str, str | None]]:
    """Return the agency contacts typed one per line (or separated by semicolons).

    Each line names an agency and a contact with a phone number or an e-mail
    address: "Probation: Jo Smith 07700 900123", "YOT - Sam Patel,
    sam.patel@hackney.example.gov.uk", "St Giles Trust caseworker Amy 020 7946 0001".
    The agency is recognised from its words (anything else is "other", keeping
    the whole line as the contact's name). "None" returns an empty list. The
    rows have the keys :func:`handover_problems` expects.

    Raises:
        InvalidInput: a line has no phone number or e-mail address, or there are too many lines.
    """
    if is_skip(text) or _plain(text) in {"none", "no agencies", "none yet", "nobody", "no one"}:
        return []
    rows: list[dict[str, str | None]] = []
    for line in re.split(r"[\n;]+", text or ""):
        line = line.strip(" \t,.")
        if not line:
            continue
        try:
            email, phone = parse_contact(line)
        except InvalidInput:
            raise InvalidInput(f"For \"{line[:60]}\", please add a phone number or an e-mail address the "
                               "new area can use.", "agencies") from None
        rest = _ANY_EMAIL.sub(" ", line)
        rest = _ANY_PHONE.sub(" ", rest)
        rest = re.sub(r"\b(?:tel|phone|mob|mobile|email|e-mail)\b\.?:?", " ", rest, flags=re.IGNORECASE)
        rest = re.sub(r"\s+", " ", rest).strip(" ,.;:-\u2013\u2014()")
        agency = _agency_of(line)
        parts = _CONTACT_SEPARATOR.split(rest, maxsplit=1)
        if agency != "other" and len(parts) == 2 and parts[1].strip(" ,.-"):
            name = parts[1].strip(" ,.-")
        else:
            name = rest
        name = re.sub(r"\s*,\s*$", "", name).strip()
        rows.append({"agency": agency, "name": (name or AGENCIES[agency])[:MAX_SHORT], "phone": phone,
                     "email": email})
    if len(rows) > MAX_AGENCIES:
        raise InvalidInput(f"Please list at most {MAX_AGENCIES} agencies.", "agencies")
    return rows


def areas_in_opening(text: str, table: RoutingTable, analyser: Analyser) -> tuple[str | None, str | None]:
    """Return the ``(from area id, to area id)`` an opening message names ("moving from Hackney to Bexley").

    Either is None when the message does not say it.
    """
    simple = text or ""

    def area(fragment: str | None) -> str | None:
        match = table.resolve_area(fragment, analyser) if fragment else None
        return match.area.id if match else None

    both = re.search(r"\bfrom\s+(.+?)\s+(?:to|into)\s+(.+)", simple, flags=re.IGNORECASE)
    if both:
        origin = area(re.split(r"[,.;]", both.group(1))[0])
        destination = area(re.split(r"[,.;]|\bbecause\b|\bdue\b", both.group(2), flags=re.IGNORECASE)[0])
        if origin and destination and origin != destination:
            return origin, destination
    moving_to = re.search(r"\b(?:moving|moved|move|relocat\w*|going|transferr\w*|rehoused|housed)\s+(?:to|into|in)\s+"
                          r"([^,.;]+)", simple, flags=re.IGNORECASE)
    moving_from = re.search(r"\bfrom\s+([^,.;]+)", simple, flags=re.IGNORECASE)
    destination = area(re.split(r"\bbecause\b|\bdue\b", moving_to.group(1), flags=re.IGNORECASE)[0]) if moving_to else None
    origin = area(re.split(r"\bto\b|\binto\b", moving_from.group(1), flags=re.IGNORECASE)[0]) if moving_from else None
    if origin and origin == destination:
        origin = None
    return origin, destination


# --- reading a stored handover back ---------------------------------------------------
@dataclass(frozen=True)
class HandoverSummary:
    """A stored handover as the printable notification form shows it (all text, ready to print)."""

    reference: str
    urgency: str
    reasons: tuple[str, ...]
    created_at: datetime
    due_at: datetime
    owner_inbox: str
    copy_inboxes: tuple[str, ...]
    from_area: str
    to_area: str
    move: str
    urgent_because: str | None
    move_date: str | None
    move_reason: str
    person: dict[str, str | None]
    consent: str
    consent_reason: str | None
    agencies: tuple[AgencyContact, ...]
    court_orders: str | None
    positive_requirements: str | None
    risks_to_person: str | None
    risks_from_person: str | None
    aspirations: str | None
    referrer: dict[str, str | None] = field(default_factory=dict)


def _label(enum_type: Any, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(enum_type(value).label)
    except ValueError:
        return value


def summary_from_detail(detail: ReferralDetail, table: RoutingTable) -> HandoverSummary:
    """Return the printable summary of a stored handover (a :class:`~frontdoor.views.ReferralDetail`).

    Raises:
        InvalidInput: the referral is not a handover (``field`` is ``kind``).
    """
    if detail.kind != Kind.HANDOVER.value:
        raise InvalidInput("Only handover referrals have a handover summary.", "kind")
    d = dict(detail.details or {})

    def area(area_id: str | None) -> str:
        known = table.areas.get(area_id or "")
        return known.name if known else (area_id or "Not known")

    try:
        rows = json.loads(d.get("agencies") or "[]")
        agencies = tuple(AgencyContact(str(r.get("agency") or "other"), r.get("name"), r.get("phone"),
                                       r.get("email")) for r in rows if isinstance(r, dict))
    except (ValueError, AttributeError):
        agencies = ()
    subject = next((p for p in detail.people if p.role != PersonRole.REPORTER.value), None)
    reporter = next((p for p in detail.people if p.role == PersonRole.REPORTER.value), None)
    reason = detail.description
    marker = "Reason: "
    if marker in reason:
        reason = reason.split(marker, 1)[1]
    return HandoverSummary(
        reference=detail.reference,
        urgency=detail.urgency,
        reasons=tuple(detail.reasons),
        created_at=detail.created_at,
        due_at=detail.due_at,
        owner_inbox=detail.inbox.name,
        copy_inboxes=tuple(c.name for c in detail.copies),
        from_area=area(d.get("from_area")),
        to_area=area(d.get("to_area") or detail.area_id),
        move=_label(Move, d.get("move")) or "Not recorded",
        urgent_because=_label(UrgentBecause, d.get("urgent_because")),
        move_date=d.get("move_date"),
        move_reason=reason,
        person={
            "name": subject.name if subject else None,
            "role": PERSON_ROLES.get(subject.role, subject.role_label) if subject else None,
            "date_of_birth": d.get("date_of_birth"),
            "age": str(subject.age) if subject and subject.age is not None else None,
            "gender": d.get("gender"),
        },
        consent=_label(Consent, d.get("consent")) or "Not recorded",
        consent_reason=d.get("consent_reason"),
        agencies=agencies,
        court_orders=d.get("court_orders"),
        positive_requirements=d.get("positive_requirements"),
        risks_to_person=d.get("risks_to_person"),
        risks_from_person=d.get("risks_from_person"),
        aspirations=d.get("aspirations"),
        referrer={
            "name": reporter.name if reporter else None,
            "role": ReporterRole(reporter.reporter_role).label if reporter and reporter.reporter_role else None,
            "agency": reporter.organisation if reporter else None,
            "email": reporter.email if reporter else None,
            "phone": reporter.phone if reporter else None,
        },
    )
