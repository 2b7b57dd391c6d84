"""Answers chosen from a list, and yes/no/not known answers."""

from __future__ import annotations

import enum

import pytest

from frontdoor.fields import (
    Consent,
    Problems,
    choice_answer,
    tristate_answer,
)
from frontdoor.handover import Consent as HandoverConsent
from frontdoor.hospital import PatientConsent


class Colour(str, enum.Enum):
    RED = "red"


def test_choices():
    problems = Problems()
    assert choice_answer({"c": "red"}, "c", Colour, problems, "Choose.") is Colour.RED
    assert choice_answer({"c": ""}, "c", Colour, problems, "Choose.") is None
    assert choice_answer({"c": "blue"}, "c", Colour, problems, "Choose a colour.") is None
    assert problems == {"c": "Choose a colour."}


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), (None, None), ("Yes", True), ("no", False), ("not known", None), ("", None),
    ("don't know", None)])
def test_yes_no_not_known(value, expected):
    problems = Problems()
    assert tristate_answer({"t": value}, "t", problems, "Say yes or no.") is expected and not problems


def test_yes_no_not_known_refuses_anything_else():
    problems = Problems()
    assert tristate_answer({"t": "perhaps"}, "t", problems, "Say yes or no.") is None
    assert problems == {"t": "Say yes or no."}


def test_one_consent_answer_with_the_words_of_who_was_asked():
    assert [c.value for c in Consent] == ["consented", "not_consented", "not_asked"]
    assert [c.label for c in Consent] == ["Consented", "Not consented", "Not asked"]
    assert [c.patient_label for c in Consent] == ["Patient agreed", "Patient did not agree", "Not asked"]
    assert [c.tristate for c in Consent] == [True, False, None]
    assert [Consent.from_tristate(c.tristate) for c in Consent] == list(Consent)


def test_the_hospital_and_the_handover_ask_with_the_same_consent():
    assert PatientConsent is Consent and HandoverConsent is Consent
