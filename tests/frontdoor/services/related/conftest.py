"""Members of staff and referral drafts the related-referral tests use."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.views import Principal
from tests.frontdoor.services.referrals.conftest import bexley, hackney

__all__ = ["bexley", "both", "concern", "hackney", "submit"]


def concern(area: str = "Erith", name: str | None = None, age: int | None = None, school: str | None = None,
            **overrides: Any) -> ReferralDraft:
    """Return a professional's concern about one young person (amber) in ``area``."""
    values: dict[str, Any] = {
        "kind": Kind.CONCERN, "channel": Channel.WEB, "description": "He keeps going missing", "area": area,
        "reporter": ReporterDraft(role=ReporterRole.TEACHER, organisation="A School", name="Ms Reporter",
                                  email="reporter@school.example.org"),
        "people": [PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=name, age=age, school=school)],
    }
    values.update(overrides)
    return ReferralDraft(**values)


def submit(core: Core, draft: ReferralDraft) -> str:
    """Return the reference of ``draft`` once submitted."""
    return core.submissions.submit(draft).reference


@pytest.fixture
def both(core: Core) -> Principal:
    """A member of both the Bexley and the Hackney team (sees the referrals of each)."""
    return core.staff.add("both@partnership.example.gov.uk", ["bexley-community-safety", "hackney-community-safety"])
