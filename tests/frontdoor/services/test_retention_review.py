"""Retention by review: periods per outcome, the review list, keeping with a reason and date, letting go.

Runs on a SQLite file and on PostgreSQL (the ``core`` fixture) with the fake clock moved on.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from frontdoor.errors import AccessDenied, InvalidInput, NotFound
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.services import Core
from frontdoor.services.retention_review import FURTHER_WORK
from frontdoor.store.models import AuditEntry, Referral
from frontdoor.store.workflow import ReferralOutcome, RetentionReview
from frontdoor.views import Principal
from tests.conftest import FakeClock

YEAR, SIX_YEARS = 365, 2190


@pytest.fixture
def spoc(core: Core) -> Principal:
    return core.staff.add("spoc@bexley.example.gov.uk", ["bexley-community-safety"])


@pytest.fixture
def admin(core: Core) -> Principal:
    return core.staff.add("admin@partnership.example.gov.uk", [], is_admin=True)


def early_concern(core: Core, spoc: Principal) -> str:
    """A green Bexley concern, acknowledged: nothing else done yet."""
    reference = core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Erith", description="He has new trainers",
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)])).reference
    core.workflow.acknowledge(spoc, reference)
    return reference


def exists(core: Core, reference: str) -> bool:
    with core.db.session() as session:
        return session.scalar(select(Referral.id).where(Referral.reference == reference)) is not None


def audit_actions(core: Core, reference: str) -> list[str]:
    with core.db.session() as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.reference == reference)
                                    .order_by(AuditEntry.id)))


def test_an_early_concern_closed_with_no_further_action_is_still_deleted_automatically(
        core: Core, clock: FakeClock, spoc: Principal, admin: Principal) -> None:
    reference = early_concern(core, spoc)
    core.workflow.record_outcomes(spoc, reference, ["no_further_action"])
    clock.advance(days=YEAR - 1)
    core.retention.purge()
    assert exists(core, reference)
    clock.advance(days=2)
    counts = core.retention.purge()
    assert not exists(core, reference)
    assert counts["referrals"] == 1 and counts["referral_outcomes"] == 1
    assert core.retention.reviews(admin) == []


def test_a_referral_with_further_work_goes_to_review_at_the_end_of_its_period(
        core: Core, clock: FakeClock, spoc: Principal, admin: Principal) -> None:
    reference = early_concern(core, spoc)
    core.workflow.add_note(spoc, reference, "Spoke to his head of year")
    core.workflow.record_outcomes(spoc, reference, ["referred_svpp", "referred_mash"])  # six years each
    clock.advance(days=YEAR + 1)
    core.retention.purge()
    assert exists(core, reference) and core.retention.reviews(admin) == []  # its period is longer
    clock.advance(days=SIX_YEARS - YEAR)
    assert core.retention.purge(dry_run=True)["referrals"] == 0
    assert core.retention.reviews(admin) == []  # a dry run puts nothing on the list
    assert core.retention.purge()["referrals"] == 0
    assert exists(core, reference)
    [item] = core.retention.reviews(admin)
    assert (item.reference, item.state, item.inbox_id) == (reference, "pending", "bexley-community-safety")
    assert item.further_work == ("1 notes or questions", "outcomes: Referred to MASH / children's social care, "
                                 "Referred to the Serious Violence Prevention Panel")
    assert "retention.review_due" in audit_actions(core, reference)
    core.retention.purge()
    assert len(core.retention.reviews(admin)) == 1  # once on the list, it waits there


def test_a_person_keeps_it_with_a_reason_and_a_new_date(core: Core, clock: FakeClock, spoc: Principal,
                                                        admin: Principal) -> None:
    reference = early_concern(core, spoc)
    core.workflow.add_copy(spoc, reference, "bexley-yos")
    core.workflow.close(spoc, reference, "no_further_action")
    clock.advance(days=YEAR + 1)
    core.retention.purge()
    [item] = core.retention.reviews(admin)
    assert item.further_work == ("1 info-only copies sent",)

    with pytest.raises(InvalidInput) as caught:
        core.retention.keep(admin, reference, "  ", clock() + timedelta(days=90))
    assert caught.value.field == "reason"
    with pytest.raises(InvalidInput) as caught:
        core.retention.keep(admin, reference, "Sibling still open", clock() - timedelta(days=1))
    assert caught.value.field == "until"
    with pytest.raises(AccessDenied):
        core.retention.keep(spoc, reference, "Sibling still open", clock() + timedelta(days=90))

    kept = core.retention.keep(admin, reference, "Sibling's case still open", clock() + timedelta(days=90))
    assert (kept.state, kept.reason, kept.decided_by) == ("kept", "Sibling's case still open", admin.email)
    assert core.retention.reviews(admin) == []  # off the waiting list
    assert [i.reference for i in core.retention.reviews(admin, kept=True)] == [reference]
    assert "retention.keep" in audit_actions(core, reference)

    clock.advance(days=89)
    core.retention.purge()
    assert exists(core, reference) and core.retention.reviews(admin) == []
    clock.advance(days=2)
    core.retention.purge()
    assert exists(core, reference)
    assert [i.state for i in core.retention.reviews(admin)] == ["pending"]  # due again


def test_a_person_lets_it_be_deleted(core: Core, clock: FakeClock, spoc: Principal, admin: Principal) -> None:
    reference = early_concern(core, spoc)
    core.workflow.record_outcomes(spoc, reference, ["police_intelligence"])
    clock.advance(days=SIX_YEARS + 1)
    core.retention.purge()
    with pytest.raises(AccessDenied):
        core.retention.release(spoc, reference)
    with pytest.raises(NotFound):
        core.retention.release(admin, "FD-AAAA-AAAA")
    core.retention.release(admin, reference)
    assert exists(core, reference)  # the next purge deletes it
    counts = core.retention.purge()
    assert not exists(core, reference)
    assert counts["retention_reviews"] == 1 and counts["referral_outcomes"] == 1
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(RetentionReview)) == 0
        assert session.scalar(select(func.count()).select_from(ReferralOutcome)) == 0
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == admin.email)))
    assert "retention.release" in actions


def test_reopening_takes_it_off_the_list(core: Core, clock: FakeClock, spoc: Principal, admin: Principal) -> None:
    reference = early_concern(core, spoc)
    core.workflow.add_note(spoc, reference, "Called mum")
    core.workflow.close(spoc, reference, "no_further_action")
    clock.advance(days=YEAR + 1)
    core.retention.purge()
    assert len(core.retention.reviews(admin)) == 1
    core.workflow.reopen(spoc, reference, "He was seen with the same group")
    assert core.retention.reviews(admin) == []
    core.retention.purge()
    assert exists(core, reference)


def test_other_work_plugs_in_as_a_check(core: Core, clock: FakeClock, spoc: Principal, admin: Principal) -> None:
    from frontdoor.services.retention import RetentionService

    reference = early_concern(core, spoc)
    core.workflow.close(spoc, reference, "no_further_action")
    clock.advance(days=YEAR + 1)
    service = RetentionService(core.db, clock, core.retention.policy,
                               checks=(*FURTHER_WORK, lambda session, referral_id, workflow: "2 actions"))
    service.purge()
    assert [i.further_work for i in service.reviews(admin)] == [("2 actions",)]
