"""Routing (DESIGN §5): the demo table, the rules, area resolution and table validation."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from frontdoor.assessment import assess
from frontdoor.errors import ConfigurationError
from frontdoor.hours import WorkingCalendar
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole, Urgency
from frontdoor.routing import RoutingFacts, RoutingTable
from frontdoor.sla import bank_holidays

RED, AMBER, GREEN = Urgency.RED, Urgency.AMBER, Urgency.GREEN


def route_facts(**overrides: Any) -> RoutingFacts:
    values: dict[str, Any] = {"kind": Kind.CONCERN, "urgency": GREEN, "area_id": "bexley"}
    values.update(overrides)
    return RoutingFacts(**values)


# --- the demo table ------------------------------------------------------------------------------
def test_demo_table_loads(routing_table: RoutingTable) -> None:
    assert routing_table.partnership_inbox == "partnership-triage"
    assert {"bexley", "bromley", "hackney", "kent", "medway", "thanet", "dover"} <= set(routing_table.areas)
    assert set(routing_table.agencies) == {"police_gangs", "community_safety", "education", "youth_services",
                                           "childrens_social_care", "adult_social_care", "health"}
    assert routing_table.source == "demo routing table"
    # Every area's inboxes exist and serve the agency they are listed for.
    for area in routing_table.areas.values():
        for agency, inbox_id in area.agencies.items():
            assert routing_table.inbox(inbox_id).agency == agency, (area.id, agency)
    # The last rule is the default.
    assert routing_table.rules[-1].name == "Default"


def test_demo_contacts_are_fictitious(routing_table: RoutingTable) -> None:
    for inbox in routing_table.inboxes.values():
        assert inbox.email and ".example." in inbox.email, inbox.id
        digits = (inbox.phone or "").replace(" ", "")
        assert digits.startswith(("0207946", "01632960", "07700900")), inbox.id


def test_gazetteer_lists_every_place(routing_table: RoutingTable) -> None:
    entries = dict(routing_table.gazetteer())
    assert entries["Penge"] == "bromley"
    assert entries["Margate"] == "thanet"
    assert entries["Erith"] == "bexley"
    assert entries["=Deal"] == "dover"


def test_unknown_inbox_lookup(routing_table: RoutingTable) -> None:
    with pytest.raises(ConfigurationError, match="unknown inbox 'nowhere'"):
        routing_table.inbox("nowhere")


# --- routing rules as a table ------------------------------------------------------------------------
ROUTES = {
    "unknown-area-to-partnership": (
        route_facts(area_id=None, urgency=RED), "partnership-triage", ()),
    "area-id-not-in-table": (route_facts(area_id="narnia", urgency=AMBER), "partnership-triage", ()),
    "green-concern-to-community-safety": (route_facts(), "bexley-community-safety", ()),
    "red-to-police-with-community-safety-copy-adult": (
        route_facts(urgency=RED, possibly_child=False), "met-se-gangs", ("bexley-community-safety",)),
    "red-child-also-to-mash": (
        route_facts(urgency=RED), "met-se-gangs", ("bexley-community-safety", "bexley-mash")),
    "amber-child-to-mash-copy": (route_facts(urgency=AMBER), "bexley-community-safety", ("bexley-mash",)),
    "amber-adult-no-mash": (route_facts(urgency=AMBER, possibly_child=False), "bexley-community-safety", ()),
    "green-child-no-mash": (route_facts(urgency=GREEN), "bexley-community-safety", ()),
    "teacher-gets-education-copy": (
        route_facts(reporter_role=ReporterRole.TEACHER), "bexley-community-safety", ("bexley-education",)),
    "teacher-red-child": (
        route_facts(urgency=RED, reporter_role=ReporterRole.TEACHER), "met-se-gangs",
        ("bexley-community-safety", "bexley-mash", "bexley-education")),
    "youth-worker-no-education-copy": (
        route_facts(reporter_role=ReporterRole.YOUTH_WORKER), "bexley-community-safety", ()),
    "cuckooing-adult-social-care-copy": (
        route_facts(urgency=AMBER, indicators=("cuckooing",), possibly_child=False), "bexley-community-safety",
        ("bexley-adult-social-care",)),
    "health-kind": (
        route_facts(kind=Kind.HEALTH, urgency=RED, possibly_child=False), "bexley-community-safety",
        ("met-se-gangs",)),
    "health-kind-child": (
        route_facts(kind=Kind.HEALTH, urgency=RED), "bexley-community-safety", ("met-se-gangs", "bexley-mash")),
    "handover-red-stays-with-community-safety": (
        route_facts(kind=Kind.HANDOVER, urgency=RED, possibly_child=False), "bexley-community-safety", ()),
    "handover-from-area-copy": (
        route_facts(kind=Kind.HANDOVER, copy_areas=("hackney",)), "bexley-community-safety",
        ("hackney-community-safety",)),
    "handover-origin-same-as-destination": (
        route_facts(kind=Kind.HANDOVER, copy_areas=("bexley",)), "bexley-community-safety", ()),
    "self-referral-to-youth-services": (
        route_facts(kind=Kind.SELF_REFERRAL, urgency=AMBER, possibly_child=False), "bexley-yos", ()),
    "self-referral-falls-back-to-community-safety": (
        route_facts(kind=Kind.SELF_REFERRAL, area_id="greenwich", possibly_child=False),
        "greenwich-community-safety", ()),
    "kent-district-uses-county-police": (
        route_facts(area_id="thanet", urgency=RED), "kent-police-gangs",
        ("thanet-community-safety", "kent-front-door")),
    "tip-red-in-hackney": (
        route_facts(kind=Kind.TIP, area_id="hackney", urgency=RED, possibly_child=False), "met-ce-gangs",
        ("hackney-community-safety",)),
}


@pytest.mark.parametrize(("facts", "inbox", "copies"), ROUTES.values(), ids=ROUTES.keys())
def test_route(routing_table: RoutingTable, facts: RoutingFacts, inbox: str, copies: tuple[str, ...]) -> None:
    route = routing_table.route(facts)
    assert route.inbox == inbox
    assert route.copies == copies
    assert route.inbox not in route.copies
    assert route.reasons


def test_unknown_area_says_why(routing_table: RoutingTable) -> None:
    route = routing_table.route(route_facts(area_id=None))
    assert route.area is None
    assert route.reasons[0] == "Area not known: sent to partnership triage"


def test_route_reasons_name_the_rule_and_copies(routing_table: RoutingTable) -> None:
    route = routing_table.route(route_facts(urgency=RED, reporter_role=ReporterRole.TEACHER))
    assert route.reasons == ("Red concern or tip: Police gangs SPOC", "Copy: Child at risk (red or amber)",
                             "Copy: Reported by a school")


# --- through assessment ---------------------------------------------------------------------------------
def referral(description: str, **overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {"kind": Kind.CONCERN, "channel": Channel.WEB, "description": description}
    values.update(overrides)
    return ReferralDraft(**values)


def test_handover_from_area_gets_a_copy(routing_table: RoutingTable, analyser) -> None:
    draft = referral("Family moving to Erith next month", kind=Kind.HANDOVER, area="Bexley",
                     details={"from_area": "Hackney"},
                     people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=17)])
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is GREEN
    assert result.route.inbox == "bexley-community-safety"
    assert result.route.copies == ("hackney-community-safety",)
    assert "Copy: London Borough of Hackney (origin)" in result.route.reasons


def test_handover_unknown_from_area_adds_nothing(routing_table: RoutingTable, analyser) -> None:
    draft = referral("Moving", kind=Kind.HANDOVER, area="Bexley", details={"from_area": "Atlantis"})
    assert assess(draft, routing_table, analyser).route.copies == ()


def test_urgent_handover_into_kent(routing_table: RoutingTable, analyser) -> None:
    draft = referral("He needs to move urgently because of threats", kind=Kind.HANDOVER, area="Margate",
                     details={"from_area": "Hackney"},
                     people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=16)])
    result = assess(draft, routing_table, analyser)
    assert result.triage.urgency is RED
    assert result.route.inbox == "thanet-community-safety"
    assert result.route.copies == ("kent-front-door", "hackney-community-safety")


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


# --- resolve_area ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "area_id", "matched"), [
    ("bexley", "bexley", "bexley"),
    ("tower_hamlets", "tower_hamlets", "tower_hamlets"),
    ("Tower Hamlets", "tower_hamlets", "Tower Hamlets"),
    ("folkestone-hythe", "folkestone_hythe", "folkestone-hythe"),
    ("London Borough of Bexley", "bexley", "London Borough of Bexley"),
    ("royal borough of greenwich", "greenwich", "royal borough of greenwich"),
    ("  Kent  ", "kent", "Kent"),
    ("Erith", "bexley", "Erith"),
    ("near Penge East station", "bromley", "Penge"),
    ("Margate seafront", "thanet", "Margate"),
    ("Deal", "dover", "Deal"),
    ("deal", None, None),
    ("Manchester", None, None),
    ("", None, None),
    ("   ", None, None),
    (None, None, None),
])
def test_resolve_area(routing_table: RoutingTable, analyser, text: str | None, area_id: str | None,
                      matched: str | None) -> None:
    found = routing_table.resolve_area(text, analyser)
    if area_id is None:
        assert found is None
    else:
        assert found is not None
        assert found.area.id == area_id
        assert found.matched == matched


def test_inbox_for_falls_back(routing_table: RoutingTable) -> None:
    assert routing_table.inbox_for("greenwich", "education") == "greenwich-community-safety"
    assert routing_table.inbox_for("bexley", "education") == "bexley-education"
    assert routing_table.inbox_for(None, "police_gangs") == "partnership-triage"
    assert routing_table.inbox_for("narnia", "police_gangs") == "partnership-triage"


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


# --- out of hours ----------------------------------------------------------------------------------
LONDON_TZ = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar("Europe/London", bank_holidays())


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON_TZ)


OUT_OF_HOURS = {
    # (kind, urgency, area, received) -> (owner, out-of-hours contact or None)
    "red-hospital-saturday-night": (Kind.HEALTH, RED, "bexley", at(2026, 12, 5, 23, 30),
                                    "bexley-community-safety", "met-se-gangs"),
    "red-hospital-tuesday-afternoon": (Kind.HEALTH, RED, "bexley", at(2026, 12, 8, 14, 0),
                                       "bexley-community-safety", None),
    "red-hospital-tuesday-before-nine": (Kind.HEALTH, RED, "bexley", at(2026, 12, 8, 8, 59),
                                         "bexley-community-safety", "met-se-gangs"),
    "red-hospital-at-five-exactly": (Kind.HEALTH, RED, "bexley", at(2026, 12, 8, 17, 0),
                                     "bexley-community-safety", "met-se-gangs"),
    "red-hospital-christmas-day": (Kind.HEALTH, RED, "kent", at(2026, 12, 25, 11, 0),
                                   "kent-community-safety", "kent-police-gangs"),
    "red-self-referral-sunday": (Kind.SELF_REFERRAL, RED, "hackney", at(2026, 12, 6, 15, 0),
                                 "hackney-yos", "met-ce-gangs"),
    "red-handover-friday-evening": (Kind.HANDOVER, RED, "thanet", at(2026, 12, 4, 19, 0),
                                    "thanet-community-safety", "kent-police-gangs"),
    "red-concern-unknown-area-night": (Kind.CONCERN, RED, None, at(2026, 12, 5, 2, 0),
                                       "partnership-triage", "partnership-duty"),
    # The police gangs SPOC owning a red concern works around the clock: nobody else is needed.
    "red-concern-police-24-7": (Kind.CONCERN, RED, "bexley", at(2026, 12, 5, 2, 0), "met-se-gangs", None),
    # Amber and green wait for the owning team's working hours.
    "amber-hospital-saturday-night": (Kind.HEALTH, AMBER, "bexley", at(2026, 12, 5, 23, 30),
                                      "bexley-community-safety", None),
    "green-concern-sunday": (Kind.CONCERN, GREEN, "bromley", at(2026, 12, 6, 12, 0),
                             "bromley-community-safety", None),
}


@pytest.mark.parametrize(("kind", "urgency", "area", "received", "owner", "duty"), OUT_OF_HOURS.values(),
                         ids=OUT_OF_HOURS.keys())
def test_out_of_hours(routing_table: RoutingTable, kind: Kind, urgency: Urgency, area: str | None,
                      received: datetime, owner: str, duty: str | None) -> None:
    route = routing_table.route(route_facts(kind=kind, urgency=urgency, area_id=area, received_at=received),
                                CALENDAR)
    assert route.inbox == owner
    assert route.out_of_hours == duty
    if duty:
        assert route.copies[0] == duty
        assert any(r.startswith("Out of hours:") and routing_table.inboxes[duty].name in r for r in route.reasons)
    else:
        assert not any(r.startswith("Out of hours:") for r in route.reasons)


def test_without_a_clock_hours_are_not_considered(routing_table: RoutingTable) -> None:
    route = routing_table.route(route_facts(kind=Kind.HEALTH, urgency=RED, received_at=at(2026, 12, 5, 23, 30)))
    assert route.out_of_hours is None


def test_every_demo_area_has_a_24_7_out_of_hours_contact(routing_table: RoutingTable) -> None:
    for area in routing_table.areas.values():
        assert routing_table.inboxes[area.out_of_hours].opening.always, area.id
    assert routing_table.inboxes[routing_table.out_of_hours].opening.always



@pytest.mark.parametrize(("inbox", "prefer", "duty"), [
    ("thanet-community-safety", "bexley", "kent-police-gangs"),      # the inbox's own area, not the referral's
    ("met-se-gangs", "lewisham", "met-se-gangs"),                    # a BCU serving several areas
    ("partnership-triage", None, "partnership-duty"),                # serves no area
    ("bexley-yos", None, "met-se-gangs"),
])
def test_out_of_hours_contact_of_an_inbox(routing_table: RoutingTable, inbox: str, prefer: str | None,
                                          duty: str) -> None:
    assert routing_table.out_of_hours_for_inbox(inbox, prefer).id == duty
