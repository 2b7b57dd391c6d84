"""Validation of a routing table's data (frontdoor/routing/loading.py)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from frontdoor.errors import ConfigurationError
from frontdoor.model import Kind
from frontdoor.routing import RoutingTable
from tests.frontdoor.routing.facts import RED, route_facts

# --- validation ------------------------------------------------------------------------------------------
MINIMAL: dict[str, Any] = {
    "partnership_inbox": "triage",
    "out_of_hours": "duty",
    "agencies": {"community_safety": "Community safety", "police_gangs": "Police"},
    "inboxes": {
        "triage": {"name": "Triage", "agency": "community_safety", "hours": "Mon-Fri 08:00-18:00"},
        "duty": {"name": "Duty team", "agency": "community_safety", "hours": "24/7", "email": "duty@x.example",
                 "phone": "020 7946 0999"},
        "a-cs": {"name": "A community safety", "agency": "community_safety", "hours": "Mon-Fri 09:00-17:00"},
        "a-police": {"name": "A police", "agency": "police_gangs", "hours": "24/7", "email": "police@x.example",
                     "phone": "020 7946 0998"},
        "b-cs": {"name": "B community safety", "agency": "community_safety"},
    },
    "areas": {
        "a": {"name": "Area A", "places": ["Alpha", "=Hope"], "out_of_hours": "a-police",
              "agencies": {"community_safety": "a-cs", "police_gangs": "a-police"}},
        "b": {"name": "Area B", "places": ["Beta"], "out_of_hours": "duty",
              "agencies": {"community_safety": "b-cs"}},
    },
    "rules": [
        {"name": "Red", "when": {"urgency": ["red"]}, "primary": "police_gangs", "copies": ["community_safety"]},
        {"name": "Default", "primary": "community_safety"},
    ],
    "copies": [{"name": "Tips", "when": {"kind": "tip"}, "copies": ["police_gangs"]}],
}


def table_with(change) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    change(data)
    return data


def test_minimal_table_is_valid() -> None:
    table = RoutingTable.from_mapping(copy.deepcopy(MINIMAL), "test")
    assert table.route(route_facts(area_id="a", urgency=RED)).inbox == "a-police"
    assert table.route(route_facts(area_id="a", kind=Kind.TIP)).copies == ("a-police",)
    # An area without the agency falls back to its community safety inbox, never a copy of the owner.
    assert table.route(route_facts(area_id="b", urgency=RED)).inbox == "b-cs"
    assert table.route(route_facts(area_id="b", urgency=RED)).copies == ()


INVALID = {
    "not-a-mapping": (lambda d: d.clear(), "'agencies' must include community_safety"),
    "no-community-safety-agency": (lambda d: d["agencies"].pop("community_safety"),
                                   "'agencies' must include community_safety"),
    "inbox-without-name": (lambda d: d["inboxes"]["a-cs"].pop("name"), "inbox 'a-cs': needs a name"),
    "inbox-unknown-agency": (lambda d: d["inboxes"]["a-cs"].update(agency="fire_brigade"),
                             "inbox 'a-cs': unknown agency 'fire_brigade'"),
    "partnership-inbox-missing": (lambda d: d.update(partnership_inbox="nope"),
                                  "partnership_inbox 'nope' is not an inbox"),
    "area-without-name": (lambda d: d["areas"]["a"].pop("name"), "area 'a': needs a name"),
    "area-without-out-of-hours": (lambda d: d["areas"]["b"].pop("out_of_hours"),
                                  "area 'b': needs an out_of_hours contact"),
    "area-unknown-out-of-hours": (lambda d: d["areas"]["b"].update(out_of_hours="nightwatch"),
                                  "area 'b': unknown out_of_hours inbox 'nightwatch'"),
    "out-of-hours-not-open-at-night": (lambda d: d["areas"]["b"].update(out_of_hours="b-cs"),
                                       "area 'b': out_of_hours inbox 'b-cs' is not open around the clock"),
    "out-of-hours-without-a-phone": (lambda d: d["inboxes"]["duty"].pop("phone"),
                                     "out_of_hours inbox 'duty' needs an e-mail address and an alert phone"),
    "partnership-without-out-of-hours": (lambda d: d.pop("out_of_hours"),
                                         "the partnership \\(out_of_hours\\): needs an out_of_hours contact"),
    "unreadable-hours": (lambda d: d["inboxes"]["a-cs"].update(hours="weekdays, mostly"),
                         "inbox 'a-cs': cannot read 'weekdays'"),
    "hours-closing-before-opening": (lambda d: d["inboxes"]["a-cs"].update(hours="Mon-Fri 22:00-06:00"),
                                     "closes before it opens"),
    "area-without-community-safety": (lambda d: d["areas"]["b"]["agencies"].pop("community_safety"),
                                      "area 'b': needs a community_safety inbox"),
    "area-unknown-inbox": (lambda d: d["areas"]["a"]["agencies"].update(police_gangs="a-polis"),
                           "area 'a': unknown inbox 'a-polis'"),
    "area-unknown-agency": (lambda d: d["areas"]["a"]["agencies"].update(health="a-cs"),
                            "area 'a': unknown agency 'health'"),
    "duplicate-place": (lambda d: d["areas"]["b"]["places"].append("alpha"),
                        "area 'b': place 'alpha' is already in area 'a'"),
    "duplicate-exact-place": (lambda d: d["areas"]["b"]["places"].append("Hope"),
                              "area 'b': place 'Hope' is already in area 'a'"),
    "rule-unknown-primary": (lambda d: d["rules"][0].update(primary="army"),
                             "rule 1 \\(Red\\): unknown primary agency 'army'"),
    "rule-unknown-copy-agency": (lambda d: d["rules"][0].update(copies=["health"]),
                                 "rule 1 \\(Red\\): unknown agency 'health'"),
    "copy-rule-unknown-agency": (lambda d: d["copies"][0].update(copies=["health"]),
                                 "copy rule 1 \\(Tips\\): unknown agency 'health'"),
    "copies-not-a-list": (lambda d: d["rules"][0].update(copies="community_safety"),
                          "copies must be a list of agencies"),
    "last-rule-not-default": (lambda d: d["rules"].pop(), "the last rule must have no 'when'"),
    "no-rules": (lambda d: d.update(rules=[]), "the last rule must have no 'when'"),
    "unknown-condition": (lambda d: d["rules"][0].update(when={"colour": "red"}), "unknown condition 'colour'"),
    "unknown-urgency": (lambda d: d["rules"][0].update(when={"urgency": ["purple"]}), "unknown urgency"),
    "unknown-kind": (lambda d: d["rules"][0].update(when={"kind": "rumour"}), "unknown kind"),
    "possibly-child-not-bool": (lambda d: d["rules"][0].update(when={"possibly_child": "yes"}),
                                "possibly_child must be true or false"),
    "when-not-mapping": (lambda d: d["rules"][0].update(when=["red"]), "'when' must be a mapping"),
}


@pytest.mark.parametrize(("change", "message"), INVALID.values(), ids=INVALID.keys())
def test_invalid_table(change, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        RoutingTable.from_mapping(table_with(change))


def test_same_place_twice_in_one_area_is_fine() -> None:
    RoutingTable.from_mapping(table_with(lambda d: d["areas"]["a"]["places"].append("ALPHA")))


def test_table_must_be_a_mapping() -> None:
    with pytest.raises(ConfigurationError, match="must be a mapping"):
        RoutingTable.from_mapping(["not", "a", "table"])


def test_load_from_file(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text(yaml.safe_dump(MINIMAL), encoding="utf-8")
    table = RoutingTable.load(path)
    assert table.source == str(path)
    assert set(table.areas) == {"a", "b"}


@pytest.mark.parametrize("content", ["areas: [unclosed", None], ids=["not-yaml", "missing-file"])
def test_load_errors(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "routing.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read routing table"):
        RoutingTable.load(path)


def test_fast_and_pure_python_yaml_loaders_agree(routing_table: RoutingTable) -> None:
    from importlib import resources

    text = resources.files("frontdoor.data").joinpath("routing.yaml").read_text("utf-8")
    assert RoutingTable.from_mapping(yaml.load(text, Loader=yaml.SafeLoader)) == routing_table
