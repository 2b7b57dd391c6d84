"""The handover field model: validation, the draft it builds, its triage and routing (pure)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from frontdoor.assessment import assess
from frontdoor.errors import InvalidInput
from frontdoor.handover import (
    FIELDS,
    URGENT_INDICATOR,
    Consent,
    Move,
    handover_problems,
    parse_handover,
)
from frontdoor.model import Channel, Kind, PersonRole, ReporterRole, Urgency

TODAY = date(2026, 3, 2)


def answers(**changes):
    """A complete, valid handover from Hackney to Bexley, with ``changes`` applied (None removes a key)."""
    base = {
        "person_name": "Jay Example",
        "date_of_birth": "2002-06-15",
        "gender": "Male",
        "person_role": "vulnerable_adult_at_risk",
        "consent": "consented",
        "from_area": "hackney",
        "to_area": "bexley",
        "move": "planned",
        "move_reason": "Wants to leave the gang lifestyle and make a fresh start; housing found by leaving care.",
        "move_date": "2026-04-01",
        "agencies": [
            {"agency": "probation", "name": "A. Officer", "phone": "020 7946 0101",
             "email": "officer@probation.example"},
            {"agency": "voluntary", "name": "St Giles Trust caseworker", "phone": "020 7946 0102", "email": ""},
            {"agency": "", "name": "", "phone": "", "email": ""},
        ],
        "court_orders": "Gang injunction for two years: not to enter Hackney; not to associate with 20 named people.",
        "positive_requirements": "Attend meetings with the gangs worker; keep a job-seekers application.",
        "risks_to_person": "Home address attacked with a firearm in 2025.",
        "risks_from_person": "History of violence against rival group members.",
        "aspirations": "Plumbing apprenticeship.",
        "referrer_name": "Pat Referrer",
        "referrer_role": "probation",
        "referrer_agency": "National Probation Service, Hackney",
        "referrer_email": "pat@probation.example",
        "referrer_phone": "020 7946 0100",
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


#: A planned move with no risks or orders that show threats.
QUIET = answers(court_orders=None, risks_to_person=None, risks_from_person=None)



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


def test_the_draft_is_a_handover_to_the_destination_with_roles_kept_apart(routing_table):
    draft = parse_handover(answers(person_role="alleged_exploiter"), routing_table, TODAY).to_draft(routing_table)
    assert draft.kind is Kind.HANDOVER and draft.channel is Channel.STAFF
    assert draft.area == "bexley" and draft.details["from_area"] == "hackney"
    assert [p.role for p in draft.people] == [PersonRole.ALLEGED_EXPLOITER]
    assert draft.subject is None  # a person of concern is never counted as at risk
    assert draft.reporter.role is ReporterRole.PROBATION
    assert draft.reporter.organisation == "National Probation Service, Hackney"
    assert json.loads(draft.details["agencies"])[0]["name"] == "A. Officer"
    assert draft.details["risks_to_person"].startswith("Home address")
    assert draft.details["risks_from_person"].startswith("History of violence")
    # Risk history stays out of the text triage reads.
    assert "firearm" not in draft.description and "Hackney" in draft.description


def test_urgent_because_of_threats_is_red_with_a_reason(routing_table, analyser):
    handover = parse_handover(answers(move="urgent", urgent_because="threats_or_violence", move_date=None,
                                      move_reason="Address known to a rival group; needs to move today."),
                              routing_table, TODAY)
    draft = handover.to_draft(routing_table)
    assert draft.indicators == [URGENT_INDICATOR]
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is Urgency.RED
    assert "Urgent relocation because of threats or violence" in result.triage.reasons


def test_urgent_for_another_reason_is_not_red(routing_table, analyser):
    draft = parse_handover(answers(move="urgent", urgent_because="other", move_date=None, court_orders=None,
                                   risks_to_person=None, risks_from_person=None,
                                   move_reason="Tenancy ended early; new flat available now."),
                           routing_table, TODAY).to_draft(routing_table)
    assert draft.indicators == []
    assert assess(draft, routing_table, analyser).triage.urgency is not Urgency.RED


def test_a_planned_move_without_threats_is_green_and_says_why(routing_table, analyser):
    draft = parse_handover(QUIET, routing_table, TODAY).to_draft(routing_table)
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is Urgency.GREEN
    assert "Relocation handover without threats" in result.triage.reasons


def test_a_planned_move_whose_reason_mentions_threats_is_red(routing_table, analyser):
    draft = parse_handover(dict(QUIET, move_reason="He has been threatened by former associates and wants a fresh "
                                "start."), routing_table, TODAY).to_draft(routing_table)
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is Urgency.RED
    assert any(r.startswith("A handover whose risks or orders show threats") for r in result.triage.reasons)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"court_orders": "Gang injunction for two years: not to enter Hackney."},
     "A handover of someone under a gang injunction"),
    ({"risks_to_person": "Osman warning issued last month; there is a price on his head."},
     "Threat to life or of serious harm"),
    ({"risks_to_person": "Home address attacked with a firearm in 2025."},
     "A handover whose risks show violence against the person: victim of gang violence"),
])
def test_a_planned_move_is_triaged_on_its_risks_and_orders_too(routing_table, analyser, changes, reason):
    draft = parse_handover(dict(QUIET, **changes), routing_table, TODAY).to_draft(routing_table)
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is Urgency.RED
    assert reason in result.triage.reasons


def test_hackney_to_bexley_is_owned_by_bexley_with_a_copy_to_hackney(routing_table, analyser):
    draft = parse_handover(answers(), routing_table, TODAY).to_draft(routing_table)
    route = assess(draft, routing_table, analyser).route
    assert route.inbox == "bexley-community-safety"
    assert route.copies == ("hackney-community-safety",)
    assert route.area == "bexley"
    assert any("Relocation handover" in reason for reason in route.reasons)
    assert any("origin" in reason for reason in route.reasons)


def test_an_urgent_handover_of_a_young_person_also_reaches_the_destination_mash(routing_table, analyser):
    draft = parse_handover(answers(move="urgent", urgent_because="threats_or_violence", date_of_birth=None,
                                   age="16", person_role="young_person_at_risk"),
                           routing_table, TODAY).to_draft(routing_table)
    route = assess(draft, routing_table, analyser).route
    assert route.inbox == "bexley-community-safety"
    assert "hackney-community-safety" in route.copies and "bexley-mash" in route.copies


# --- answers typed into a chat --------------------------------------------------------
from frontdoor.handover import (  # noqa: E402  (grouped with the tests that use them)
    UrgentBecause,
    areas_in_opening,
    parse_agency_lines,
    parse_birth_or_age,
    parse_consent,
    parse_move,
    parse_person_role,
    parse_urgent_because,
)


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
     ("not known", (None, None))],
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
