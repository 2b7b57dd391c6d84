"""The routing table's professional e-mail domains (``known_domains``): read, checked and matched."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from frontdoor.cli import main
from frontdoor.errors import ConfigurationError
from frontdoor.model import ReporterRole
from frontdoor.routing import KnownDomain, RoutingTable
from tests.frontdoor.routing.test_loading import table_with

SCHOOLS = {"organisation": "Area A schools", "area": "a", "role": "teacher"}


def with_domains(domains: Any) -> RoutingTable:
    return RoutingTable.from_mapping(table_with(lambda d: d.update(known_domains=domains)))


def test_known_domains_are_read() -> None:
    table = with_domains({"A-Schools.example.sch.uk": SCHOOLS, "police.example": {"organisation": "Police"}})
    assert table.known_domains == {
        "a-schools.example.sch.uk": KnownDomain("a-schools.example.sch.uk", "Area A schools", "a",
                                                ReporterRole.TEACHER),
        "police.example": KnownDomain("police.example", "Police")}


@pytest.mark.parametrize(("domain", "known"), [
    ("a-schools.example.sch.uk", "a-schools.example.sch.uk"),
    ("Staff.A-Schools.example.sch.uk", "a-schools.example.sch.uk"),
    ("deep.staff.a-schools.example.sch.uk", "a-schools.example.sch.uk"),
    ("x.police.example", "police.example"),
    ("not-a-schools.example.sch.uk", None),
    ("example.sch.uk", None),
    ("", None),
])
def test_a_domain_covers_its_subdomains_only(domain: str, known: str | None) -> None:
    table = with_domains({"a-schools.example.sch.uk": SCHOOLS, "police.example": {"organisation": "Police"}})
    match = table.known_domain(domain)
    assert (match.domain if match else None) == known


@pytest.mark.parametrize(("domains", "message"), [
    (["a.example"], "known_domains must be a mapping"),
    ({"a.example": {"area": "a"}}, "known domain 'a.example': needs an organisation"),
    ({"a.example": "Schools"}, "known domain 'a.example': needs an organisation"),
    ({"a.example": {**SCHOOLS, "area": "z"}}, "known domain 'a.example': unknown area 'z'"),
    ({"a.example": {**SCHOOLS, "role": "wizard"}}, "known domain 'a.example': unknown role 'wizard'"),
    ({"someone@a.example": SCHOOLS}, "not an e-mail domain"),
    ({"localhost": SCHOOLS}, "not an e-mail domain"),
])
def test_invalid_known_domains_are_refused(domains: Any, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        with_domains(domains)


def test_the_demo_table_knows_its_schools_and_routing_check_accepts_it() -> None:
    table = RoutingTable.load()
    assert all(d.area in table.areas for d in table.known_domains.values())
    assert table.known_domain("staff.bromley-schools.example.sch.uk") is not None
    result = CliRunner().invoke(main, ["routing", "check"])
    assert result.exit_code == 0, result.output
