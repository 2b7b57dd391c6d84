"""The hospital presentation's referral draft, its triage and routing (pure)."""

from __future__ import annotations

import pytest

from frontdoor.assessment import assess
from frontdoor.fields import Consent
from frontdoor.hospital import (
    THREATS_INDICATOR,
    Injury,
    parse_presentation,
)
from frontdoor.model import Channel, Kind, PersonRole, ReporterRole, Urgency
from frontdoor.sharing import ReportedConsent
from tests.frontdoor.hospital.sample import CONTINUING, RECENT_INJURY, VICTIM, answers


def test_the_draft_is_a_health_referral_from_a_health_worker(routing_table):
    draft = parse_presentation(answers(), routing_table).to_draft(routing_table, Channel.WEB)
    assert draft.kind is Kind.HEALTH and draft.channel is Channel.WEB and draft.when == "past"
    assert draft.area == "bexley" and draft.place == "Erith"
    assert draft.reporter is not None and draft.reporter.role is ReporterRole.HEALTH
    assert (draft.reporter.name, draft.reporter.organisation) == ("Sam Patel", "Queen Elizabeth Hospital, A&E")
    assert (draft.reporter.email, draft.reporter.phone) == ("sam.patel@nhs.example", "020 7946 0123")
    [patient] = draft.people
    assert patient.role is PersonRole.YOUNG_PERSON_AT_RISK and patient.age == 16
    assert patient.name == "Tyrone Example" and patient.home_area == "London Borough of Bexley"
    assert draft.indicators == ["serious_injury"]
    assert draft.details == {
        "injury": "Stab wound", "police_aware": "Yes", "patient_consent": "Patient agreed",
        "continuing_threats": "No", "discharge_concerns": "Going back to the same estate; his mum is worried.",
    }
    assert all(isinstance(value, str) for value in draft.details.values())
    assert draft.description.startswith("Hospital presentation: a patient aged 16 treated for a stab wound.")
    assert draft.consent_to_contact is True and draft.immediate_danger is False


@pytest.mark.parametrize(("age", "role"), [
    (None, PersonRole.YOUNG_PERSON_AT_RISK),
    (0, PersonRole.YOUNG_PERSON_AT_RISK),
    (17, PersonRole.YOUNG_PERSON_AT_RISK),
    (18, PersonRole.VULNERABLE_ADULT_AT_RISK),
    (64, PersonRole.VULNERABLE_ADULT_AT_RISK),
])
@pytest.mark.parametrize("injury", list(Injury))
def test_the_patient_is_always_at_risk_never_a_suspect(routing_table, age, role, injury):
    draft = parse_presentation(answers(age=age, injury=injury.value) if age is not None
                               else answers(age=None, injury=injury.value), routing_table).to_draft(routing_table)
    assert [p.role for p in draft.people] == [role]
    assert all(p.role is not PersonRole.ALLEGED_EXPLOITER for p in draft.people)
    assert draft.subject is draft.people[0]


def test_continuing_threats_and_threat_words_go_in_the_draft(routing_table):
    draft = parse_presentation(answers(continuing_threats=True, threats_detail="They said they'd finish the job."),
                               routing_table).to_draft(routing_table)
    assert draft.indicators == ["serious_injury", THREATS_INDICATOR]
    assert draft.details["continuing_threats"] == "Yes"
    assert "They said they'd finish the job." in draft.description
    assert draft.immediate_danger is None


# --- triage and routing ------------------------------------------------------------------------------
CHILD_WOUND = "A child with a stab or gunshot wound"
TRIAGE = [
    # (changes, urgency, reasons that must be given, reasons that must not)
    # Any stab or gunshot wound to a child is red (DESIGN §4); an adult's injury is amber.
    ({}, Urgency.RED, (CHILD_WOUND,), (RECENT_INJURY, CONTINUING)),
    ({"injury": "gunshot"}, Urgency.RED, (CHILD_WOUND,), (RECENT_INJURY,)),
    ({"injury": "other_assault", "age": "30"}, Urgency.AMBER, (VICTIM,), ()),
    ({"continuing_threats": True}, Urgency.RED, (CONTINUING,), ()),
    ({"continuing_threats": True, "age": "40", "injury": "other_assault"}, Urgency.RED, (CONTINUING,), ()),
    ({"continuing_threats": None}, Urgency.RED, (CHILD_WOUND,), ()),
    ({"continuing_threats": None, "age": "24"}, Urgency.AMBER, (VICTIM,), ()),
    # The health worker's own words can raise the urgency, never lower it.
    ({"continuing_threats": None, "discharge_concerns": "They said they will finish the job"}, Urgency.RED,
     (CONTINUING,), ()),
    ({"discharge_concerns": "they said they are going to kill him"}, Urgency.RED,
     ("Threat to life or of serious harm",), ()),
    # "Stabbed this morning" is the injury, not danger now, when there are no continuing threats.
    ({"discharge_concerns": "He was stabbed this morning near his home.", "age": "20"}, Urgency.AMBER, (VICTIM,),
     ("The description says someone may be in danger now",
      "The description says someone may be in danger now, although the reporter answered No to the danger "
      "question")),
]
@pytest.mark.parametrize("changes, urgency, given, absent", TRIAGE, ids=[str(i) for i in range(len(TRIAGE))])
def test_triage(routing_table, analyser, changes, urgency, given, absent):
    draft = parse_presentation(answers(**changes), routing_table).to_draft(routing_table)
    result = assess(draft, routing_table, analyser).triage
    assert result.urgency is urgency, result.reasons
    for reason in given:
        assert reason in result.reasons
    for reason in absent:
        assert reason not in result.reasons


@pytest.mark.parametrize(("area", "inbox", "copies"), [
    ("bexley", "bexley-community-safety", ("met-se-gangs", "bexley-mash")),
    ("bromley", "bromley-community-safety", ("met-s-gangs", "bromley-mash")),
    ("hackney", "hackney-community-safety", ("met-ce-gangs", "hackney-mash")),
    (None, "partnership-triage", ()),
])
def test_routed_to_the_area_community_safety_spoc_with_the_police_gangs_copy(routing_table, analyser, area,
                                                                              inbox, copies):
    draft = parse_presentation(answers(area=area, place=None), routing_table).to_draft(routing_table)
    route = assess(draft, routing_table, analyser).route
    assert route.inbox == inbox
    assert route.copies[:len(copies)] == copies


def test_an_adult_patient_has_no_childrens_social_care_copy(routing_table, analyser):
    draft = parse_presentation(answers(age="25"), routing_table).to_draft(routing_table)
    assert assess(draft, routing_table, analyser).route.copies == ("met-se-gangs",)


@pytest.mark.parametrize(("changes", "without"), [({"age": "16"}, "safeguarding_child"),
                                                  ({"age": "18"}, "public_interest"),
                                                  ({"age": None}, "public_interest")])
def test_the_basis_for_sharing_without_the_patients_agreement(routing_table, changes, without):
    reason = "Threats continue and he is going home to the same estate"
    presentation = parse_presentation(answers(consent="not_consented", consent_reason=reason, **changes),
                                      routing_table)
    assert presentation.reported_consent == ReportedConsent(Consent.NOT_CONSENTED, reason, without, "health")
