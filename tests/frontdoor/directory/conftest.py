"""The demo routing table and directory."""

from __future__ import annotations

import pytest

from frontdoor.directory import (
    Directory,
)
from frontdoor.routing import RoutingTable


@pytest.fixture(scope="module")
def table() -> RoutingTable:
    return RoutingTable.load(None)


@pytest.fixture(scope="module")
def demo(table: RoutingTable) -> Directory:
    return Directory.load(None, table)
