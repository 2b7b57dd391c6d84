"""The indicator taxonomy and the small domain types around it."""

from __future__ import annotations

import pytest

from frontdoor import taxonomy
from frontdoor.errors import InvalidInput
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole, Urgency
from frontdoor.taxonomy import Group
from frontdoor.views import Principal


def test_codes_are_unique_and_grouped() -> None:
    codes = [i.code for i in taxonomy.INDICATORS]
    assert len(codes) == len(set(codes)) == len(taxonomy.CODES)
    groups = {i.code: i.group for i in taxonomy.INDICATORS}
    assert groups["weapon"] is Group.SERIOUS_HARM
    assert groups["cuckooing"] is Group.EXPLOITATION
    assert groups["older_associates"] is Group.EARLY_SIGN
    assert groups["wants_exit"] is Group.CONTEXT


def test_get_and_label() -> None:
    assert taxonomy.get("debt_bondage").label == "Debt bondage"
    assert taxonomy.label("county_lines") == "County lines travel"
    assert taxonomy.label("not_a_code") == "not_a_code"
    with pytest.raises(InvalidInput) as caught:
        taxonomy.get("not_a_code")
    assert caught.value.field == "indicators"


def test_validate_codes_orders_and_deduplicates() -> None:
    assert taxonomy.validate_codes(["wants_exit", "weapon", "weapon", "cuckooing"]) == (
        "weapon", "cuckooing", "wants_exit")
    assert taxonomy.validate_codes([]) == ()
    with pytest.raises(InvalidInput, match="'zap'"):
        taxonomy.validate_codes(["weapon", "zap"])


def test_in_group() -> None:
    codes = frozenset({"drug_use", "weapon", "older_associates"})
    assert taxonomy.in_group(codes, Group.EARLY_SIGN) == ["older_associates", "drug_use"]
    assert taxonomy.in_group(codes, Group.CONTEXT) == []


def test_urgency_rank_orders_a_queue() -> None:
    assert sorted([Urgency.GREEN, Urgency.RED, Urgency.AMBER], key=lambda u: u.rank) == [
        Urgency.RED, Urgency.AMBER, Urgency.GREEN]


@pytest.mark.parametrize(("role", "at_risk"), [
    (PersonRole.YOUNG_PERSON_AT_RISK, True),
    (PersonRole.VULNERABLE_ADULT_AT_RISK, True),
    (PersonRole.ALLEGED_EXPLOITER, False),
    (PersonRole.WITNESS, False),
    (PersonRole.REPORTER, False),
])
def test_only_victims_are_at_risk(role: PersonRole, at_risk: bool) -> None:
    assert role.at_risk is at_risk
    assert role.label


def test_every_reporter_role_has_a_label() -> None:
    assert all(role.label for role in ReporterRole)


def test_draft_subject_and_reporter_role() -> None:
    draft = ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="x", people=[
        PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, age=30),
        PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=14),
        PersonDraft(role=PersonRole.VULNERABLE_ADULT_AT_RISK, age=50),
    ])
    assert draft.subject is draft.people[1]
    assert draft.subject_age == 14
    assert draft.reporter_role is None
    draft.reporter = ReporterDraft(role=ReporterRole.HOUSING)
    assert draft.reporter_role is ReporterRole.HOUSING
    assert ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="x").subject_age is None


def test_principal_can_read_owned_or_copied() -> None:
    principal = Principal(1, "a@example.org", None, False, frozenset({"bexley-mash"}))
    assert principal.can_read("bexley-mash", ())
    assert principal.can_read("met-se-gangs", ["bexley-community-safety", "bexley-mash"])
    assert not principal.can_read("met-se-gangs", ["bexley-community-safety"])
