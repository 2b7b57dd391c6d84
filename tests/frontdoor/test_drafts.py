"""Referral drafts from JSON-like mappings (the `frontdoor triage` input)."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.drafts import DRAFT_KEYS, draft_from_mapping
from frontdoor.errors import InvalidInput
from frontdoor.model import Channel, Kind, PersonRole, ReporterRole

VALID: dict[str, Any] = {
    "kind": "concern",
    "channel": "web",
    "immediate_danger": None,
    "subject_age": 15,
    "area": "Erith",
    "reporter_role": "teacher",
    "indicators": ["weapon"],
    "description": "He carries a knife",
}


def test_full_draft() -> None:
    draft = draft_from_mapping(VALID)
    assert draft.kind is Kind.CONCERN
    assert draft.channel is Channel.WEB
    assert draft.immediate_danger is None
    assert draft.area == "Erith"
    assert draft.indicators == ["weapon"]
    assert draft.reporter is not None and draft.reporter.role is ReporterRole.TEACHER
    assert [(p.role, p.age) for p in draft.people] == [(PersonRole.YOUNG_PERSON_AT_RISK, 15)]
    assert draft.subject_age == 15


def test_minimal_draft_is_anonymous_with_no_people() -> None:
    draft = draft_from_mapping({"kind": "tip", "channel": "sms", "description": "dealing by the shops"})
    assert draft.kind is Kind.TIP and draft.channel is Channel.SMS
    assert draft.reporter is None
    assert draft.people == []
    assert draft.indicators == []
    assert draft.immediate_danger is None


@pytest.mark.parametrize(("age", "role"), [(0, PersonRole.YOUNG_PERSON_AT_RISK),
                                           (17, PersonRole.YOUNG_PERSON_AT_RISK),
                                           (18, PersonRole.VULNERABLE_ADULT_AT_RISK),
                                           (120, PersonRole.VULNERABLE_ADULT_AT_RISK)])
def test_subject_role_follows_age(age: int, role: PersonRole) -> None:
    draft = draft_from_mapping({**VALID, "subject_age": age})
    assert draft.people[0].role is role


def test_the_documented_keys() -> None:
    assert {"kind", "channel", "immediate_danger", "subject_age", "area", "reporter_role",
                          "indicators", "description"} == DRAFT_KEYS


def with_(**changes: Any) -> dict[str, Any]:
    data = dict(VALID)
    for key, value in changes.items():
        if value is DROP:
            data.pop(key)
        else:
            data[key] = value
    return data


DROP = object()

ERRORS = {
    "not-an-object": (["kind", "concern"], None, "must be a JSON object"),
    "unknown-key": (with_(colour="red"), "colour", "Unknown key(s): colour"),
    "unknown-keys-sorted": (with_(zeta=1, alpha=2), "alpha", "Unknown key(s): alpha, zeta"),
    "kind-missing": (with_(kind=DROP), "kind", "kind is required"),
    "channel-missing": (with_(channel=DROP), "channel", "channel is required"),
    "description-missing": (with_(description=DROP), "description", "description is required"),
    "description-empty": (with_(description=""), "description", "description is required"),
    "description-null": (with_(description=None), "description", "description is required"),
    "description-not-text": (with_(description=42), "description", "description must be text"),
    "kind-unknown": (with_(kind="rumour"), "kind", "kind must be one of: concern, tip, self_referral"),
    "channel-unknown": (with_(channel="fax"), "channel", "channel must be one of: web, sms, whatsapp, staff, email"),
    "danger-as-text": (with_(immediate_danger="yes"), "immediate_danger", "true, false or null"),
    "danger-as-number": (with_(immediate_danger=1), "immediate_danger", "true, false or null"),
    "age-as-text": (with_(subject_age="15"), "subject_age", "whole number from 0 to 120"),
    "age-as-bool": (with_(subject_age=True), "subject_age", "whole number from 0 to 120"),
    "age-negative": (with_(subject_age=-1), "subject_age", "whole number from 0 to 120"),
    "age-too-old": (with_(subject_age=121), "subject_age", "whole number from 0 to 120"),
    "age-fraction": (with_(subject_age=14.5), "subject_age", "whole number from 0 to 120"),
    "area-not-text": (with_(area=["Erith"]), "area", "area must be text or null"),
    "indicators-string": (with_(indicators="weapon"), "indicators", "list of codes"),
    "indicators-numbers": (with_(indicators=[1, 2]), "indicators", "list of codes"),
    "role-not-text": (with_(reporter_role=7), "reporter_role", "reporter_role must be text or null"),
    "role-unknown": (with_(reporter_role="wizard"), "reporter_role", "reporter_role must be one of: teacher"),
}


@pytest.mark.parametrize(("data", "field", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_the_field(data: Any, field: str | None, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        draft_from_mapping(data)
    assert caught.value.field == field
    assert message in str(caught.value)
    if field is not None:
        assert field in str(caught.value)
