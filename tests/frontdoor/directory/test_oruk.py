"""The ORUK shapes read and written, and the round trip (frontdoor/directory/oruk.py)."""

from __future__ import annotations

import json

import pytest

from frontdoor.directory import (
    Directory,
    Eligibility,
    InvalidDirectory,
    RegularSchedule,
    Schedule,
)
from frontdoor.routing import RoutingTable
from tests.frontdoor.directory.records import DEMO, ORG_ID, ORUK, document, load, safety_net, service, term


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
