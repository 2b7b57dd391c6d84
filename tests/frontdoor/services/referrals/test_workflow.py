"""The SPOC workflow on stored referrals: urgency, assignment, transfer, copies, outcomes, the queue.

Runs on a SQLite file and on PostgreSQL (the ``core`` fixture), both freshly migrated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from frontdoor.errors import AccessDenied, Conflict, InvalidInput, NotFound
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
)
from frontdoor.services import Core
from frontdoor.store.models import Referral
from frontdoor.views import Principal
from frontdoor.workflow_config import WorkflowConfig
from tests.frontdoor.services.referrals.support import AMBER_TEXT, GREEN_TEXT, RED_TEXT, audit_entries


def concern(description: str, area: str = "Erith", **overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {
        "kind": Kind.CONCERN, "channel": Channel.WEB, "description": description, "area": area,
        "reporter": ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith School", name="Ms Reporter"),
        "people": [PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15),
                   PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T")],
    }
    values.update(overrides)
    return ReferralDraft(**values)


def stored(core: Core, reference: str) -> Referral:
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        assert row is not None
        session.expunge(row)
        return row


@pytest.fixture
def refs(core: Core, clock) -> dict[str, str]:
    """``amber``: owned by bexley-community-safety (copies to MASH and education);
    ``red``: owned by met-se-gangs, bexley-community-safety holds a copy; ``green``: bexley's."""
    made = {}
    for name, text in (("amber", AMBER_TEXT), ("red", RED_TEXT), ("green", GREEN_TEXT)):
        made[name] = core.submissions.submit(concern(text)).reference
        clock.advance(minutes=1)
    return made


# --- urgency -------------------------------------------------------------------------------------------
def test_change_urgency_recomputes_rank_and_due_time_and_keeps_the_triage_reasons(
        core: Core, bexley: Principal, refs: dict[str, str], clock) -> None:
    reference = refs["amber"]
    before = core.queries.get(bexley, reference)
    assert before.urgency == "amber"
    changed_at = clock.advance(minutes=10)

    detail = core.workflow.change_urgency(bexley, reference, "red", "  Mum says he was threatened with a knife ")

    assert detail.urgency == "red"
    assert detail.due_at == before.created_at + timedelta(hours=1)
    assert detail.reasons[:len(before.reasons)] == before.reasons
    assert detail.reasons[-1] == ("Changed from amber to red by spoc@bexley.example.gov.uk: "
                                  "Mum says he was threatened with a knife")
    event_ = detail.events[-1]
    assert (event_.action, event_.actor, event_.at) == ("urgency_changed", bexley.email, changed_at)
    assert event_.body == "Amber to Red: Mum says he was threatened with a knife"
    row = stored(core, reference)
    assert (row.urgency, row.urgency_rank) == ("red", 0)
    [entry] = audit_entries(core, "referral.urgency")
    assert (entry.actor, entry.reference, entry.detail) == (bexley.email, reference, "amber->red")
    # Now first in the queue, ahead of the green and level with reds by due time.
    assert next(s.reference for s in core.queries.queue(bexley)) in {reference, refs["red"]}


def test_lowering_urgency_moves_the_due_time_later(core: Core, bexley: Principal, refs: dict[str, str]) -> None:
    detail = core.workflow.change_urgency(bexley, refs["amber"], "green", "Known to YOT, already supported")
    assert detail.urgency == "green"
    assert stored(core, refs["amber"]).urgency_rank == 2
    # Five working days from Wednesday 10:00 is the next Wednesday.
    assert detail.due_at == detail.created_at + timedelta(days=7)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_change_urgency_needs_a_reason(core: Core, bexley: Principal, refs: dict[str, str], reason) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.workflow.change_urgency(bexley, refs["amber"], "red", reason)
    assert caught.value.field == "reason"
    assert stored(core, refs["amber"]).urgency == "amber"
    assert audit_entries(core, "referral.urgency") == []


@pytest.mark.parametrize("urgency", ["purple", "", "RED"])
def test_change_urgency_needs_a_known_urgency(core: Core, bexley: Principal, refs: dict[str, str],
                                              urgency: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.workflow.change_urgency(bexley, refs["amber"], urgency, "because")
    assert caught.value.field == "urgency"


def test_change_urgency_conflicts(core: Core, bexley: Principal, refs: dict[str, str]) -> None:
    with pytest.raises(Conflict):
        core.workflow.change_urgency(bexley, refs["amber"], "amber", "same again")
    core.workflow.close(bexley, refs["amber"], "signposted")
    with pytest.raises(Conflict):
        core.workflow.change_urgency(bexley, refs["amber"], "red", "too late")


# --- refusals for copy holders and other inboxes ------------------------------------------------------
COPY_HOLDER_REFUSALS = {
    "urgency": (lambda c, p, r: c.workflow.change_urgency(p, r, "green", "not that bad"), "referral.urgency"),
    "assign": (lambda c, p, r: c.workflow.reassign(p, r, p.id), "referral.assign"),
    "transfer": (lambda c, p, r: c.workflow.transfer(p, r, "bexley-community-safety", "ours now"),
                 "referral.transfer"),
    "close": (lambda c, p, r: c.workflow.close(p, r, "no_further_action"), "referral.close"),
    "copy": (lambda c, p, r: c.workflow.add_copy(p, r, "hackney-community-safety"), "referral.copy"),
    "uncopy": (lambda c, p, r: c.workflow.remove_copy(p, r, "bexley-mash"), "referral.uncopy"),
    "acknowledge": (lambda c, p, r: c.workflow.acknowledge(p, r), "referral.acknowledge"),
}


@pytest.mark.parametrize("action", sorted(COPY_HOLDER_REFUSALS))
def test_a_copy_holder_cannot_work_the_referral(core: Core, bexley: Principal, police: Principal,
                                                refs: dict[str, str], action: str) -> None:
    call, audited = COPY_HOLDER_REFUSALS[action]
    reference = refs["red"]  # police owns it; bexley holds a copy
    before = core.queries.get(police, reference)
    with pytest.raises(AccessDenied):
        call(core, bexley, reference)
    assert [(a.actor, a.reference) for a in audit_entries(core, f"{audited}.denied")] == [
        (bexley.email, reference)]
    after = core.queries.get(police, reference)
    assert (after.status, after.urgency, after.inbox.id, after.copies, after.events) == (
        before.status, before.urgency, before.inbox.id, before.copies, before.events)


@pytest.mark.parametrize("action", sorted(COPY_HOLDER_REFUSALS))
def test_another_inbox_cannot_even_see_it(core: Core, hackney: Principal, refs: dict[str, str],
                                          action: str) -> None:
    call, audited = COPY_HOLDER_REFUSALS[action]
    with pytest.raises(NotFound):
        call(core, hackney, refs["amber"])
    with pytest.raises(NotFound):
        core.queries.get(hackney, refs["amber"])
    assert len(audit_entries(core, f"{audited}.denied")) == 1
    assert [e.action for e in core.queries.get(
        core.staff.add("x@bexley.example.gov.uk", ["bexley-community-safety"]), refs["amber"]).events] == ["created"]


def test_a_copy_holder_can_add_notes(core: Core, bexley: Principal, police: Principal,
                                     refs: dict[str, str], clock) -> None:
    at = clock.advance(minutes=3)
    detail = core.workflow.add_note(bexley, refs["red"], "Known to our team since January")
    assert detail.is_copy is True
    seen_by_owner = core.queries.get(police, refs["red"])
    assert (seen_by_owner.events[-1].action, seen_by_owner.events[-1].actor, seen_by_owner.events[-1].at,
            seen_by_owner.events[-1].body) == ("note", bexley.email, at, "Known to our team since January")
    [entry] = audit_entries(core, "referral.note")
    assert entry.detail is None  # never the note itself


# --- assignment ---------------------------------------------------------------------------------------
def test_reassign_within_the_owning_inbox(core: Core, bexley: Principal, colleague: Principal,
                                          refs: dict[str, str]) -> None:
    reference = refs["amber"]
    before = core.queries.get(bexley, reference)
    assert before.assigned_to is None
    assert [s.email for s in before.assignees] == [bexley.email, colleague.email]  # by name

    detail = core.workflow.reassign(bexley, reference, colleague.id)
    assert detail.assigned_to is not None and detail.assigned_to.email == colleague.email
    assert detail.events[-1].action == "assigned"
    assert detail.events[-1].body == "Assigned to Col League"  # a name, not an address
    assert stored(core, reference).assigned_to == colleague.id
    assert [e.detail for e in audit_entries(core, "referral.assign")] == [f"staff={colleague.id}"]
    assert detail.to_json()["assigned_to"] == {"id": colleague.id, "email": colleague.email, "name": "Col League"}
    assert "assignees" not in detail.to_json()

    # "Assigned to me" in the colleague's queue; not in the first SPOC's.
    assert [s.reference for s in core.queries.queue(colleague, assigned="me")] == [reference]
    assert core.queries.queue(bexley, assigned="me") == []
    assert reference not in [s.reference for s in core.queries.queue(bexley, assigned="unassigned")]

    with pytest.raises(Conflict):
        core.workflow.reassign(bexley, reference, colleague.id)
    detail = core.workflow.reassign(colleague, reference, None)
    assert detail.assigned_to is None and detail.events[-1].body == "No longer assigned"


def test_reassign_to_someone_outside_the_owning_inbox_is_refused(
        core: Core, bexley: Principal, police: Principal, bromley: Principal, refs: dict[str, str]) -> None:
    reference = refs["amber"]
    for outsider in (police, bromley):
        with pytest.raises(InvalidInput) as caught:
            core.workflow.reassign(bexley, reference, outsider.id)
        assert caught.value.field == "assignee"
        assert "transfer" in str(caught.value)
    with pytest.raises(InvalidInput):
        core.workflow.reassign(bexley, reference, 999_999)
    with pytest.raises(InvalidInput):
        core.workflow.reassign(bexley, reference, "1")  # type: ignore[arg-type]
    assert stored(core, reference).assigned_to is None
    assert [e.action for e in core.queries.get(bexley, reference).events] == ["created"]
    assert len(audit_entries(core, "referral.assign.refused")) == 3
    assert audit_entries(core, "referral.assign") == []


def test_an_inactive_member_cannot_be_assigned(core: Core, bexley: Principal, colleague: Principal,
                                               refs: dict[str, str]) -> None:
    from frontdoor.store.models import Staff

    with core.db.session() as session:
        session.get(Staff, colleague.id).active = False
    assert [s.email for s in core.queries.get(bexley, refs["amber"]).assignees] == [bexley.email]
    with pytest.raises(InvalidInput):
        core.workflow.reassign(bexley, refs["amber"], colleague.id)


# --- transfer -------------------------------------------------------------------------------------------
def test_transfer_to_another_boroughs_inbox(core: Core, bexley: Principal, colleague: Principal,
                                            bromley: Principal, refs: dict[str, str], clock) -> None:
    reference = refs["amber"]
    core.workflow.acknowledge(bexley, reference)
    core.workflow.reassign(bexley, reference, colleague.id)
    with pytest.raises(NotFound):
        core.queries.get(bromley, reference)
    moved_at = clock.advance(hours=3)

    detail = core.workflow.transfer(bexley, reference, "bromley-community-safety",
                                     "Family moved to Penge last week")

    assert detail is not None and detail.is_copy is True
    assert detail.inbox.id == "bromley-community-safety"
    assert [c.id for c in detail.copies] == ["bexley-mash", "bexley-education", "bexley-community-safety"]
    assert detail.status == "new" and detail.acknowledged_at is None and detail.assigned_to is None
    assert detail.due_at == moved_at + timedelta(days=1)  # amber: one working day from the transfer
    assert detail.routing_reasons[-1] == ("Transferred from Bexley Community Safety gangs SPOC to "
                                          "Bromley Community Safety gangs SPOC")
    last = detail.events[-1]
    assert (last.action, last.actor, last.at) == ("transferred", bexley.email, moved_at)
    assert last.body.endswith(": Family moved to Penge last week")
    assert "kept an info-only copy" in last.body
    [entry] = audit_entries(core, "referral.transfer")
    assert entry.detail == "bexley-community-safety->bromley-community-safety copy=yes"
    assert "Penge" not in entry.detail

    # The receiving SPOC owns it now: it is in their queue, not a copy, and they can close it.
    queued = core.queries.queue(bromley)
    assert [(s.reference, s.is_copy, s.status) for s in queued] == [(reference, False, "new")]
    assert [s.reference for s in core.queries.queue(bexley, scope="copies")] == [refs["red"], reference]
    with pytest.raises(AccessDenied):
        core.workflow.close(bexley, reference, "signposted")
    # The old owner can still add what it knows.
    core.workflow.add_note(bexley, reference, "Our file is with the MASH")
    closed = core.workflow.close(bromley, reference, "early_help", "Picked up by Bromley youth service")
    assert closed.status == "closed" and closed.outcome == "early_help"
    assert closed.outcome_label == "Referred to early help or a youth service"
    assert [e.action for e in closed.events] == ["created", "acknowledged", "assigned", "transferred",
                                                 "note", "closed"]


def test_transfer_without_keeping_a_copy(core: Core, bexley: Principal, bromley: Principal,
                                         refs: dict[str, str]) -> None:
    reference = refs["green"]
    assert core.workflow.transfer(bexley, reference, "bromley-community-safety", "Lives in Bromley",
                                   keep_copy=False) is None
    with pytest.raises(NotFound):
        core.queries.get(bexley, reference)
    assert [c.id for c in core.queries.get(bromley, reference).copies] == ["bexley-education"]
    assert audit_entries(core, "referral.transfer")[0].detail.endswith("copy=no")


def test_transfer_to_an_inbox_holding_a_copy_makes_it_the_owner(core: Core, bexley: Principal,
                                                                refs: dict[str, str]) -> None:
    detail = core.workflow.transfer(bexley, refs["amber"], "bexley-mash", "Section 47 enquiry opened")
    assert detail is not None
    assert detail.inbox.id == "bexley-mash"
    assert [c.id for c in detail.copies] == ["bexley-education", "bexley-community-safety"]


def test_a_changed_urgency_after_a_transfer_counts_from_the_transfer(core: Core, bexley: Principal,
                                                                     bromley: Principal, refs: dict[str, str],
                                                                     clock) -> None:
    moved_at = clock.advance(days=1)
    core.workflow.transfer(bexley, refs["amber"], "bromley-community-safety", "Moved")
    clock.advance(minutes=20)
    detail = core.workflow.change_urgency(bromley, refs["amber"], "red", "Threats since the move")
    assert detail.due_at == moved_at + timedelta(hours=1)


@pytest.mark.parametrize(
    ("inbox", "reason", "field"),
    [("bromley-community-safety", "", "reason"), ("bromley-community-safety", None, "reason"),
     ("nowhere", "moved", "inbox"), ("", "moved", "inbox"), ("bexley-community-safety", "moved", "inbox")],
)
def test_transfer_refusals(core: Core, bexley: Principal, refs: dict[str, str], inbox, reason, field) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.workflow.transfer(bexley, refs["amber"], inbox, reason)
    assert caught.value.field == field
    row = stored(core, refs["amber"])
    assert row.inbox_id == "bexley-community-safety"
    assert audit_entries(core, "referral.transfer") == []


def test_a_closed_referral_cannot_be_transferred_or_reassigned(core: Core, bexley: Principal,
                                                               colleague: Principal, refs: dict[str, str]) -> None:
    core.workflow.close(bexley, refs["amber"], "no_further_action")
    with pytest.raises(Conflict):
        core.workflow.transfer(bexley, refs["amber"], "bromley-community-safety", "moved")
    with pytest.raises(Conflict):
        core.workflow.reassign(bexley, refs["amber"], colleague.id)


# --- info-only copies -----------------------------------------------------------------------------------
def test_add_and_remove_an_info_only_copy(core: Core, bexley: Principal, hackney: Principal,
                                          refs: dict[str, str]) -> None:
    reference = refs["amber"]
    detail = core.workflow.add_copy(bexley, reference, "hackney-community-safety")
    assert [c.id for c in detail.copies][-1] == "hackney-community-safety"
    assert detail.events[-1].action == "copied"
    seen = core.queries.get(hackney, reference)
    assert seen.is_copy is True and seen.assignees == ()
    core.workflow.add_note(hackney, reference, "He has family in Dalston")
    with pytest.raises(AccessDenied):
        core.workflow.close(hackney, reference, "signposted")
    with pytest.raises(Conflict):
        core.workflow.add_copy(bexley, reference, "hackney-community-safety")
    with pytest.raises(InvalidInput):
        core.workflow.add_copy(bexley, reference, "bexley-community-safety")  # the owner
    with pytest.raises(InvalidInput):
        core.workflow.add_copy(bexley, reference, "nowhere")

    detail = core.workflow.remove_copy(bexley, reference, "hackney-community-safety")
    assert "hackney-community-safety" not in [c.id for c in detail.copies]
    assert detail.events[-1].action == "copy_removed"
    with pytest.raises(NotFound):
        core.queries.get(hackney, reference)
    with pytest.raises(InvalidInput):
        core.workflow.remove_copy(bexley, reference, "hackney-community-safety")
    assert [(a.action, a.detail) for a in audit_entries(core, reference=reference)
            if a.action in {"referral.copy", "referral.uncopy"}] == [
        ("referral.copy", "hackney-community-safety"), ("referral.uncopy", "hackney-community-safety")]


# --- outcomes -------------------------------------------------------------------------------------------
#: Bexley's outcomes in the demo workflow (the six it always had among them).
BEXLEY = [o.id for o in WorkflowConfig.load().vocabulary("bexley")]


def test_bexley_keeps_the_outcomes_it_had() -> None:
    assert {"referred_mash", "referred_svpp", "police_intelligence", "early_help", "signposted",
            "no_further_action"} <= set(BEXLEY)
    assert WorkflowConfig.load().label("referred_svpp") == "Referred to the Serious Violence Prevention Panel"


@pytest.mark.parametrize("outcome", BEXLEY)
def test_close_with_each_outcome(core: Core, bexley: Principal, refs: dict[str, str], outcome: str) -> None:
    detail = core.workflow.close(bexley, refs["green"], outcome)
    label = core.workflow.workflow_config.label(outcome)
    assert (detail.status, detail.outcome, detail.outcome_label) == ("closed", outcome, label)
    assert detail.to_json()["outcome"] == outcome
    assert audit_entries(core, "referral.close")[0].detail == outcome


@pytest.mark.parametrize("outcome", ["", "sorted", "already_known", None])
def test_close_needs_a_listed_outcome(core: Core, bexley: Principal, refs: dict[str, str], outcome) -> None:
    with pytest.raises(InvalidInput):
        core.workflow.close(bexley, refs["green"], outcome)
    assert stored(core, refs["green"]).status == "new"


# --- the queue ------------------------------------------------------------------------------------------
@pytest.fixture
def many(core: Core, clock) -> dict[str, str]:
    made = {}
    drafts = {
        "amber": concern(AMBER_TEXT),
        "red": concern(RED_TEXT),
        "green": concern(GREEN_TEXT),
        "tip": ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="New trainers and phones",
                             area="Sidcup"),
        "self": ReferralDraft(kind=Kind.SELF_REFERRAL, channel=Channel.WEB, area="Erith",
                              description="I want to get out, they say I owe them", consent_to_contact=True),
    }
    for name, draft in drafts.items():
        made[name] = core.submissions.submit(draft).reference
        clock.advance(minutes=1)
    return made


def test_queue_filters_by_kind_and_scope(core: Core, bexley: Principal, many: dict[str, str]) -> None:
    assert [s.reference for s in core.queries.queue(bexley, kind="tip")] == [many["tip"]]
    owned = core.queries.queue(bexley, scope="owned")
    assert owned and not any(s.is_copy for s in owned)
    copies = core.queries.queue(bexley, scope="copies")
    assert [s.reference for s in copies] == [many["red"]] and copies[0].is_copy
    everything = core.queries.queue(bexley, scope="all")
    assert {s.reference for s in everything} == {s.reference for s in owned} | {many["red"]}
    assert core.queries.queue(bexley, kind="concern", urgency="green", scope="owned")[0].reference == many["green"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("kind", "rumour"), ("assigned", "them"), ("scope", "theirs"), ("urgency", "purple"), ("status", "lost")],
)
def test_queue_refuses_unknown_filters(core: Core, bexley: Principal, key: str, value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.queries.queue(bexley, **{key: value})
    assert caught.value.field == key


def test_queue_pages(core: Core, bexley: Principal, many: dict[str, str]) -> None:
    whole = [s.reference for s in core.queries.queue(bexley, status="all")]
    pages = [[s.reference for s in core.queries.queue(bexley, status="all", limit=2, offset=offset)]
             for offset in (0, 2, 4, 6)]
    assert [ref for page in pages for ref in page] == whole
    assert [len(p) for p in pages][:2] == [2, 2]


@pytest.fixture
def selects(core: Core) -> Iterator[list[str]]:
    """The SELECT statements run on the core's engine while the test runs."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(core.db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(core.db.engine, "before_cursor_execute", listen)


def test_a_queue_page_is_one_query_whatever_its_size(core: Core, bexley: Principal, colleague: Principal,
                                                     clock, selects: list[str]) -> None:
    for n in range(12):
        ref = core.submissions.submit(concern(AMBER_TEXT if n % 2 else GREEN_TEXT)).reference
        if n % 3 == 0:
            core.workflow.reassign(bexley, ref, colleague.id)
        clock.advance(minutes=1)
    for kwargs in ({}, {"assigned": "me"}, {"kind": "concern", "scope": "owned", "status": "all"}):
        selects.clear()
        rows = core.queries.queue(colleague, limit=50, **kwargs)
        assert rows
        referral_selects = [s for s in selects if "referrals" in s or "people" in s]
        assert len(referral_selects) == 1, referral_selects
    assert {s.subject_age for s in core.queries.queue(colleague)} == {15}


# --- the inbox directory --------------------------------------------------------------------------------
def test_inbox_directory_groups_inboxes_by_area(core: Core) -> None:
    groups = core.queries.inbox_directory()
    by_area = {g.area_id: g for g in groups}
    assert "bromley-community-safety" in [i.id for i in by_area["bromley"].inboxes]
    assert "met-se-gangs" in [i.id for i in by_area["bexley"].inboxes]
    assert groups[-1].area_id is None and "partnership-triage" in [i.id for i in groups[-1].inboxes]
    listed = {i.id for g in groups for i in g.inboxes}
    assert listed == set(core.table.inboxes)
