"""Build referral drafts from plain JSON-like mappings (console and API input)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontdoor.errors import InvalidInput
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
)

DRAFT_KEYS = frozenset(
    {"kind", "channel", "immediate_danger", "subject_age", "area", "reporter_role", "indicators", "description"}
)


def _enum(enum_type: Any, value: Any, field: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise InvalidInput(f"{field} must be one of: {allowed}", field) from None


def draft_from_mapping(data: Any) -> ReferralDraft:
    """Return the draft described by ``data`` (the keys of DESIGN §4).

    Keys: ``kind``, ``channel``, ``description`` (required); ``immediate_danger``
    (true/false/null), ``subject_age`` (int/null), ``area`` (text/null),
    ``reporter_role`` (text/null), ``indicators`` (list of taxonomy codes).

    Raises:
        InvalidInput: a key is missing, unknown or of the wrong type; the
            message names it.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput("A referral draft must be a JSON object")
    unknown = sorted(set(data) - DRAFT_KEYS)
    if unknown:
        raise InvalidInput(f"Unknown key(s): {', '.join(unknown)}", unknown[0])
    for key in ("kind", "channel", "description"):
        if key not in data or data[key] in (None, ""):
            raise InvalidInput(f"{key} is required", key)
    description = data["description"]
    if not isinstance(description, str):
        raise InvalidInput("description must be text", "description")
    danger = data.get("immediate_danger")
    if danger is not None and not isinstance(danger, bool):
        raise InvalidInput("immediate_danger must be true, false or null", "immediate_danger")
    age = data.get("subject_age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 120):
        raise InvalidInput("subject_age must be a whole number from 0 to 120, or null", "subject_age")
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise InvalidInput("area must be text or null", "area")
    indicators = data.get("indicators") or []
    if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
        raise InvalidInput("indicators must be a list of codes", "indicators")
    role = data.get("reporter_role")
    reporter = None
    if role is not None:
        if not isinstance(role, str):
            raise InvalidInput("reporter_role must be text or null", "reporter_role")
        reporter = ReporterDraft(role=_enum(ReporterRole, role, "reporter_role"))
    kind = _enum(Kind, data["kind"], "kind")
    people = []
    if age is not None:
        at_risk = PersonRole.VULNERABLE_ADULT_AT_RISK if age >= 18 else PersonRole.YOUNG_PERSON_AT_RISK
        people.append(PersonDraft(role=at_risk, age=age))
    return ReferralDraft(
        kind=kind,
        channel=_enum(Channel, data["channel"], "channel"),
        description=description,
        immediate_danger=danger,
        indicators=list(indicators),
        area=area,
        reporter=reporter,
        people=people,
    )
