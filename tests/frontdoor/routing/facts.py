"""Routing facts for the tests of frontdoor.routing."""

from __future__ import annotations

from typing import Any

from frontdoor.model import Kind, Urgency
from frontdoor.routing import RoutingFacts

RED, AMBER, GREEN = Urgency.RED, Urgency.AMBER, Urgency.GREEN


def route_facts(**overrides: Any) -> RoutingFacts:
    values: dict[str, Any] = {"kind": Kind.CONCERN, "urgency": GREEN, "area_id": "bexley"}
    values.update(overrides)
    return RoutingFacts(**values)
