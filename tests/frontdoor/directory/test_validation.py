"""Validation of directory records (frontdoor/directory/validation.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from frontdoor.directory import (
    Directory,
    InvalidDirectory,
    valid_phone,
)
from frontdoor.errors import InvalidInput
from frontdoor.routing import RoutingTable
from tests.frontdoor.directory.records import ORG_ID, document, load, safety_net, service, term

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
