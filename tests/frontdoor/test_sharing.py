"""The partnership's information-sharing agreements (beside the routing table) and the basis-for-sharing checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from frontdoor.cli import main
from frontdoor.errors import ConfigurationError, InvalidInput
from frontdoor.fields import Consent
from frontdoor.routing import RoutingTable
from frontdoor.sharing import (
    ANSWERED,
    CONSENT,
    Agreement,
    Basis,
    ReportedConsent,
    agreement_for,
    agreements_from_mapping,
    check_basis,
    load_agreements,
    reported_basis,
)


def test_the_demo_table_has_agreements_signed_by_its_agencies(routing_table: RoutingTable) -> None:
    agreements = load_agreements(None, routing_table.agencies)
    assert set(agreements) == {"partnership-isa", "hospital-isa"}
    assert set(agreements["hospital-isa"].agencies) <= set(routing_table.agencies)


@pytest.mark.parametrize(("raw", "problem"), [
    ([], "must map"),
    ({"x": {"agencies": ["health"]}}, "needs a name"),
    ({"x": {"name": "X", "agencies": []}}, "list the agencies"),
    ({"x": {"name": "X", "agencies": ["the_vatican"]}}, "unknown agency 'the_vatican'"),
])
def test_a_bad_agreement_is_named(routing_table: RoutingTable, raw: object, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        agreements_from_mapping({"sharing_agreements": raw}, routing_table.agencies)


def test_routing_check_validates_the_agreements(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "frontdoor" / "data" / "routing.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    assert "sharing agreements: 2" in CliRunner().invoke(main, ["routing", "check", str(source)]).output
    data["sharing_agreements"]["broken"] = {"name": "Broken", "agencies": ["nobody"]}
    path = tmp_path / "routing.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    result = CliRunner().invoke(main, ["routing", "check", str(path)])
    assert result.exit_code != 0 and "unknown agency 'nobody'" in result.output


def test_consent_given_is_a_basis_of_its_own() -> None:
    basis = check_basis("given", "consent", " ", None, {})
    assert (basis.consent, basis.basis, basis.reason, basis.agreement) == ("given", "consent", None, None)


# --- the basis a form's consent answer records at once ----------------------------------------------
AGREEMENTS = {
    "wide": Agreement("wide", "Everyone", ("health", "police_gangs", "community_safety", "education")),
    "hospital": Agreement("hospital", "Hospital", ("health", "police_gangs", "community_safety")),
    "schools": Agreement("schools", "Schools", ("education", "community_safety")),
    "youth": Agreement("youth", "Youth", ("youth_services", "community_safety")),
}


@pytest.mark.parametrize(("agencies", "chosen"), [
    ({"health", "community_safety"}, "hospital"),  # the narrowest of the two that cover it
    ({"health", "community_safety", "education"}, "wide"),
    ({"health", "adult_social_care"}, None),  # nobody signed with adult social care
    ({"community_safety"}, None),  # "schools" and "youth" are equally narrow: no guess
])
def test_the_agreement_is_the_narrowest_every_agency_signed(agencies: set[str], chosen: str | None) -> None:
    assert agreement_for(AGREEMENTS, agencies) == chosen


@pytest.mark.parametrize(("answer", "reason", "recorded"), [
    (Consent.CONSENTED, "ignored", Basis("given", "consent", None, "hospital")),
    (Consent.NOT_CONSENTED, "  Risk of serious   harm ", Basis("refused", "public_interest", "Risk of serious harm",
                                                               "hospital")),
    (Consent.NOT_ASKED, "Too unwell to ask", Basis("not_asked", "public_interest", "Too unwell to ask", "hospital")),
    (Consent.NOT_CONSENTED, None, None),
    (Consent.NOT_ASKED, " ", None),
])
def test_the_consent_answer_gives_the_basis_when_it_maps_cleanly(answer: Consent, reason: str | None,
                                                                 recorded: Basis | None) -> None:
    reported = ReportedConsent(answer, reason, "public_interest", "health")
    assert reported_basis(reported, {"community_safety", "police_gangs"}, AGREEMENTS) == recorded


def test_without_a_sharing_agency_no_agreement_is_chosen() -> None:
    reported = ReportedConsent(Consent.CONSENTED, None, "safeguarding_adult")
    assert reported_basis(reported, {"community_safety"}, AGREEMENTS) == Basis("given", "consent", None, None)


def test_consent_is_no_basis_without_consent() -> None:
    with pytest.raises(InvalidInput) as caught:
        reported_basis(ReportedConsent(Consent.NOT_CONSENTED, "why", "consent"), set(), AGREEMENTS)
    assert caught.value.field == "basis"


def test_every_answer_records_a_consent_the_spoc_can_choose() -> None:
    assert set(ANSWERED) == set(Consent) and set(ANSWERED.values()) == set(CONSENT)
