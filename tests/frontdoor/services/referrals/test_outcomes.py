"""Statuses and the partnership's outcomes: each transition, reopening with a reason, outcomes per area.

Runs on a SQLite file and on PostgreSQL (the ``core`` fixture), both freshly migrated.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontdoor.errors import AccessDenied, Conflict, InvalidInput
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, Status
from frontdoor.services import Core
from frontdoor.store.workflow import ReferralOutcome
from frontdoor.views import Principal
from tests.frontdoor.services.referrals.support import AMBER_TEXT, audit_entries


def submit(core: Core, area: str) -> str:
    return core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, description=AMBER_TEXT, area=area,
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)])).reference


@pytest.fixture
def reference(core: Core, bexley: Principal) -> str:
    """A Bexley referral, acknowledged."""
    made = submit(core, "Erith")
    core.workflow.acknowledge(bexley, made)
    return made


# --- statuses ---------------------------------------------------------------------------------------
def test_a_spoc_moves_a_referral_through_every_status(core: Core, bexley: Principal, reference: str) -> None:
    assert core.workflow.outcomes(bexley, reference).settable == (Status.IN_PROGRESS, Status.AWAITING_PARTNER)
    steps = [("in_progress", "Acknowledged to In progress"),
             ("awaiting_partner", "In progress to Awaiting a partner"),
             ("in_progress", "Awaiting a partner to In progress")]
    for status, body in steps:
        detail = core.workflow.set_status(bexley, reference, status)
        assert detail.status == status and detail.events[-1].body == body
    detail = core.workflow.record_outcomes(bexley, reference, ["no_further_action"])
    assert detail.status == "closed" and detail.closed_at is not None
    detail = core.workflow.reopen(bexley, reference, "Second report from the school")
    assert (detail.status, detail.closed_at, detail.outcome) == ("reopened", None, None)
    assert detail.events[-1].action == "reopened" and detail.events[-1].body == "Second report from the school"
    detail = core.workflow.set_status(bexley, reference, "awaiting_partner")
    assert detail.status == "awaiting_partner"
    assert [a.detail for a in audit_entries(core, "referral.status")] == [
        "acknowledged->in_progress", "in_progress->awaiting_partner", "awaiting_partner->in_progress",
        "reopened->awaiting_partner"]
    assert [a.reference for a in audit_entries(core, "referral.reopen")] == [reference]


@pytest.mark.parametrize("status", ["new", "acknowledged", "closed", "reopened", "done", ""])
def test_only_in_progress_and_awaiting_a_partner_are_set_directly(core: Core, bexley: Principal,
                                                                  reference: str, status: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.workflow.set_status(bexley, reference, status)
    assert caught.value.field == "status"


def test_a_new_referral_is_acknowledged_first(core: Core, bexley: Principal) -> None:
    with pytest.raises(Conflict, match="Acknowledge"):
        core.workflow.set_status(bexley, submit(core, "Erith"), "in_progress")


def test_the_same_status_again_is_refused(core: Core, bexley: Principal, reference: str) -> None:
    core.workflow.set_status(bexley, reference, "in_progress")
    with pytest.raises(Conflict):
        core.workflow.set_status(bexley, reference, "in_progress")


def test_a_closed_referral_refuses_work_until_reopened(core: Core, bexley: Principal, reference: str) -> None:
    core.workflow.close(bexley, reference, "no_further_action")
    for attempt in (lambda: core.workflow.set_status(bexley, reference, "in_progress"),
                    lambda: core.workflow.record_outcomes(bexley, reference, ["referred_svpp"]),
                    lambda: core.workflow.change_urgency(bexley, reference, "red", "worse"),
                    lambda: core.workflow.close(bexley, reference, "signposted")):
        with pytest.raises(Conflict):
            attempt()
    view = core.workflow.outcomes(bexley, reference)
    assert view.can_reopen and view.settable == ()
    core.workflow.reopen(bexley, reference, "New information")
    assert core.workflow.set_status(bexley, reference, "in_progress").status == "in_progress"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reopening_needs_a_reason(core: Core, bexley: Principal, reference: str, reason: str | None) -> None:
    core.workflow.close(bexley, reference, "no_further_action")
    with pytest.raises(InvalidInput) as caught:
        core.workflow.reopen(bexley, reference, reason)
    assert caught.value.field == "reason"
    assert core.queries.get(bexley, reference).status == "closed"
    assert audit_entries(core, "referral.reopen") == []


def test_only_a_closed_referral_is_reopened_and_only_by_its_owner(core: Core, bexley: Principal,
                                                                  police: Principal, reference: str) -> None:
    with pytest.raises(Conflict):
        core.workflow.reopen(bexley, reference, "why not")
    red = core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
        description="He carries a blade and they threatened him")).reference
    core.workflow.close(police, red, "police_intelligence")
    with pytest.raises(AccessDenied):
        core.workflow.reopen(bexley, red, "we hold a copy")  # bexley has an info-only copy


# --- outcomes --------------------------------------------------------------------------------------
def test_each_area_has_its_own_vocabulary(core: Core, bexley: Principal, hackney: Principal,
                                          bromley: Principal) -> None:
    offered = {}
    for who, place in ((bexley, "Erith"), (hackney, "Dalston"), (bromley, "Penge")):
        made = submit(core, place)
        offered[place] = {o.id for o in core.workflow.outcomes(who, made).offered}
    assert "referred_svpp" in offered["Erith"]
    assert "referred_svpp" not in offered["Dalston"] | offered["Penge"]
    assert "integrated_gangs_unit" in offered["Dalston"] and "marac" in offered["Penge"]
    common = {"referred_mash", "strategy_discussion", "mace_panel", "nrm_referral", "s42_enquiry",
              "police_intelligence", "no_further_action"}
    assert all(common <= found for found in offered.values())
    kent = core.workflow.workflow_config.vocabulary("kent")
    assert {"iom", "victim_support", "nrm_referral"} <= {o.id for o in kent}
    assert "referred_svpp" not in {o.id for o in kent}


def test_the_bexley_panel_is_refused_for_hackney(core: Core, hackney: Principal) -> None:
    made = submit(core, "Dalston")
    with pytest.raises(InvalidInput) as caught:
        core.workflow.record_outcomes(hackney, made, ["referred_svpp"])
    assert caught.value.field == "outcome"
    with pytest.raises(InvalidInput):
        core.workflow.close(hackney, made, "referred_svpp")


def test_several_outcomes_are_recorded_and_one_that_closes_closes(core: Core, bexley: Principal,
                                                                  reference: str) -> None:
    detail = core.workflow.record_outcomes(bexley, reference, ["referred_svpp", "strategy_discussion"],
                                           "Panel on Thursday")
    assert detail.status == "acknowledged" and detail.closed_at is None  # neither closes
    assert detail.events[-1].body == ("Strategy discussion or s47 enquiry; Referred to the Serious Violence "
                                      "Prevention Panel — Panel on Thursday")
    with pytest.raises(Conflict):
        core.workflow.record_outcomes(bexley, reference, ["referred_svpp"])  # already recorded
    detail = core.workflow.record_outcomes(bexley, reference, ["referred_svpp", "referred_mash"])
    assert detail.status == "closed" and detail.outcome == "referred_mash"
    assert detail.outcome_label == "Referred to MASH / children's social care"
    assert [e.action for e in detail.events][-3:] == ["outcome", "outcome", "closed"]
    view = core.workflow.outcomes(bexley, reference)
    assert [o.id for o in view.recorded] == ["strategy_discussion", "referred_svpp", "referred_mash"]
    assert view.recorded[0].by == bexley.email
    assert [a.detail for a in audit_entries(core, "referral.outcome")] == [
        "strategy_discussion,referred_svpp", "referred_mash"]
    assert [a.detail for a in audit_entries(core, "referral.close")] == ["referred_mash"]


def test_after_reopening_the_same_outcome_closes_again(core: Core, bexley: Principal, reference: str) -> None:
    core.workflow.record_outcomes(bexley, reference, ["no_further_action"])
    core.workflow.reopen(bexley, reference, "Mum called back")
    detail = core.workflow.record_outcomes(bexley, reference, ["no_further_action"])
    assert detail.status == "closed"
    with core.db.session() as session:
        assert len(session.scalars(select(ReferralOutcome)).all()) == 2  # both kept on record


@pytest.mark.parametrize("chosen", [[], [""], ["sorted"]])
def test_outcomes_must_come_from_the_list(core: Core, bexley: Principal, reference: str,
                                          chosen: list[str]) -> None:
    with pytest.raises(InvalidInput):
        core.workflow.record_outcomes(bexley, reference, chosen)


def test_a_copy_holder_sees_the_outcomes_but_cannot_record_them(core: Core, bexley: Principal,
                                                                police: Principal) -> None:
    red = core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
        description="He carries a blade and they threatened him")).reference
    core.workflow.acknowledge(police, red)
    core.workflow.record_outcomes(police, red, ["referred_svpp"])
    view = core.workflow.outcomes(bexley, red)
    assert [o.id for o in view.recorded] == ["referred_svpp"]
    assert (view.offered, view.settable, view.can_reopen) == ((), (), False)
    with pytest.raises(AccessDenied):
        core.workflow.record_outcomes(bexley, red, ["no_further_action"])
