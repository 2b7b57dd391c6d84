"""Members of staff of the inboxes the referral service tests use."""

from __future__ import annotations

import pytest

from frontdoor.services import Core
from frontdoor.views import Principal


@pytest.fixture
def bexley(core: Core) -> Principal:
    return core.staff.add("spoc@bexley.example.gov.uk", ["bexley-community-safety"], name="Bex Spoc")


@pytest.fixture
def colleague(core: Core) -> Principal:
    return core.staff.add("colleague@bexley.example.gov.uk", ["bexley-community-safety"], name="Col League")


@pytest.fixture
def police(core: Core) -> Principal:
    return core.staff.add("gangs@met.example.police.uk", ["met-se-gangs"])


@pytest.fixture
def bromley(core: Core) -> Principal:
    return core.staff.add("spoc@bromley.example.gov.uk", ["bromley-community-safety"])


@pytest.fixture
def hackney(core: Core) -> Principal:
    return core.staff.add("igu@hackney.example.gov.uk", ["hackney-community-safety"])
