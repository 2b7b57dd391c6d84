"""Checking a hospital presentation's answers: every problem by field, or a validated presentation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdoor.fields import (
    MAX_TEXT,
    UNKNOWN_WORDS,
    Consent,
    Problems,
    contact_answers,
    given_answers,
    required_text,
    text_answer,
    tristate_answer,
)
from frontdoor.hospital.chat import parse_injury
from frontdoor.hospital.model import FIELDS, HospitalPresentation, Injury
from frontdoor.model import Tristate
from frontdoor.routing import RoutingTable


@dataclass(frozen=True)
class PresentationAnswers:
    """A hospital presentation's answers as a form or a chat collects them, not yet checked.

    See :func:`presentation_problems` for what each may hold.
    """

    injury: Injury | str | None = None
    age: int | str | None = None
    area: str | None = None
    place: str | None = None
    police_aware: Tristate | str = None
    consent: Consent | str | None = None
    consent_reason: str | None = None
    continuing_threats: Tristate | str = None
    threats_detail: str | None = None
    discharge_concerns: str | None = None
    patient_name: str | None = None
    referrer_name: str | None = None
    referrer_organisation: str | None = None
    referrer_email: str | None = None
    referrer_phone: str | None = None
    disclosures: str | None = None


def _age(data: Mapping[str, Any], problems: Problems) -> int | None:
    value = data.get("age")
    if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        problems.add("age", "Give the patient's age as a whole number of years, or leave it out if it is not known.")
        return None
    return value


def _answers(data: PresentationAnswers | Mapping[str, Any]) -> Mapping[str, Any]:
    return given_answers(data) if isinstance(data, PresentationAnswers) else data


def presentation_problems(data: PresentationAnswers | Mapping[str, Any], table: RoutingTable) -> dict[str, str]:
    """Return every problem with the answers ``data``, as field → message (empty: none).

    ``data`` is a :class:`PresentationAnswers` or a mapping with the keys of
    :data:`FIELDS`: ``injury`` an :class:`Injury` code (or words
    :func:`parse_injury` reads); ``age`` whole years or None; ``area`` a
    routing-table area id, or None/"" when not known; ``consent`` a
    :class:`Consent` code; ``police_aware`` and ``continuing_threats``
    True/False/None or "yes"/"no"/"not known"; the rest text. The referrer
    needs a name, an organisation (hospital and department) and an e-mail
    address or a phone number.
    """
    problems = Problems()
    _collect(_answers(data), table, problems)
    return dict(problems)


def parse_presentation(data: PresentationAnswers | Mapping[str, Any], table: RoutingTable) -> HospitalPresentation:
    """Return the validated presentation ``data`` describes (see :func:`presentation_problems`).

    A patient who did not agree (``consent`` ``not_consented``), or was not
    asked, can still be referred: safeguarding may go ahead without consent,
    for a child or where there is a risk of serious harm. The answer is
    recorded (in the details and as the referral's consent to contact), with
    the reason for referring without agreement when given (``consent_reason``);
    the referral's basis for sharing is recorded from them at once
    (:attr:`HospitalPresentation.reported_consent`), and the SPOC decides how
    to approach the patient.

    Raises:
        InvalidInput: an answer is missing or unusable; ``field`` names the
            first such field.
    """
    problems = Problems()
    presentation = _collect(_answers(data), table, problems)
    if problems or presentation is None:
        problems.raise_first("presentation", "The referral is incomplete.")
    return presentation


def _injury(data: Mapping[str, Any], problems: Problems) -> Injury | None:
    value = data.get("injury")
    if isinstance(value, Injury):
        return value
    if isinstance(value, str) and value.strip():
        injury = parse_injury(value)
        if injury is None:
            problems.add("injury", "Choose the injury: stab wound, gunshot wound or other assault.")
        return injury
    problems.add("injury", "Say what the injury is: stab wound, gunshot wound or other assault.")
    return None


def _area(data: Mapping[str, Any], table: RoutingTable, problems: Problems) -> str | None:
    area = data.get("area")
    if area in (None, "") or (isinstance(area, str) and area.strip().lower() in UNKNOWN_WORDS):
        return None
    if not isinstance(area, str) or area not in table.areas:
        problems.add("area", "Choose the patient's area from the list, or leave it out if it is not known.")
        return None
    return area


def _consent(data: Mapping[str, Any], problems: Problems) -> Consent | None:
    value = data.get("consent")
    if isinstance(value, Consent):
        return value
    if value in (None, ""):
        problems.add("consent", "Say whether the patient agreed to the referral (or was not asked).")
        return None
    try:
        return Consent(value)
    except ValueError:
        problems.add("consent", "Choose consented, not consented or not asked.")
        return None


def _collect(data: Mapping[str, Any], table: RoutingTable, problems: Problems) -> HospitalPresentation | None:
    if not isinstance(data, Mapping):
        problems.add("presentation", "A hospital referral must be a set of named answers.")
        return None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        problems.add(unknown[0], f"Unknown answer(s): {', '.join(unknown)}")
    # The injury and the patient.
    injury = _injury(data, problems)
    age = _age(data, problems)
    area = _area(data, table, problems)
    place = text_answer(data, "place", problems, "The place", collapse=True)
    name = text_answer(data, "patient_name", problems, "The patient's name", collapse=True)
    # What the health worker knows.
    police = tristate_answer(data, "police_aware", problems, "Say yes, no or not known: are the police aware?")
    consent = _consent(data, problems)
    consent_reason = text_answer(data, "consent_reason", problems, "The reason for referring without agreement",
                                 MAX_TEXT, collapse=True)
    threats = tristate_answer(data, "continuing_threats", problems,
                              "Say yes, no or not known: are there continuing threats to the patient?")
    threats_detail = text_answer(data, "threats_detail", problems, "What you said about threats", MAX_TEXT,
                                 collapse=True)
    discharge = text_answer(data, "discharge_concerns", problems, "Concerns about discharge", MAX_TEXT,
                            collapse=True)
    disclosures = text_answer(data, "disclosures", problems, "What else was said", MAX_TEXT, collapse=True)
    # The referrer.
    referrer = required_text(data, "referrer_name", problems, "Your name",
                             "Give your name, so the team knows who to contact.", collapse=True)
    organisation = required_text(data, "referrer_organisation", problems, "Your hospital and department",
                                 "Give your hospital and department.", collapse=True)
    email, phone = contact_answers(data, problems,
                                   "Give an e-mail address or a phone number the team can reach you on.",
                                   collapse=True)
    if problems:
        return None
    assert injury and consent and referrer and organisation
    return HospitalPresentation(
        injury=injury, consent=consent, referrer_name=referrer, referrer_organisation=organisation,
        age=age, area=area, place=place, police_aware=police, continuing_threats=threats,
        threats_detail=threats_detail, discharge_concerns=discharge, patient_name=name,
        referrer_email=email, referrer_phone=phone, disclosures=disclosures, consent_reason=consent_reason,
    )
