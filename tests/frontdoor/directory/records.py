"""Directory records for the tests of frontdoor.directory: valid ORUK data to change one field at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frontdoor.directory import (
    Directory,
)
from frontdoor.routing import RoutingTable

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "frontdoor" / "data" / "directory.json"
SEEDS = ROOT.parent / "shared" / "seeds"
ORUK = ROOT.parent / "shared" / "oruk" / "service.schema.verbose.json"
ORG_ID = "0b6d2a1e-5c4f-4d7e-9a3b-2f1e0c9d8b7a"


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
