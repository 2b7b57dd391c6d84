"""The handover's validation: every problem by field, or a validated handover (pure)."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.handover import (
    FIELDS,
    Consent,
    HandoverAnswers,
    Move,
    handover_problems,
    parse_handover,
)
from frontdoor.model import PersonRole
from tests.frontdoor.handover.sample import TODAY, answers


def test_a_complete_handover_parses(routing_table):
    handover = parse_handover(answers(), routing_table, TODAY)
    assert handover.person_role is PersonRole.VULNERABLE_ADULT_AT_RISK
    assert handover.age == 23  # from the date of birth, on TODAY
    assert handover.consent is Consent.CONSENTED and handover.move is Move.PLANNED
    assert [a.agency for a in handover.agencies] == ["probation", "voluntary"]  # the blank row is dropped
    assert handover.urgent_because is None and not handover.urgent_because_of_threats
    assert handover_problems(answers(), routing_table, TODAY) == {}


INVALID = [
    # (changes, field, words in the message)
    ({"person_name": None}, "person_name", "name"),
    ({"person_name": "   "}, "person_name", "name"),
    ({"date_of_birth": None}, "date_of_birth", "date of birth or"),
    ({"date_of_birth": "15/06/2002"}, "date_of_birth", "YYYY-MM-DD"),
    ({"date_of_birth": "2030-01-01"}, "date_of_birth", "future"),
    ({"age": "twenty"}, "age", "whole number"),
    ({"age": "30"}, "age", "does not match"),
    ({"person_role": None}, "person_role", "at risk or a person of concern"),
    ({"person_role": "witness"}, "person_role", "from the list"),
    ({"person_role": "young_person_at_risk"}, "person_role", "under 18"),
    ({"consent": None}, "consent", "consented"),
    ({"consent": "maybe"}, "consent", "not asked"),
    ({"consent": "not_consented"}, "consent_reason", "without consent"),
    ({"consent": "not_asked"}, "consent_reason", "not asked"),
    ({"from_area": None}, "from_area", "moving from"),
    ({"from_area": "atlantis"}, "from_area", "from the list"),
    ({"to_area": "Bexley"}, "to_area", "from the list"),  # ids, not names
    ({"to_area": "hackney"}, "to_area", "must differ"),
    ({"move": None}, "move", "planned or urgent"),
    ({"move": "soon"}, "move", "planned or an urgent"),
    ({"move": "urgent"}, "urgent_because", "violence or threats"),
    ({"move": "urgent", "urgent_because": "weather"}, "urgent_because", "from the list"),
    ({"move_reason": ""}, "move_reason", "why"),
    ({"move_date": None}, "move_date", "planned move"),
    ({"move_date": "next week"}, "move_date", "YYYY-MM-DD"),
    ({"agencies": [{"agency": "martians", "name": "X", "phone": "020 7946 0000"}]}, "agencies.1", "from the list"),
    ({"agencies": [{"agency": "police", "name": "", "phone": "020 7946 0000"}]}, "agencies.1", "name or team"),
    ({"agencies": [{"agency": "police", "name": "PC X"}]}, "agencies.1", "phone number or an e-mail"),
    ({"agencies": [{"agency": "police", "name": "PC X", "email": "nope"}]}, "agencies.1", "e-mail address"),
    ({"agencies": [{}, {"agency": "dwp", "name": "Work coach", "phone": "call me"}]}, "agencies.2", "phone"),
    ({"agencies": "police"}, "agencies", "list"),
    ({"agencies": [{"agency": "police", "name": f"PC {n}", "phone": "020 7946 0000"} for n in range(13)]},
     "agencies", "at most 12"),
    ({"risks_to_person": "x" * 4001}, "risks_to_person", "too long"),
    ({"referrer_name": None}, "referrer_name", "name"),
    ({"referrer_agency": None}, "referrer_agency", "agency"),
    ({"referrer_role": "young_person"}, "referrer_role", "from the list"),
    ({"referrer_email": None, "referrer_phone": None}, "referrer_email", "e-mail address or a phone"),
    ({"referrer_email": "pat-at-probation"}, "referrer_email", "does not look right"),
    ({"surprise": "x"}, "surprise", "Unknown"),
]


@pytest.mark.parametrize("changes, field, words", INVALID, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(INVALID)])
def test_invalid_answers_name_the_field(routing_table, changes, field, words):
    problems = handover_problems(answers(**changes), routing_table, TODAY)
    assert field in problems, problems
    assert words.lower() in problems[field].lower()
    with pytest.raises(InvalidInput) as caught:
        parse_handover(answers(**changes), routing_table, TODAY)
    assert caught.value.field in problems


def test_every_problem_is_reported_at_once(routing_table):
    problems = handover_problems({}, routing_table, TODAY)
    assert {"person_name", "date_of_birth", "person_role", "consent", "from_area", "to_area", "move",
            "move_reason", "referrer_name", "referrer_agency", "referrer_email"} <= set(problems)
    assert set(problems) <= set(FIELDS)


def test_age_alone_is_enough(routing_table):
    handover = parse_handover(answers(date_of_birth=None, age="17", person_role="young_person_at_risk"),
                              routing_table, TODAY)
    assert handover.age == 17 and handover.date_of_birth is None


def test_typed_answers_give_the_same_handover_and_problems(routing_table):
    assert parse_handover(HandoverAnswers(**answers()), routing_table, TODAY) == \
        parse_handover(answers(), routing_table, TODAY)
    typed = HandoverAnswers(**answers(person_name=None, referrer_email="nope"))
    assert handover_problems(typed, routing_table, TODAY) == \
        handover_problems(answers(person_name=None, referrer_email="nope"), routing_table, TODAY)


@pytest.mark.parametrize("phone", ["020 7946 0000 ext 12", "07700 900123 / 020 7946 0000", "+1 202 555 0143"])
def test_agency_phones_may_hold_an_extension_or_be_abroad(routing_table, phone):
    rows = [{"agency": "police", "name": "PC X", "phone": phone}]
    assert handover_problems(answers(agencies=rows), routing_table, TODAY) == {}


@pytest.mark.parametrize("phone", ["12345", "0800 1111", "call the office"])
def test_agency_phones_that_reach_nobody_are_refused(routing_table, phone):
    rows = [{"agency": "police", "name": "PC X", "phone": phone}]
    assert "phone number does not look right" in handover_problems(answers(agencies=rows), routing_table,
                                                                   TODAY)["agencies.1"]
