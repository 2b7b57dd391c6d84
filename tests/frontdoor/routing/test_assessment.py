"""Routing a referral through assessment (frontdoor/assessment.py with frontdoor/routing/)."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.assessment import assess
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole, Urgency
from frontdoor.routing import RoutingTable
from tests.frontdoor.routing.facts import AMBER, GREEN, RED


def referral(description: str, **overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {"kind": Kind.CONCERN, "channel": Channel.WEB, "description": description}
    values.update(overrides)
    return ReferralDraft(**values)


HANDOVERS = {
    # (description, area, age) -> (urgency, owner, copies)
    "from-hackney-to-bexley": (("Family moving to Erith next month", "Bexley", 17),
                               (GREEN, "bexley-community-safety", ("hackney-community-safety",))),
    "urgent-into-kent": (("He needs to move urgently because of threats", "Margate", 16),
                         (RED, "thanet-community-safety", ("kent-front-door", "hackney-community-safety"))),
}


@pytest.mark.parametrize(("draft", "routed"), HANDOVERS.values(), ids=HANDOVERS.keys())
def test_handover_from_area_gets_a_copy(routing_table: RoutingTable, analyser, draft: tuple[str, str, int],
                                        routed: tuple[Urgency, str, tuple[str, ...]]) -> None:
    description, area, age = draft
    result = assess(referral(description, kind=Kind.HANDOVER, area=area, details={"from_area": "Hackney"},
                             people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=age)]),
                    routing_table, analyser)
    assert (result.triage.urgency, result.route.inbox, result.route.copies) == routed
    assert "Copy: London Borough of Hackney (origin)" in result.route.reasons


def test_handover_unknown_from_area_adds_nothing(routing_table: RoutingTable, analyser) -> None:
    draft = referral("Moving", kind=Kind.HANDOVER, area="Bexley", details={"from_area": "Atlantis"})
    assert assess(draft, routing_table, analyser).route.copies == ()


@pytest.mark.parametrize(("overrides", "area_id", "inbox"), [
    ({"area": "Bromley"}, "bromley", "bromley-community-safety"),
    ({"area": "Penge"}, "bromley", "bromley-community-safety"),
    ({"area": "somewhere", "place": "outside Erith station"}, "bexley", "bexley-community-safety"),
    ({"description": "there is dealing in Penge"}, "bromley", "bromley-community-safety"),
    ({"description": "a flat in Deal"}, "dover", "dover-community-safety"),
    ({"description": "a drug deal in town"}, None, "partnership-triage"),
    ({"area": "Mars"}, None, "partnership-triage"),
], ids=["area-id", "area-place", "place-field", "place-in-text", "Deal-in-text", "deal-word", "unknown"])
def test_assessment_finds_the_area(routing_table: RoutingTable, analyser, overrides: dict[str, Any],
                                   area_id: str | None, inbox: str) -> None:
    values = {"description": "concern about a young person", **overrides}
    result = assess(referral(**values), routing_table, analyser)
    assert (result.area.area.id if result.area else None) == area_id
    assert result.route.inbox == inbox


def test_self_referral_does_not_take_area_from_the_story(routing_table: RoutingTable, analyser) -> None:
    # A young person's account is not searched for places (only concerns, tips and health).
    draft = referral("they took me to Margate", kind=Kind.SELF_REFERRAL)
    assert assess(draft, routing_table, analyser).area is None


def test_teacher_red_child_in_assessment(routing_table: RoutingTable, analyser) -> None:
    draft = referral("He was stabbed outside the school", area="Erith",
                     reporter=ReporterDraft(role=ReporterRole.TEACHER),
                     people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)])
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is RED
    assert result.route.inbox == "met-se-gangs"
    assert result.route.copies == ("bexley-community-safety", "bexley-mash", "bexley-education")


def test_adult_cuckooing_in_assessment(routing_table: RoutingTable, analyser) -> None:
    draft = referral("His flat has been cuckooed", area="Chatham",
                     people=[PersonDraft(role=PersonRole.VULNERABLE_ADULT_AT_RISK, age=58)])
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is AMBER
    assert result.route.inbox == "medway-community-safety"
    assert result.route.copies == ("medway-adult-social-care",)
