"""The routing table: the demo table, the rules, areas named in text, out of hours (frontdoor/routing/table.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.hours import WorkingCalendar
from frontdoor.model import Kind, ReporterRole, Urgency
from frontdoor.routing import RoutingFacts, RoutingTable
from frontdoor.sla import bank_holidays
from tests.frontdoor.routing.facts import AMBER, GREEN, RED, route_facts


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
