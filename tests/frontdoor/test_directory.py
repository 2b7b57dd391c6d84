"""The services directory: ORUK loading and validation, round trip, matching, the demo dataset."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from frontdoor.config import Settings
from frontdoor.directory import (
    NATIONAL,
    NEEDS,
    Directory,
    Eligibility,
    InvalidDirectory,
    RegularSchedule,
    Schedule,
    area_regions,
    region_id,
    store,
    valid_phone,
)
from frontdoor.errors import ConfigurationError, InvalidInput
from frontdoor.routing import RoutingTable

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "frontdoor" / "data" / "directory.json"
SEEDS = ROOT.parent / "shared" / "seeds"
ORUK = ROOT.parent / "shared" / "oruk" / "service.schema.verbose.json"
ORG_ID = "0b6d2a1e-5c4f-4d7e-9a3b-2f1e0c9d8b7a"


@pytest.fixture(scope="module")
def table() -> RoutingTable:
    return RoutingTable.load(None)


@pytest.fixture(scope="module")
def demo(table: RoutingTable) -> Directory:
    return Directory.load(None, table)


def term(need: str) -> dict[str, Any]:
    return {"id": f"t-{need}", "taxonomy": {"id": need, "name": need, "vocabulary": "frontdoor-needs"}}


def service(sid: str, **fields: Any) -> dict[str, Any]:
    """A valid ORUK service record, with ``fields`` replacing its defaults."""
    base: dict[str, Any] = {
        "id": sid,
        "name": f"Service {sid}",
        "description": "Fictitious.",
        "phones": [{"id": f"{sid}-p", "number": "020 7946 0999"}],
        "eligibilities": [{"id": f"{sid}-e", "minimum_age": 11, "maximum_age": 19}],
        "service_areas": [{"id": f"{sid}-a", "service_area": "hackney"}],
        "service_taxonomies": [term("exit_support")],
    }
    base.update(fields)
    return base


def safety_net() -> dict[str, Any]:
    return service("net", phones=[{"number": "999"}], eligibilities=[],
                   service_areas=[{"service_area": "national"}], service_taxonomies=[term("safety_net")])


def document(*services: dict[str, Any]) -> dict[str, Any]:
    return {"organizations": [{"id": ORG_ID, "name": "Fictitious Trust", "description": "Made up.",
                               "services": [safety_net(), *services]}]}


def load(data: Any, table: RoutingTable) -> Directory:
    return Directory.from_json(json.dumps(data), table)


# --- validation -------------------------------------------------------------------------------------
BAD_RECORDS: list[tuple[str, Callable[[], dict[str, Any]], str]] = [
    ("ages reversed", lambda: document(service("ok"), service("x"), service(
        "st-giles-sos", eligibilities=[{"minimum_age": 14, "maximum_age": 10}])),
     "service 'st-giles-sos' (record 4): maximum_age 10 is below minimum_age 14"),
    ("age not a number", lambda: document(service("s", eligibilities=[{"minimum_age": "teen", "maximum_age": 18}])),
     "service 's' (record 2): minimum_age 'teen' must be a whole number of years"),
    ("unknown area", lambda: document(service("s", service_areas=[{"service_area": "atlantis"}])),
     "service 's' (record 2): unknown area 'atlantis'"),
    ("no area", lambda: document(service("s", service_areas=[])),
     "service 's' (record 2): needs at least one service_area"),
    ("unknown need", lambda: document(service("s", service_taxonomies=[term("haircuts")])),
     "service 's' (record 2): unknown need 'haircuts'"),
    ("no need", lambda: document(service("s", service_taxonomies=[])),
     "service 's' (record 2): needs at least one need taxonomy term"),
    ("duplicate id", lambda: document(service("s"), service("s")),
     "service 's' (record 3): duplicate id"),
    ("no way to contact", lambda: document(service("s", phones=[])),
     "service 's' (record 2): needs a phone, url or email"),
    ("bad phone", lambda: document(service("s", phones=[{"number": "call us"}])),
     "service 's' (record 2): phone 'call us' is not a UK phone number"),
    ("short phone", lambda: document(service("s", phones=[{"number": "12345"}])),
     "service 's' (record 2): phone '12345' is not a UK phone number"),
    ("bad email", lambda: document(service("s", email="nobody")),
     "service 's' (record 2): email 'nobody' is not an e-mail address"),
    ("bad url", lambda: document(service("s", url="www.example.org")),
     "service 's' (record 2): url 'www.example.org' must start with http:// or https://"),
    ("bad status", lambda: document(service("s", status="open")),
     "service 's' (record 2): status 'open' is not one of"),
    ("bad weekday", lambda: document(service("s", regular_schedules=[{"weekday": 8, "opens_at": "09:00"}])),
     "service 's' (record 2): regular_schedule weekday 8 must be 1 (Monday) to 7 (Sunday)"),
    ("bad time", lambda: document(service("s", regular_schedules=[{"weekday": 1, "opens_at": "9am"}])),
     "service 's' (record 2): regular_schedule opens_at '9am' must be HH:MM"),
    ("closes before opening", lambda: document(service("s", regular_schedules=[
        {"weekday": 1, "opens_at": "17:00", "closes_at": "09:00"}])),
     "service 's' (record 2): regular_schedule closes_at 09:00 is not after opens_at 17:00"),
    ("bad language", lambda: document(service("s", languages=[{"language": "English"}])),
     "service 's' (record 2): language 'English' is not an ISO 639 code"),
    ("no id", lambda: document(service("")),
     "service (record 2): needs an id"),
    ("no name", lambda: document(service("s", name=" ")),
     "service 's' (record 2): needs a name"),
    ("unknown organization", lambda: {"organizations": [], "services": [
        safety_net() | {"organization_id": ORG_ID}]},
     "service 'net' (record 1): unknown organization_id"),
    ("organisation without a name", lambda: {"organizations": [
        {"id": ORG_ID, "description": "x", "services": [safety_net()]}]},
     f"organization '{ORG_ID}' (record 1): needs a name"),
    ("no safety net", lambda: {"organizations": [{"id": ORG_ID, "name": "T", "description": "",
                                                  "services": [service("s")]}]},
     "the directory needs at least one active national service marked 'safety_net'"),
    ("not an object", lambda: {"services": "none"}, "'services' must be a list"),
]


@pytest.mark.parametrize("build,expected", [(b, e) for _, b, e in BAD_RECORDS],
                         ids=[name for name, _, _ in BAD_RECORDS])
def test_a_bad_record_is_named_in_a_clear_error(table: RoutingTable, build: Callable[[], Any],
                                                expected: str) -> None:
    with pytest.raises(InvalidDirectory) as caught:
        load(build(), table)
    assert any(problem.startswith(expected) for problem in caught.value.problems), caught.value.problems
    assert isinstance(caught.value, InvalidInput)


def test_every_problem_is_listed_not_just_the_first(table: RoutingTable) -> None:
    data = document(service("a", phones=[{"number": "nope"}]), service("b", service_areas=[{"service_area": "x"}]),
                    service("a"))
    with pytest.raises(InvalidDirectory) as caught:
        load(data, table)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "service 'a' (record 2)", "service 'b' (record 3)", "service 'a' (record 4)"]


def test_not_json_is_a_clear_error(table: RoutingTable) -> None:
    with pytest.raises(InvalidDirectory, match="not valid JSON"):
        Directory.from_json("{nope", table)


@pytest.mark.parametrize("number,ok", [
    ("999", True), ("101", True), ("0800 11 11", True), ("0800 555 111", True), ("0800 032 9538", True),
    ("020 7946 0000", True), ("01632 960123", True), ("+44 20 7946 0000", True), ("116 123", True),
    ("12345", False), ("call us", False), ("020 7946 0xx", False), ("", False), ("0800", False),
])
def test_phone_numbers(number: str, ok: bool) -> None:
    assert valid_phone(number) is ok


# --- shapes and round trip -------------------------------------------------------------------------
def test_the_three_oruk_shapes_give_the_same_directory(table: RoutingTable) -> None:
    org = {"id": ORG_ID, "name": "Fictitious Trust", "description": "Made up."}
    nested = load(document(service("s")), table)
    flat_with_ids = load({"organizations": [org], "services": [
        safety_net() | {"organization_id": ORG_ID}, service("s", organization_id=ORG_ID)]}, table)
    services_with_org = load({"services": [safety_net() | {"organization": org},
                                           service("s", organization=org)]}, table)
    assert nested == flat_with_ids == services_with_org


def test_the_oruk_table_shape_gives_the_same_directory(table: RoutingTable) -> None:
    org = {"id": ORG_ID, "name": "Fictitious Trust", "description": "Made up."}
    nested = load(document(service("s", languages=[{"language": "en"}],
                                    regular_schedules=[{"weekday": 2, "opens_at": "10:00", "closes_at": "12:00"}])),
                  table)
    tables = {
        "organization": [org],
        "service": [{"id": "net", "organization_id": ORG_ID, "name": "Service net", "description": "Fictitious."},
                    {"id": "s", "organization_id": ORG_ID, "name": "Service s", "description": "Fictitious."}],
        "phone": [{"id": "p1", "service_id": "net", "number": "999"},
                  {"id": "p2", "service_id": "s", "number": "020 7946 0999"}],
        "service_area": [{"id": "a1", "service_id": "net", "service_area": "national"},
                         {"id": "a2", "service_id": "s", "service_area": "hackney"}],
        "eligibility": [{"id": "e", "service_id": "s", "minimum_age": 11, "maximum_age": 19}],
        "language": [{"id": "l", "service_id": "s", "language": "en"}],
        "regular_schedule": [{"id": "r", "service_id": "s", "weekday": 2, "opens_at": "10:00", "closes_at": "12:00"}],
        "service_taxonomy": [{"id": "t1", "service_id": "net", "taxonomy_id": "safety_net"},
                             {"id": "t2", "service_id": "s", "taxonomy_id": "exit_support"}],
        "taxonomy": [{"id": "exit_support", "name": "Exit", "vocabulary": "frontdoor-needs"},
                     {"id": "safety_net", "name": "Safety net", "vocabulary": "frontdoor-needs"}],
    }
    assert load(tables, table) == nested
    tables["service_taxonomy"].append({"id": "t3", "service_id": "s", "taxonomy_id": "knitting"})
    with pytest.raises(InvalidDirectory, match="service 's' \\(record 2\\): unknown need 'knitting'"):
        load(tables, table)


def test_other_gender_answers_do_not_filter(demo: Directory) -> None:
    assert "kent-medway-cse" in ids(demo.match(14, "medway", {"sexual_exploitation"}, limit=10, gender="non-binary"))


def test_contacts_phones_area_names_and_other_vocabularies_are_read(table: RoutingTable) -> None:
    data = document(service(
        "s", phones=None, contacts=[{"id": "c", "phones": [{"id": "p", "number": "01632 960999"}]}],
        service_areas=[{"service_area": "London Borough of Hackney"}, {"service_area": "Kent and Medway"}],
        service_taxonomies=[term("violence"), {"id": "x", "taxonomy": {"id": "LGA-1", "name": "Youth",
                                                                       "vocabulary": "esdServiceTypes"}}]))
    loaded = load(data, table).service("s")
    assert loaded.phones[0].number == "01632 960999"
    assert loaded.areas == ("hackney", "kent_and_medway")
    assert loaded.needs == ("violence",)


def test_export_round_trip_is_stable(table: RoutingTable) -> None:
    data = document(service("s", email="s@example.org", url="https://example.org", status="active",
                             application_process="Phone or online form.",
                             eligibility_description="Care leavers up to 25.",
                             eligibilities=[{"eligibility": "female", "minimum_age": 12, "maximum_age": 20}],
                             languages=[{"language": "en"}, {"language": "tr"}],
                             regular_schedules=[{"weekday": 1, "opens_at": "09:00", "closes_at": "17:00",
                                                 "description": "Mondays 9 to 5"}]))
    first = load(data, table)
    text = first.to_json()
    second = Directory.from_json(text, table)
    assert second == first
    assert second.to_json() == text
    s = second.service("s")
    assert s.eligibility == Eligibility(12, 20, "female", "Care leavers up to 25.")
    assert s.languages == ("en", "tr") and s.how_to_refer == "Phone or online form."
    assert s.schedule.hours == "Mondays 9 to 5"


def test_the_demo_file_is_its_own_export(demo: Directory) -> None:
    assert demo.to_json() == DEMO.read_text("utf-8")


def test_the_export_is_valid_against_the_official_oruk_schema(demo: Directory) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not ORUK.exists():
        pytest.skip("the ORUK schemas are not checked out next to the repository")
    validator = jsonschema.Draft7Validator(json.loads(ORUK.read_text("utf-8")))
    problems = [f"{s['id']}: {e.message}" for s in demo.to_mapping()["services"] for e in validator.iter_errors(s)]
    assert problems == []


@pytest.mark.parametrize("entries,hours", [
    ((), None),
    (tuple(RegularSchedule(d, "09:00", "17:00") for d in range(1, 6)), "Mon-Fri 09:00-17:00"),
    ((RegularSchedule(1, "09:00", "17:00"), RegularSchedule(3, "09:00", "17:00"), RegularSchedule(6, "10:00", "14:00")),
     "Mon 09:00-17:00, Wed 09:00-17:00, Sat 10:00-14:00"),
    ((RegularSchedule(1, "00:00", "23:59", "24 hours"), RegularSchedule(2, "00:00", "23:59", "24 hours")), "24 hours"),
])
def test_hours_are_human_readable(entries: tuple[RegularSchedule, ...], hours: str | None) -> None:
    assert Schedule(entries).hours == hours


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
