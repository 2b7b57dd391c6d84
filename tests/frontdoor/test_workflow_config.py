"""The partnership's workflow file: outcomes per area, what closes, retention periods, and its checks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from frontdoor.errors import ConfigurationError
from frontdoor.routing import RoutingTable
from frontdoor.workflow_config import WorkflowConfig, parse

NFA = {"label": "No further action", "closes": True, "further_action": False}


def test_the_demo_workflow_follows_the_seed_documents() -> None:
    workflow = WorkflowConfig.load(None, RoutingTable.load(None).areas)
    ids = {area: {o.id for o in workflow.vocabulary(area)} for area in ("bexley", "kent", "hackney", "bromley")}
    assert "referred_svpp" in ids["bexley"]
    assert all("referred_svpp" not in ids[a] for a in ("kent", "hackney", "bromley"))
    assert {"iom", "victim_support"} <= ids["kent"] and "integrated_gangs_unit" in ids["hackney"]
    assert {"marac", "iom", "victim_support"} <= ids["bromley"]
    assert {o.id for o in workflow.vocabulary(None)} == {o.id for o in workflow.vocabulary("lewisham")}
    assert workflow.outcomes["no_further_action"].closes and not workflow.outcomes["no_further_action"].further_action
    assert not workflow.outcomes["referred_svpp"].closes and workflow.review


def test_the_longest_period_of_a_referrals_outcomes_wins() -> None:
    workflow = WorkflowConfig.load()
    year = timedelta(days=365)
    assert workflow.retention(["no_further_action"], year) == year
    assert workflow.retention(["no_further_action", "referred_mash"], year) == timedelta(days=2190)
    assert workflow.retention([], timedelta(days=30)) == timedelta(days=30)
    assert workflow.retention(["gone_from_the_file"], timedelta(days=30)) == timedelta(days=30)
    assert workflow.shortest_retention(timedelta(days=30)) == timedelta(days=30)
    assert workflow.label("gone_from_the_file") == "gone_from_the_file" and workflow.label(None) is None


def test_groups_of_areas() -> None:
    workflow = parse({"area_groups": {"south": ["bexley", "bromley"]},
                      "outcomes": {"panel": {"label": "Panel", "areas": ["south", "hackney"]},
                                   "no_further_action": NFA}},
                     frozenset({"bexley", "bromley", "hackney", "kent"}))
    assert workflow.outcomes["panel"].areas == {"bexley", "bromley", "hackney"}
    assert [o.id for o in workflow.vocabulary("kent")] == ["no_further_action"]


@pytest.mark.parametrize(("data", "message"), [
    ([], "workflow file must be a mapping"),
    ({"outcomes": {}}, "'outcomes' must map"),
    ({"outcomes": {"Bad Id": {"label": "x"}, "no_further_action": NFA}}, "ids are lower-case"),
    ({"outcomes": {"x": "Label", "no_further_action": NFA}}, "outcome 'x': must be a mapping"),
    ({"outcomes": {"x": {"label": "X", "colour": "red"}, "no_further_action": NFA}}, "unknown setting 'colour'"),
    ({"outcomes": {"x": {"label": " "}, "no_further_action": NFA}}, "outcome 'x': needs a label"),
    ({"outcomes": {"x": {"label": "X", "areas": "bexley"}, "no_further_action": NFA}}, "areas must be a list"),
    ({"outcomes": {"x": {"label": "X", "areas": ["narnia"]}, "no_further_action": NFA}}, "unknown area 'narnia'"),
    ({"outcomes": {"x": {"label": "X", "retention_days": True}, "no_further_action": NFA}}, "retention_days"),
    ({"outcomes": {"x": {"label": "X"}}}, "no outcome closes a referral"),
    ({"outcomes": {"x": {"label": "X", "closes": True, "areas": ["bexley"]}, "no_further_action": NFA | {
        "areas": ["bexley"]}}}, "every area needs an outcome that closes"),
    ({"outcomes": {"x": {"label": "X", "closes": True}}}, "'no further action' outcome"),
    ({"outcomes": {"nfa": {"label": "NFA", "further_action": False}, "x": {"label": "X", "closes": True}}},
     "no further action must close"),
    ({"outcomes": {"no_further_action": NFA}, "retention": {"review": "yes"}}, "review is true or false"),
    ({"outcomes": {"no_further_action": NFA}, "area_groups": {"south": []}}, "area group 'south'"),
])
def test_a_broken_workflow_is_refused_naming_the_problem(data: Any, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse(data, frozenset({"bexley", "hackney"}))


def test_an_unreadable_file_is_refused(tmp_path: Any) -> None:
    with pytest.raises(ConfigurationError, match="cannot read workflow file"):
        WorkflowConfig.load(tmp_path / "missing.yaml")
