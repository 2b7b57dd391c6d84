"""Handover answers typed into a chat (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.handover import (
    Consent,
    Move,
    UrgentBecause,
    areas_in_opening,
    handover_problems,
    parse_agency_lines,
    parse_birth_or_age,
    parse_consent,
    parse_move,
    parse_person_role,
    parse_urgent_because,
)
from frontdoor.model import PersonRole
from tests.frontdoor.handover.sample import TODAY, answers


@pytest.mark.parametrize(
    ("text", "move"),
    [("planned", Move.PLANNED), ("1", Move.PLANNED), ("it's planned for next month", Move.PLANNED),
     ("urgent", Move.URGENT), ("2", Move.URGENT), ("emergency move", Move.URGENT),
     ("already moved last night", Move.URGENT), ("ASAP", Move.URGENT)],
)
def test_move_answers(text, move):
    assert parse_move(text) is move


@pytest.mark.parametrize("text", ["not sure", "soon", ""])
def test_unclear_move_answers_are_asked_again(text):
    with pytest.raises(InvalidInput, match="planned or urgent"):
        parse_move(text)


@pytest.mark.parametrize(
    ("text", "because"),
    [("yes", UrgentBecause.THREATS_OR_VIOLENCE), ("because of threats from a rival gang", UrgentBecause.THREATS_OR_VIOLENCE),
     ("he was attacked", UrgentBecause.THREATS_OR_VIOLENCE), ("no", UrgentBecause.OTHER),
     ("no, housing reasons", UrgentBecause.OTHER), ("another reason", UrgentBecause.OTHER)],
)
def test_why_urgent_answers(text, because):
    assert parse_urgent_because(text) is because


@pytest.mark.parametrize(
    ("text", "consent"),
    [("yes", Consent.CONSENTED), ("he consented", Consent.CONSENTED), ("Yes, she agreed", Consent.CONSENTED),
     ("no", Consent.NOT_CONSENTED), ("refused", Consent.NOT_CONSENTED), ("has not consented", Consent.NOT_CONSENTED),
     ("he hasn't agreed", Consent.NOT_CONSENTED), ("not asked", Consent.NOT_ASKED),
     ("we haven't asked yet", Consent.NOT_ASKED), ("not sure", Consent.NOT_ASKED)],
)
def test_consent_answers(text, consent):
    assert parse_consent(text) is consent


@pytest.mark.parametrize(
    ("text", "age", "role"),
    [("at risk", 16, PersonRole.YOUNG_PERSON_AT_RISK), ("at risk", None, PersonRole.YOUNG_PERSON_AT_RISK),
     ("at risk", 19, PersonRole.VULNERABLE_ADULT_AT_RISK), ("victim of exploitation", 25, PersonRole.VULNERABLE_ADULT_AT_RISK),
     ("a risk to others", 20, PersonRole.ALLEGED_EXPLOITER), ("he's a gang nominal", 17, PersonRole.ALLEGED_EXPLOITER),
     ("person of concern", None, PersonRole.ALLEGED_EXPLOITER)],
)
def test_person_role_answers(text, age, role):
    assert parse_person_role(text, age) is role


@pytest.mark.parametrize("text", ["both", "he is at risk and a risk to others", "dunno"])
def test_person_role_is_never_guessed(text):
    with pytest.raises(InvalidInput):
        parse_person_role(text, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3/5/2008", (date(2008, 5, 3), None)), ("12 March 2009", (date(2009, 3, 12), None)),
     ("2007-01-31", (date(2007, 1, 31), None)), ("17", (None, 17)), ("about 16", (None, 16)),
     ("not known", (None, None)), ("3/5/08", (date(2008, 5, 3), None)), ("3/5/99", (date(1999, 5, 3), None)),
     ("born 4th March 2010", (date(2010, 3, 4), None))],
)
def test_birth_or_age_answers(text, expected):
    assert parse_birth_or_age(text, TODAY) == expected


@pytest.mark.parametrize(("text", "hint"), [("3 May", "year"), ("2030-01-01", "future"), ("a lad", "date of birth")])
def test_unusable_birth_or_age_answers(text, hint):
    with pytest.raises(InvalidInput, match=hint):
        parse_birth_or_age(text, TODAY)


@pytest.mark.parametrize(
    ("line", "row"),
    [("Probation: Jo Smith 07700 900123", ("probation", "Jo Smith", "07700900123", None)),
     ("YOT - Sam Patel, sam.patel@hackney.example.gov.uk", ("yot", "Sam Patel", None, "sam.patel@hackney.example.gov.uk")),
     ("St Giles Trust caseworker Amy 020 7946 0001", ("voluntary", "St Giles Trust caseworker Amy", "02079460001", None)),
     ("DWP work coach Lee 020 7946 0002", ("dwp", "DWP work coach Lee", "02079460002", None)),
     ("PC Dan Brown, gangs unit, dan.brown@met.example.police.uk", ("police", "PC Dan Brown, gangs unit", None, "dan.brown@met.example.police.uk")),
     ("Leaving care: Kim Lee 07700 900999", ("social_care", "Kim Lee", "07700900999", None)),
     ("Hackney family hub kim@hub.example.org", ("other", "Hackney family hub", None, "kim@hub.example.org"))],
)
def test_agency_lines(line, row):
    [parsed] = parse_agency_lines(line)
    assert (parsed["agency"], parsed["name"], parsed["phone"], parsed["email"]) == row


def test_agency_lines_split_and_pass_the_form_checks(routing_table):
    rows = parse_agency_lines("Probation: Jo Smith 07700 900123\nYOT - Sam Patel 020 7946 0003; Housing: Ann 07700 900111")
    assert [r["agency"] for r in rows] == ["probation", "yot", "housing"]
    assert handover_problems(answers(agencies=rows), routing_table, TODAY) == {}
    assert parse_agency_lines("none") == [] and parse_agency_lines("skip") == []


@pytest.mark.parametrize("text", ["Probation: Jo Smith", "police; YOT 020 7946 0003"])
def test_agency_lines_need_a_way_to_reach_each(text):
    with pytest.raises(InvalidInput, match="phone number or an e-mail"):
        parse_agency_lines(text)


@pytest.mark.parametrize(
    ("text", "areas"),
    [("my client is moving from Hackney to Bexley urgently because of threats", ("hackney", "bexley")),
     ("relocating a young person from Erith to Penge", ("bexley", "bromley")),
     ("client relocating to Bromley", (None, "bromley")),
     ("emergency move from Hackney", ("hackney", None)),
     ("handover please", (None, None)),
     ("moving from Hackney to Hackney", ("hackney", None))],
)
def test_areas_named_in_an_opening_message(routing_table, analyser, text, areas):
    assert areas_in_opening(text, routing_table, analyser) == areas
