"""Casework on SQLite and PostgreSQL: lead agency, actions (owner, due, done, overdue), review dates, the basis
for sharing (copies carry it), the overdue hook for the queue, and the audit trail of each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdoor.errors import AccessDenied, Conflict, InvalidInput, NotFound
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.store.models import Referral, ReferralEvent
from frontdoor.views import Principal
from tests.conftest import FakeClock
from tests.frontdoor.services.referrals.support import AMBER_TEXT, audit_entries

OWNER = "bexley-community-safety"


def concern(email: str | None = "reporter@school.example.org", feedback: bool = False) -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, description=AMBER_TEXT, area="Erith",
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith School", name="Ms Reporter",
                               email=email, feedback=feedback),
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Jayden", age=15)])


@pytest.fixture
def spoc(core: Core) -> Principal:
    return core.staff.add("spoc@bexley.example.gov.uk", [OWNER], name="Bex Spoc")


@pytest.fixture
def colleague(core: Core) -> Principal:
    return core.staff.add("colleague@bexley.example.gov.uk", [OWNER], name="Col League")


@pytest.fixture
def mash(core: Core) -> Principal:
    return core.staff.add("mash@bexley.example.gov.uk", ["bexley-mash"])


@pytest.fixture
def outsider(core: Core) -> Principal:
    return core.staff.add("igu@hackney.example.gov.uk", ["hackney-community-safety"])


@pytest.fixture
def reference(core: Core) -> str:
    return core.submissions.submit(concern()).reference


# --- lead agency ---------------------------------------------------------------------------------
def test_the_owner_sets_and_clears_the_lead_agency(core: Core, spoc: Principal, reference: str) -> None:
    view = core.casework.set_lead_agency(spoc, reference, "police_gangs")
    assert (view.lead_agency, view.lead_agency_label) == ("police_gangs", "Police gangs SPOC")
    assert core.queries.get(spoc, reference).events[-1].body == "Lead agency: Police gangs SPOC"
    with pytest.raises(Conflict):
        core.casework.set_lead_agency(spoc, reference, "police_gangs")
    assert core.casework.set_lead_agency(spoc, reference, None).lead_agency is None
    assert [e.detail for e in audit_entries(core, "referral.lead_agency")] == ["police_gangs", "-"]


def test_the_lead_agency_must_be_one_of_the_table(core: Core, spoc: Principal, reference: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.casework.set_lead_agency(spoc, reference, "the_vatican")
    assert caught.value.field == "lead_agency"


def test_copy_holders_read_casework_but_cannot_change_it_and_others_see_nothing(
        core: Core, spoc: Principal, mash: Principal, outsider: Principal, reference: str) -> None:
    core.casework.set_lead_agency(spoc, reference, "childrens_social_care")
    assert core.casework.get(mash, reference).lead_agency == "childrens_social_care"
    with pytest.raises(AccessDenied):
        core.casework.set_lead_agency(mash, reference, "police_gangs")
    with pytest.raises(NotFound):
        core.casework.get(outsider, reference)
    with pytest.raises(NotFound):
        core.casework.add_action(outsider, reference, "Visit", f"inbox:{OWNER}", core.clock() + timedelta(days=1))
    assert [e.actor for e in audit_entries(core, "referral.lead_agency.denied")] == [mash.email]
    assert [e.actor for e in audit_entries(core, "referral.casework.denied")] == [outsider.email]


# --- actions ---------------------------------------------------------------------------------------
def test_actions_have_an_owner_a_due_date_and_a_done_state(
        core: Core, spoc: Principal, colleague: Principal, reference: str, clock: FakeClock) -> None:
    due = clock() + timedelta(days=2)
    view = core.casework.add_action(spoc, reference, "Home visit with police", f"staff:{colleague.id}", due)
    view = core.casework.add_action(spoc, reference, "Strategy discussion", "inbox:bexley-mash", due)
    first, second = view.actions
    assert (first.title, first.owner, first.owner_label) == (
        "Home visit with police", f"staff:{colleague.id}", "Col League")  # a name, not an address
    assert (second.owner, second.owner_label) == ("inbox:bexley-mash", "Bexley Children's Social Care MASH")
    assert first.due_at == due and first.done_at is None and not first.overdue

    clock.advance(days=3)
    view = core.casework.get(spoc, reference)
    assert all(a.overdue for a in view.actions)
    done = core.casework.complete_action(spoc, reference, first.id)
    assert [a.id for a in done.actions if a.done_at] == [first.id]
    assert not next(a for a in done.actions if a.id == first.id).overdue
    with pytest.raises(Conflict):
        core.casework.complete_action(spoc, reference, first.id)
    assert [e.detail for e in audit_entries(core, "referral.action_done")] == [f"action={first.id}"]
    assert len(audit_entries(core, "referral.action")) == 2
    # The words of an action are on the timeline (encrypted), never in the audit log.
    assert not any("Home visit" in (e.detail or "") for e in audit_entries(core))


def test_an_action_title_is_encrypted_at_rest(core: Core, spoc: Principal, reference: str) -> None:
    core.casework.add_action(spoc, reference, "Call Jayden's school", f"inbox:{OWNER}",
                             core.clock() + timedelta(days=1))
    with core.db.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT title FROM case_actions").scalar_one()
    assert stored.startswith("fdenc1:") and "Jayden" not in stored


@pytest.mark.parametrize(("title", "owner", "days", "field"), [
    ("", f"inbox:{OWNER}", 1, "title"),
    ("Visit", "inbox:nowhere", 1, "owner"),
    ("Visit", "staff:999999", 1, "owner"),
    ("Visit", None, 1, "owner"),
    ("Visit", f"inbox:{OWNER}", None, "due_at"),
])
def test_an_action_needs_a_title_a_known_owner_and_a_due_date(
        core: Core, spoc: Principal, reference: str, title: str, owner: str | None, days: int | None,
        field: str) -> None:
    due = core.clock() + timedelta(days=days) if days is not None else None
    with pytest.raises(InvalidInput) as caught:
        core.casework.add_action(spoc, reference, title, owner, due)
    assert caught.value.field == field


def test_an_action_of_another_referral_is_not_found(core: Core, spoc: Principal, reference: str) -> None:
    other = core.submissions.submit(concern()).reference
    view = core.casework.add_action(spoc, other, "Visit", f"inbox:{OWNER}", core.clock() + timedelta(days=1))
    with pytest.raises(NotFound):
        core.casework.complete_action(spoc, reference, view.actions[0].id)


# --- reviews and the overdue hook ------------------------------------------------------------------
def test_overdue_actions_and_reviews_appear_for_their_owners_only(
        core: Core, spoc: Principal, colleague: Principal, mash: Principal, outsider: Principal,
        reference: str, clock: FakeClock) -> None:
    start = clock()
    core.casework.add_action(spoc, reference, "Visit", f"staff:{colleague.id}", start + timedelta(days=1))
    core.casework.add_action(spoc, reference, "Strategy discussion", "inbox:bexley-mash", start + timedelta(days=2))
    view = core.casework.set_review(spoc, reference, start + timedelta(days=3))
    assert view.review_at == start + timedelta(days=3) and not view.review_overdue
    assert core.casework.overdue(spoc) == []

    clock.advance(days=4)
    assert [(i.kind, i.reference) for i in core.casework.overdue(colleague)] == [
        ("action", reference), ("review", reference)]
    assert [(i.kind, i.owner_label) for i in core.casework.overdue(spoc)] == [
        ("review", "Bexley Community Safety gangs SPOC")]
    assert [i.kind for i in core.casework.overdue(mash)] == ["action"]
    assert core.casework.overdue(outsider) == []
    assert core.casework.get(spoc, reference).review_overdue
    assert [e.detail for e in audit_entries(core, "referral.review")] == [(start + timedelta(days=3)).date().isoformat()]

    by_inbox = core.casework.overdue_by_inbox()
    assert sorted(by_inbox) == ["bexley-community-safety", "bexley-mash"]
    assert [i.kind for i in by_inbox[OWNER]] == ["action", "review"]

    core.workflow.close(spoc, reference, "no_further_action")
    assert core.casework.overdue(colleague) == [] and core.casework.overdue_by_inbox() == {}
    with pytest.raises(Conflict):
        core.casework.set_review(spoc, reference, None)


# --- the basis for sharing ---------------------------------------------------------------------------
def test_the_basis_for_sharing_is_recorded_encrypted_and_carried_to_copies(
        core: Core, spoc: Principal, mash: Principal, reference: str) -> None:
    view = core.casework.record_basis(spoc, reference, "not_asked", "safeguarding_child",
                                      "Asking would put Jayden at greater risk", "partnership-isa")
    sharing = view.sharing
    assert (sharing.consent, sharing.basis, sharing.agreement) == ("not_asked", "safeguarding_child",
                                                                  "partnership-isa")
    assert "Article 9(2)(g)" in (sharing.basis_label or "") and "Schedule 1 paragraph 18" in (sharing.basis_label or "")
    assert sharing.agreement_label == "Partnership safeguarding information-sharing agreement (demo)"
    # The copy's readers see the basis with the referral.
    assert core.casework.get(mash, reference).sharing == sharing
    [entry] = audit_entries(core, "referral.sharing")
    assert entry.detail == "not_asked safeguarding_child partnership-isa"
    with core.db.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT sharing_reason FROM referrals").scalar_one()
    assert stored.startswith("fdenc1:") and "Jayden" not in stored
    with core.db.session() as session:
        body = session.scalars(select(ReferralEvent.body).where(ReferralEvent.action == "sharing_basis")).one()
    assert body.startswith("Basis for sharing: Consent not asked; Safeguarding a child")


def test_a_copy_sent_later_carries_the_basis_too(core: Core, spoc: Principal, outsider: Principal,
                                                 reference: str) -> None:
    core.casework.record_basis(spoc, reference, "given", "consent", None, None)
    core.workflow.add_copy(spoc, reference, "hackney-community-safety")
    assert core.casework.get(outsider, reference).sharing.consent_label == "Consent given"


@pytest.mark.parametrize(("consent", "basis", "reason", "agreement", "field"), [
    (None, "consent", None, None, "consent"),
    ("given", "whim", None, None, "basis"),
    ("refused", "consent", "no", None, "basis"),
    ("refused", "public_interest", "  ", None, "reason"),
    ("given", "public_interest", None, None, "reason"),
    ("given", "consent", None, "nope-isa", "agreement"),
])
def test_the_basis_for_sharing_is_checked(core: Core, spoc: Principal, reference: str, consent, basis, reason,
                                          agreement, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.casework.record_basis(spoc, reference, consent, basis, reason, agreement)
    assert caught.value.field == field
    with core.db.session() as session:
        assert session.scalar(select(Referral.sharing_basis)) is None
