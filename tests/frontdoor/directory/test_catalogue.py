"""The demo dataset, matching and storing (frontdoor/directory/catalogue.py)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from frontdoor.config import Settings
from frontdoor.directory import (
    NATIONAL,
    NEEDS,
    Directory,
    area_regions,
    region_id,
    store,
)
from frontdoor.errors import ConfigurationError, InvalidInput
from frontdoor.routing import RoutingTable
from tests.frontdoor.directory.records import SEEDS, document, load, service


# --- the demo dataset --------------------------------------------------------------------------------
@pytest.mark.parametrize("sid,number", [
    ("police-101", "101"), ("crimestoppers", "0800 555 111"), ("gangsline", "0800 032 9538"),
    ("childline", "0800 11 11"), ("police-999", "999"),
])
def test_real_national_numbers_are_exactly_as_the_sources_give_them(demo: Directory, sid: str,
                                                                      number: str) -> None:
    assert [p.number for p in demo.service(sid).phones] == [number]
    if SEEDS.exists() and number != "999":  # 999 comes from the design brief
        assert any(number in f.read_text("utf-8") for f in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("sid", ["st-giles-sos", "st-giles-sos-plus", "safer-london", "nspcc-helpline", "fearless"])
def test_services_without_a_number_in_the_sources_give_their_website_only(demo: Directory, sid: str) -> None:
    found = demo.service(sid)
    assert found.phones == () and found.url and found.url.startswith("https://")


def test_local_services_are_fictitious_and_use_drama_numbers(demo: Directory) -> None:
    local = [s for s in demo.services if NATIONAL not in s.areas and not s.id.startswith(("st-giles", "safer-london"))]
    assert {a for s in local for a in s.areas} >= {"bexley", "bromley", "hackney", "medway", "thanet", "kent"}
    for s in local:
        assert "Fictitious" in s.description and "(fictitious)" in s.name
        for phone in s.phones:
            assert re.fullmatch(r"020 7946 0\d{3}|01632 960\d{3}", phone.number), (s.id, phone.number)
        for address in (s.url, s.email):
            assert address is None or "example.org" in address


def test_region_ids_come_from_the_routing_table(table: RoutingTable) -> None:
    regions = area_regions(table)
    assert regions["hackney"] == "london" and regions["thanet"] == regions["medway"] == "kent_and_medway"
    assert region_id("Kent and Medway") == "kent_and_medway"


# --- matching ----------------------------------------------------------------------------------------
def ids(matches: Any) -> list[str]:
    return [m.service.id for m in matches]


def test_other_gender_answers_do_not_filter(demo: Directory) -> None:
    assert "kent-medway-cse" in ids(demo.match(14, "medway", {"sexual_exploitation"}, limit=10, gender="non-binary"))


def test_a_15_year_old_in_hackney_wanting_out_and_owing_money(demo: Directory) -> None:
    matches = demo.match(15, "hackney", {"exit_support", "debt_or_threats"}, limit=10)
    got = ids(matches)
    assert got[:2] == ["hackney-youth-service", "hackney-yot"]
    assert [m.reach for m in matches[:2]] == ["local", "local"]
    for specialist in ("st-giles-sos", "gangsline"):
        assert got.index(specialist) < got.index("childline")
    assert got.index("st-giles-sos") < got.index("gangsline")  # regional before national
    assert matches[0].needs == ("exit_support", "debt_or_threats")


@pytest.mark.parametrize("age,area,needs,present,absent", [
    (26, "hackney", {"exit_support"}, ["gangsline"],
     ["hackney-youth-service", "hackney-yot", "st-giles-sos", "safer-london", "childline"]),
    (25, "hackney", {"exit_support"}, ["st-giles-sos", "safer-london"], ["hackney-yot", "childline"]),
    (9, "bexley", {"violence"}, ["childline"], ["bexley-youth-service", "bexley-yot", "st-giles-sos"]),
    (15, "bromley", {"education_employment"}, ["bromley-youth-service", "st-giles-sos"], ["hackney-youth-service"]),
    (16, "thanet", {"exit_support"}, ["kent-youth-thanet", "kent-yot", "st-giles-sos"], ["safer-london"]),
    (16, "kent", {"exit_support"}, ["kent-yot"], ["kent-youth-thanet"]),
    (None, "hackney", {"family_support"}, ["hackney-family-hub", "safer-london"], ["bexley-yot"]),
    (30, None, {"reporting"}, ["crimestoppers", "police-101"], ["childline"]),
])
def test_matching_by_age_area_and_need(demo: Directory, age: int | None, area: str | None, needs: set[str],
                                       present: list[str], absent: list[str]) -> None:
    got = ids(demo.match(age, area, needs, limit=20))
    assert set(present) <= set(got), got
    assert not set(absent) & set(got), got


@pytest.mark.parametrize("area", ["atlantis", None, "croydon"])
def test_an_unknown_or_uncovered_area_falls_back_to_national_services(demo: Directory, area: str | None) -> None:
    matches = demo.match(15, area, {"exit_support"}, limit=10)
    assert matches and {m.reach for m in matches} <= {"national", "regional"}
    if area != "croydon":
        assert {m.reach for m in matches} == {"national"}
    assert "gangsline" in ids(matches)


def test_a_14_year_old_girl_in_medway_at_risk_of_sexual_exploitation(demo: Directory) -> None:
    matches = demo.match(14, "medway", {"sexual_exploitation"}, limit=10, gender="female")
    got = ids(matches)
    assert matches[0].reach == "local" and matches[0].service.id == "medway-exploitation-team"
    assert {"childline", "nspcc-helpline"} <= set(got)
    assert "kent-medway-cse" in got
    assert "kent-medway-cse" not in ids(demo.match(14, "medway", {"sexual_exploitation"}, limit=10,
                                                   gender="male"))


@pytest.mark.parametrize("age,area,needs", [
    (70, "bexley", {"education_employment"}),
    (40, "atlantis", {"mental_health"}),
    (30, None, {"education_employment"}),
])
def test_the_result_is_never_empty(demo: Directory, age: int, area: str | None, needs: set[str]) -> None:
    got = ids(demo.match(age, area, needs))
    assert got and "police-999" in got
    assert all(demo.service(s).safety_net for s in got)


def test_a_child_with_nothing_else_matching_gets_childline(demo: Directory) -> None:
    assert "childline" in ids(demo.match(8, "croydon", {"education_employment"}))


@pytest.mark.parametrize("limit", [1, 3, 5])
def test_limit_and_deterministic_order(demo: Directory, limit: int) -> None:
    first = demo.match(15, "hackney", {"exit_support", "violence"}, limit=limit)
    assert len(first) == limit
    assert ids(first) == ids(demo.match(15, "hackney", {"violence", "exit_support"}, limit=limit))


def test_no_needs_means_every_need(demo: Directory) -> None:
    assert ids(demo.match(15, "hackney", set(), limit=3)) == ["hackney-youth-service", "hackney-yot",
                                                              "hackney-family-hub"]


@pytest.mark.parametrize("kwargs,field", [
    ({"needs": {"haircuts"}}, "need"), ({"age": -1}, "age"), ({"limit": 0}, "limit"),
])
def test_bad_match_arguments(demo: Directory, kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"age": 15, "area_id": "hackney", "needs": {"exit_support"}} | kwargs
    with pytest.raises(InvalidInput) as caught:
        demo.match(**args)
    assert caught.value.field == field


def test_inactive_services_are_not_offered(table: RoutingTable) -> None:
    data = document(service("closed", status="temporarily closed"), service("open"))
    assert ids(load(data, table).match(15, "hackney", {"exit_support"})) == ["open"]


def test_every_need_is_offered_somewhere_in_london_and_kent(demo: Directory) -> None:
    for area in ("hackney", "medway"):
        for need in NEEDS:
            assert any(m.needs for m in demo.match(15, area, {need})), (area, need)


# --- storing and the core accessor -------------------------------------------------------------------
def test_an_imported_directory_replaces_the_demo(tmp_path: Path, table: RoutingTable, demo: Directory) -> None:
    settings = Settings(database_url="sqlite://", home=tmp_path)
    assert Directory.for_settings(settings, table) == demo
    mine = load(document(service("mine")), table)
    path = store(mine, settings)
    assert path == tmp_path / "directory.json"
    assert Directory.for_settings(settings, table) == mine


def test_a_broken_stored_directory_is_a_configuration_error(tmp_path: Path, table: RoutingTable) -> None:
    (tmp_path / "directory.json").write_text("{}", "utf-8")
    with pytest.raises(ConfigurationError, match=r"directory\.json"):
        Directory.for_settings(Settings(database_url="sqlite://", home=tmp_path), table)


def test_the_core_loads_the_directory_lazily(tmp_path: Path) -> None:
    from frontdoor.services import Core

    core = Core.from_settings(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", home=tmp_path))
    assert core.directory_cache is None
    assert core.directory is core.directory
    assert core.directory.service("childline").name == "Childline"


def test_loading_does_not_mutate_the_input(table: RoutingTable) -> None:
    data = document(service("s"))
    before = copy.deepcopy(data)
    load(data, table)
    assert data == before
