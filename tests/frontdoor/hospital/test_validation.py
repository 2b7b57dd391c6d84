"""The hospital presentation's validation: every problem by field, or a validated presentation (pure)."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.hospital import (
    FIELDS,
    Injury,
    PatientConsent,
    PresentationAnswers,
    parse_presentation,
    presentation_problems,
)
from tests.frontdoor.hospital.sample import answers


def test_a_complete_presentation_parses(routing_table):
    presentation = parse_presentation(answers(), routing_table)
    assert presentation.injury is Injury.STAB and presentation.age == 16 and presentation.area == "bexley"
    assert presentation.police_aware is True and presentation.continuing_threats is False
    assert presentation.consent is PatientConsent.CONSENTED
    assert presentation_problems(answers(), routing_table) == {}


INVALID = [
    # (changes, field, words in the message)
    ({"injury": None}, "injury", "stab wound, gunshot wound or other assault"),
    ({"injury": "sprained ankle"}, "injury", "choose the injury"),
    ({"age": "sixteen"}, "age", "whole number"),
    ({"age": 130}, "age", "whole number"),
    ({"age": True}, "age", "whole number"),
    ({"area": "Erith"}, "area", "from the list"),  # ids, not names
    ({"area": "atlantis"}, "area", "from the list"),
    ({"police_aware": "purple"}, "police_aware", "police"),
    ({"consent": None}, "consent", "agreed"),
    ({"consent": "maybe"}, "consent", "not asked"),
    ({"continuing_threats": "often"}, "continuing_threats", "threats"),
    ({"discharge_concerns": "x" * 4001}, "discharge_concerns", "too long"),
    ({"discharge_concerns": 12}, "discharge_concerns", "text"),
    ({"referrer_name": None}, "referrer_name", "name"),
    ({"referrer_name": "   "}, "referrer_name", "name"),
    ({"referrer_organisation": None}, "referrer_organisation", "hospital and department"),
    ({"referrer_email": None, "referrer_phone": None}, "referrer_email", "e-mail address or a phone"),
    ({"referrer_email": "sam-at-nhs"}, "referrer_email", "does not look right"),
    ({"referrer_phone": "ring the ward"}, "referrer_phone", "does not look right"),
    ({"patient_name": "x" * 201}, "patient_name", "too long"),
    ({"surprise": "x"}, "surprise", "Unknown"),
]


@pytest.mark.parametrize("changes, field, words", INVALID, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(INVALID)])
def test_invalid_answers_name_the_field(routing_table, changes, field, words):
    problems = presentation_problems(answers(**changes), routing_table)
    assert field in problems, problems
    assert words.lower() in problems[field].lower()
    with pytest.raises(InvalidInput) as caught:
        parse_presentation(answers(**changes), routing_table)
    assert caught.value.field in problems


def test_every_problem_is_reported_at_once(routing_table):
    problems = presentation_problems({}, routing_table)
    assert set(problems) == {"injury", "consent", "referrer_name", "referrer_organisation", "referrer_email"}
    assert set(problems) <= set(FIELDS)
    with pytest.raises(InvalidInput) as caught:
        parse_presentation("not a mapping", routing_table)  # type: ignore[arg-type]
    assert caught.value.field == "presentation"


@pytest.mark.parametrize("changes", [
    {"age": None}, {"age": "not known"}, {"area": None}, {"area": ""}, {"area": "not known"},
    {"police_aware": None}, {"police_aware": "not sure"}, {"continuing_threats": None},
    {"continuing_threats": True}, {"police_aware": False}, {"discharge_concerns": None}, {"patient_name": None},
    {"referrer_email": None}, {"referrer_phone": None}, {"injury": "he was shot"}, {"age": 16},
])
def test_what_may_be_unknown_or_given_another_way(routing_table, changes):
    assert presentation_problems(answers(**changes), routing_table) == {}


@pytest.mark.parametrize("consent", ["not_consented", "not_asked"])
def test_a_patient_who_did_not_agree_can_still_be_referred_and_it_is_recorded(routing_table, consent):
    draft = parse_presentation(answers(consent=consent), routing_table).to_draft(routing_table)
    assert draft.details["patient_consent"] == PatientConsent(consent).patient_label
    assert draft.consent_to_contact is (False if consent == "not_consented" else None)


def test_typed_answers_give_the_same_presentation_and_problems(routing_table):
    assert parse_presentation(PresentationAnswers(**answers()), routing_table) == \
        parse_presentation(answers(), routing_table)
    assert presentation_problems(PresentationAnswers(**answers(referrer_phone="ring the ward")), routing_table) == \
        presentation_problems(answers(referrer_phone="ring the ward"), routing_table)


def test_the_reason_to_refer_without_agreement_is_kept_in_the_details(routing_table):
    draft = parse_presentation(answers(consent="not_consented", consent_reason="  Risk of  serious harm "),
                               routing_table).to_draft(routing_table)
    assert draft.details["consent_reason"] == "Risk of serious harm"
    assert "consent_reason" not in parse_presentation(answers(), routing_table).to_draft(routing_table).details
