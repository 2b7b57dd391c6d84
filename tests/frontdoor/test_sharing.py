"""The partnership's information-sharing agreements (beside the routing table) and the basis-for-sharing checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from frontdoor.cli import main
from frontdoor.errors import ConfigurationError
from frontdoor.routing import RoutingTable
from frontdoor.sharing import agreements_from_mapping, check_basis, load_agreements


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
