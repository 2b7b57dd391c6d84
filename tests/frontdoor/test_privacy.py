"""The privacy notice's facts follow the configuration: controller settings, routing table, retention policy."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest

from frontdoor.config import Settings
from frontdoor.controller import CONTROLLER_ENV, Controller
from frontdoor.privacy import describe, keeping, notice, recipients
from frontdoor.routing import RoutingTable
from frontdoor.routing.loading import read_table_file
from frontdoor.services.retention import RetentionPolicy
from frontdoor.sharing import agreements_from_mapping
from frontdoor.workflow_config import WorkflowConfig, parse

DEMO, _ = read_table_file(None)


def table(change: Any = None) -> RoutingTable:
    """The demo routing table, with ``change(data)`` applied to a copy of its YAML first."""
    data = copy.deepcopy(DEMO)
    if change is not None:
        change(data)
    return RoutingTable.from_mapping(data)


def by_agency(found: tuple[Any, ...]) -> dict[str, Any]:
    return {r.agency: r for r in found}


@pytest.mark.parametrize(("period", "words"), [
    (timedelta(days=2190), "6 years"),
    (timedelta(days=730), "2 years"),
    (timedelta(days=365), "1 year"),
    (timedelta(days=400), "400 days"),
    (timedelta(days=30), "30 days"),
    (timedelta(days=1), "1 day"),
    (timedelta(days=1.5), "1.5 days"),
    (timedelta(hours=12), "12 hours"),
    (timedelta(hours=1), "1 hour"),
    (timedelta(minutes=45), "45 minutes"),
])
def test_periods_in_words(period: timedelta, words: str) -> None:
    assert describe(period) == words


def test_the_embedded_default_controller_is_a_demonstration() -> None:
    controller = Settings.from_env({}).controller
    assert controller == Controller() and controller.is_demo


@pytest.mark.parametrize("field", list(CONTROLLER_ENV))
def test_each_controller_detail_comes_from_its_variable(field: str) -> None:
    name, default = CONTROLLER_ENV[field]
    controller = Settings.from_env({name: "  Given   value "}).controller
    assert getattr(controller, field) == "Given value"
    assert controller.is_demo is (field != "name")
    blank = Settings.from_env({name: "   "}).controller
    assert getattr(blank, field) == default


@pytest.mark.parametrize(("change", "expected"), [
    # The demo table: the police own red reports; MASH, education and adult social care get copies.
    (None, {"Police gangs SPOC": (("Red concern or tip",), ("Hospital presentation",), True),
            "Council community safety": (("Hospital presentation", "Relocation handover", "Any other report"),
                                         ("Red concern or tip",), True),
            "Education safeguarding": ((), ("Reported by a school",), False),
            "Youth services and YOT": (("Young person asking for help",), (), False),
            "Children's social care (MASH)": ((), ("Child at risk (red or amber)",), False),
            "Adult social care": ((), ("Vulnerable adult exploited",), False)}),
    # Without copy rules, nobody gets a copy but those a rule names.
    (lambda d: d.update(copies=[]),
     {"Police gangs SPOC": (("Red concern or tip",), ("Hospital presentation",), True),
      "Council community safety": (("Hospital presentation", "Relocation handover", "Any other report"),
                                   ("Red concern or tip",), True),
      "Youth services and YOT": (("Young person asking for help",), (), False)}),
    # Red reports owned by community safety, copied to the police.
    (lambda d: d["rules"][3].update(primary="community_safety", copies=["police_gangs"]),
     {"Police gangs SPOC": ((), ("Hospital presentation", "Red concern or tip"), True),
      "Council community safety": (("Hospital presentation", "Relocation handover", "Red concern or tip",
                                    "Any other report"), (), True)}),
])
def test_who_receives_a_report_follows_the_routing_table(change: Any, expected: dict[str, Any]) -> None:
    found = by_agency(recipients(table(change)))
    assert {name: (r.owns, r.copied, r.out_of_hours) for name, r in found.items() if name in expected} == expected
    assert set(expected) <= set(found)
    assert "Health" not in found  # reports come from health; none are routed to it


def test_an_out_of_hours_contact_is_listed_even_without_a_rule() -> None:
    def health_on_duty(data: dict[str, Any]) -> None:
        data["inboxes"]["partnership-duty"]["agency"] = "health"

    found = by_agency(recipients(table(health_on_duty)))
    assert found["Health"].out_of_hours and found["Health"].owns == found["Health"].copied == ()


def policy(outcomes: dict[str, Any] | None = None, review: bool = True, **periods: timedelta) -> RetentionPolicy:
    nfa = {"label": "No further action", "closes": True, "further_action": False}
    workflow = parse({"outcomes": outcomes or {"nfa": nfa}, "retention": {"review": review}}, None)
    return RetentionPolicy(workflow=workflow, **periods)


@pytest.mark.parametrize(("given", "referrals", "default"), [
    (policy(), (("1 year", ("No further action",), True),), "1 year"),
    (policy(referrals=timedelta(days=90)), (("90 days", ("No further action",), True),), "90 days"),
    (policy({"nfa": {"label": "No further action", "closes": True, "further_action": False, "retention_days": 30},
             "mash": {"label": "Referred to MASH", "closes": True, "retention_days": 2190},
             "help": {"label": "Early help", "closes": True}}),
     (("6 years", ("Referred to MASH",), False), ("1 year", ("Early help",), True),
      ("30 days", ("No further action",), False)),
     "1 year"),
    # The default period is listed for the other closed referrals even when no outcome has it.
    (policy({"nfa": {"label": "No further action", "closes": True, "further_action": False, "retention_days": 30}},
            referrals=timedelta(days=730)),
     (("2 years", (), True), ("30 days", ("No further action",), False)), "2 years"),
])
def test_how_long_things_are_kept_follows_the_retention_policy(
        given: RetentionPolicy, referrals: tuple[Any, ...], default: str) -> None:
    kept = keeping(given)
    assert tuple((k.period, k.what, k.others) for k in kept.referrals) == referrals
    assert kept.default == default


@pytest.mark.parametrize("review", [True, False])
def test_the_review_and_the_other_periods_follow_the_policy(review: bool) -> None:
    kept = keeping(policy(review=review, trackers=timedelta(days=2), staff_sessions=timedelta(days=14),
                          sms_conversations=timedelta(hours=2)))
    assert (kept.review, kept.chat, kept.staff_sessions, kept.sms_conversation) == (review, "2 days", "14 days",
                                                                                   "2 hours")


def test_the_configured_settings_reach_the_notice() -> None:
    settings = Settings.from_env({"FRONTDOOR_RETENTION_DAYS": "730", "RASA_TRACKER_RETENTION_DAYS": "3",
                                  "FRONTDOOR_CONTROLLER_NAME": "Exampleshire Council"})
    demo = table()
    facts = notice(settings.controller, demo, agreements_from_mapping(DEMO, demo.agencies),
                   RetentionPolicy.from_settings(settings))
    assert facts.controller.name == "Exampleshire Council"
    assert facts.keeping.default == "2 years" and facts.keeping.chat == "3 days"
    assert facts.triage == "Partnership triage (area not known)"
    assert "London Borough of Bexley" in facts.areas and "Medway" in facts.areas
    workflow = WorkflowConfig.load()
    assert {label for kept in facts.keeping.referrals for label in kept.what} == {
        o.label for o in workflow.outcomes.values()}
    shared = {a.name: a.agencies for a in facts.agreements}
    assert "Health" in shared["Hospital emergency departments information-sharing agreement (demo)"]
