"""Hospital presentation: health staff refer a patient injured by violence (the field model).

The Safer Bromley Partnership review found that stab and gunshot wounds seen at
the hospital were reported to the police but not shared with the local
authority, and that "there is no SPOC in place for medical staff to contact to
refer the patient to the right services"; it recommended an information
sharing agreement with the hospital and SPOC details "for when a patient
presents with stab or gun shot wounds". This module is that referral.

A health worker gives the injury (stab wound, gunshot wound or other
assault), the patient's age and home area, whether the police are already
aware, whether the patient agreed to the referral, whether threats to the
patient are continuing, any concerns about their safety on discharge, and who
is referring (name, hospital and department, e-mail or phone).

Pure: :mod:`.model` holds the choices, :class:`HospitalPresentation` and its
draft; :mod:`.validation` checks the answers; :mod:`.chat` reads a health
worker's own words. :func:`presentation_problems` (answers as a
:class:`PresentationAnswers` or a mapping) returns every problem with the answers by
field; :func:`parse_presentation` returns a :class:`HospitalPresentation` or
raises :class:`~frontdoor.errors.InvalidInput` naming the first bad field;
:meth:`HospitalPresentation.to_draft` builds the referral draft of kind
``health``, which the routing table's "Hospital presentation" rule gives to the
area's community safety inbox with a copy to the police gangs SPOC. Continuing
threats make it red (see :mod:`frontdoor.triage`); otherwise the injury, which
has already happened, makes it amber ("Victim of gang violence").

The helpers that read a health worker's own words (:func:`parse_injury`,
:func:`parse_consent`, :func:`parse_police_aware`, :func:`parse_threats`,
:func:`police_in_opening`, :func:`consent_in_opening`, :func:`age_from_text`, :func:`workplace_from_text`, :func:`patient_place`,
:func:`imminent_threat`) are for the shells that collect the answers.
"""

from frontdoor.fields import MAX_SHORT, MAX_TEXT
from frontdoor.hospital.chat import (
    Workplace,
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
from frontdoor.hospital.model import FIELDS, THREATS_INDICATOR, HospitalPresentation, Injury, PatientConsent
from frontdoor.hospital.validation import PresentationAnswers, parse_presentation, presentation_problems

__all__ = [
    "FIELDS", "MAX_SHORT", "MAX_TEXT", "THREATS_INDICATOR", "HospitalPresentation", "Injury", "PatientConsent",
    "PresentationAnswers", "Workplace", "age_from_text", "consent_in_opening", "imminent_threat", "parse_consent",
    "parse_injury", "parse_police_aware", "parse_presentation", "parse_threats", "patient_place",
    "police_in_opening", "presentation_problems", "workplace_from_text",
]
