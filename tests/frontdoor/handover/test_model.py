"""The handover's referral draft, its triage and routing (pure)."""

from __future__ import annotations

import json

import pytest

from frontdoor.assessment import assess
from frontdoor.fields import Consent
from frontdoor.handover import (
    URGENT_INDICATOR,
    parse_handover,
)
from frontdoor.model import Channel, Kind, PersonRole, ReporterRole, Urgency
from frontdoor.sharing import ReportedConsent
from tests.frontdoor.handover.sample import QUIET, TODAY, answers


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


@pytest.mark.parametrize(("role", "without"), [("young_person_at_risk", "safeguarding_child"),
                                               ("vulnerable_adult_at_risk", "safeguarding_adult"),
                                               ("alleged_exploiter", "public_interest")])
def test_the_basis_for_sharing_without_consent_follows_the_persons_role(routing_table, role, without):
    changes = {"date_of_birth": "2010-06-15"} if role == "young_person_at_risk" else {}
    handover = parse_handover(answers(person_role=role, consent="not_asked", consent_reason="Moved overnight",
                                      **changes), routing_table, TODAY)
    assert handover.reported_consent == ReportedConsent(Consent.NOT_ASKED, "Moved overnight", without)
    consented = parse_handover(answers(person_role=role, **changes), routing_table, TODAY)
    assert consented.reported_consent.answer is Consent.CONSENTED
