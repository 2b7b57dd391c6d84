"""Submitting and reading referrals on a real database (a SQLite file and PostgreSQL, freshly migrated)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdoor.errors import AccessDenied, Conflict, InvalidInput, NotFound
from frontdoor.model import (
    Channel,
    Kind,
    PersonDraft,
    PersonRole,
    ReferralDraft,
    ReporterDraft,
    ReporterRole,
    Urgency,
)
from frontdoor.references import is_reference
from frontdoor.services import Core
from frontdoor.store.models import AuditEntry, Person, Referral, ReferralCopy, ReferralEvent
from frontdoor.views import Principal
from tests.frontdoor.services.referrals.support import AMBER_TEXT, GREEN_TEXT, RED_TEXT, audit_entries


# --- helpers ----------------------------------------------------------------------------------------
def concern(description: str = "He carries a blade and they threatened him", **overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {
        "kind": Kind.CONCERN,
        "channel": Channel.WEB,
        "description": description,
        "area": "Erith",
        "reporter": ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith School", name="Ms Reporter",
                                  email="reporter@school.example.org", phone="07700 900123"),
        "people": [PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)],
    }
    values.update(overrides)
    return ReferralDraft(**values)


def tip(description: str, area: str, **overrides: Any) -> ReferralDraft:
    values: dict[str, Any] = {"kind": Kind.TIP, "channel": Channel.SMS, "description": description, "area": area}
    values.update(overrides)
    return ReferralDraft(**values)




def count(core: Core, model: type) -> int:
    with core.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


# --- submit ------------------------------------------------------------------------------------------
def test_submit_stores_the_referral(core: Core, police: Principal, clock) -> None:
    draft = concern(people=[
        PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam", age=15, school="Erith School",
                    home_area="Erith", known_to_social_care=True, looked_after=False, parent_carer_aware=None),
        PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24, description="drives a black car"),
        PersonDraft(role=PersonRole.WITNESS, name="A friend"),
    ], when="today", place="outside the school", details={"injunction": "none known"})

    submission = core.submissions.submit(draft)

    assert is_reference(submission.reference)
    assert submission.urgency is Urgency.RED
    assert "Weapon together with threats or intent to use it" in submission.reasons
    assert submission.inbox_id == "met-se-gangs"
    assert submission.inbox_name.startswith("Met South East BCU gangs SPOC")
    assert submission.area_name == "London Borough of Bexley"
    assert submission.due_at == clock() + timedelta(hours=1)

    detail = core.queries.get(police, submission.reference)
    assert detail.status == "new"
    assert detail.urgency == "red"
    assert detail.indicators == ("weapon", "threats")
    assert detail.indicator_labels == ("Weapon carried or seen", "Threats made")
    assert detail.inbox.id == "met-se-gangs"
    assert [c.id for c in detail.copies] == ["bexley-community-safety", "bexley-mash", "bexley-education"]
    assert detail.is_copy is False
    assert detail.area_id == "bexley" and detail.area_text == "Erith"
    assert detail.place == "outside the school" and detail.when == "today"
    assert detail.details == {"injunction": "none known"}
    assert detail.anonymous is False
    assert detail.created_at == clock() and detail.due_at == clock() + timedelta(hours=1)
    assert detail.created_at.tzinfo is not None
    assert [e.action for e in detail.events] == ["created"]

    # People keep their roles: the young person and the alleged exploiter are never mixed up.
    assert [p.name for p in detail.at_risk] == ["Sam"]
    assert detail.at_risk[0].role == "young_person_at_risk"
    assert detail.at_risk[0].known_to_social_care is True and detail.at_risk[0].looked_after is False
    assert [p.name for p in detail.alleged_exploiters] == ["Big T"]
    assert detail.alleged_exploiters[0].at_risk is False
    assert detail.alleged_exploiters[0].description == "drives a black car"
    assert [p.name for p in detail.others] == ["A friend"]
    assert detail.reporter is not None
    assert (detail.reporter.reporter_role, detail.reporter.email) == ("teacher", "reporter@school.example.org")
    with core.db.session() as session:
        roles = {p.name: p.role for p in session.scalars(select(Person))}
    assert roles == {"Sam": "young_person_at_risk", "Big T": "alleged_exploiter", "A friend": "witness",
                     "Ms Reporter": "reporter"}

    created = audit_entries(core, "referral.create")
    assert [(a.actor, a.reference, a.detail) for a in created] == [
        ("reporter:web", submission.reference, "met-se-gangs")]


def test_audit_never_holds_the_content(core: Core, police: Principal) -> None:
    submission = core.submissions.submit(concern("Big T carries a blade and threatened Sam", people=[
        PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam Secretname", age=15)]))
    core.queries.get(police, submission.reference)
    core.workflow.add_note(police, submission.reference, "Spoke to Sam Secretname's mum")
    for entry in audit_entries(core):
        text = " ".join(str(v) for v in (entry.actor, entry.action, entry.reference, entry.detail))
        assert "Secretname" not in text and "blade" not in text


def test_anonymous_tip(core: Core, clock) -> None:
    submission = core.submissions.submit(tip("dealing from the flat above the chip shop", "Penge"))
    assert submission.urgency is Urgency.AMBER
    assert submission.inbox_id == "bromley-community-safety"
    # Amber: one working day; the fake clock starts on a Wednesday.
    assert submission.due_at == clock() + timedelta(days=1)
    spoc = core.staff.add("spoc@bromley.example.gov.uk", ["bromley-community-safety"])
    detail = core.queries.get(spoc, submission.reference)
    assert detail.anonymous is True
    assert detail.people == ()
    assert detail.reporter is None
    assert detail.channel == "sms"
    assert audit_entries(core, "referral.create")[0].actor == "reporter:sms"


@pytest.mark.parametrize(("urgency_text", "urgency", "due"), [
    (RED_TEXT, Urgency.RED, timedelta(hours=1)),
    (AMBER_TEXT, Urgency.AMBER, timedelta(days=1)),
    (GREEN_TEXT, Urgency.GREEN, timedelta(days=7)),  # five working days from a Wednesday
], ids=["red", "amber", "green"])
def test_sla_due_time_is_stored(core: Core, clock, urgency_text: str, urgency: Urgency, due: timedelta) -> None:
    submission = core.submissions.submit(concern(urgency_text))
    assert submission.urgency is urgency
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == submission.reference))
        assert row is not None
        assert row.sla_due_at == clock() + due
        assert row.urgency_rank == urgency.rank


def test_unknown_area_goes_to_partnership_triage(core: Core) -> None:
    submission = core.submissions.submit(tip("a lot of young people coming and going", "Atlantis"))
    assert submission.inbox_id == "partnership-triage"
    assert submission.area_name is None


def test_handover_with_origin(core: Core) -> None:
    draft = ReferralDraft(kind=Kind.HANDOVER, channel=Channel.WEB, description="Moving because of threats",
                          area="Bexley", details={"from_area": "Hackney"}, consent_to_contact=True,
                          people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=17)])
    submission = core.submissions.submit(draft)
    assert submission.inbox_id == "bexley-community-safety"
    hackney = core.staff.add("igu@hackney.example.gov.uk", ["hackney-community-safety"])
    detail = core.queries.get(hackney, submission.reference)
    assert detail.is_copy is True
    assert detail.details == {"from_area": "Hackney"}
    assert detail.consent_to_contact is True


INVALID = {
    "empty-description": (dict(description="   "), "description"),
    "too-long-description": (dict(description="x" * 10_001), "description"),
    "bad-email": (dict(reporter=ReporterDraft(role=ReporterRole.PARENT, email="not-an-email")), "email"),
    "age-out-of-range": (dict(people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=130)]), "age"),
    "unknown-indicator": (dict(indicators=["laser"]), "indicators"),
    "person-without-role": (dict(people=[PersonDraft(role="victim")]), "people"),  # type: ignore[arg-type]
    "long-name": (dict(people=[PersonDraft(role=PersonRole.WITNESS, name="n" * 501)]), "name"),
}


@pytest.mark.parametrize(("changes", "field"), INVALID.values(), ids=INVALID.keys())
def test_invalid_drafts_store_nothing(core: Core, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.submissions.submit(concern(**changes))
    assert caught.value.field == field
    assert count(core, Referral) == 0
    assert count(core, AuditEntry) == 0


def test_text_is_normalised_on_the_way_in(core: Core, police: Principal) -> None:
    submission = core.submissions.submit(concern("  He\u2019s got a blade and they threatened him\u0000  ",
                                               area="  Erith "))
    detail = core.queries.get(police, submission.reference)
    assert detail.description == "He's got a blade and they threatened him"
    assert detail.area_text == "Erith"


# --- idempotency ---------------------------------------------------------------------------------------
def test_submit_with_source_key_is_idempotent(core: Core) -> None:
    first = core.submissions.submit(concern(), source_key="conversation-1:submit")
    again = core.submissions.submit(concern("a different retry text"), source_key="conversation-1:submit")
    other = core.submissions.submit(concern(), source_key="conversation-2:submit")

    assert again == first
    assert other.reference != first.reference
    assert count(core, Referral) == 2
    assert len(audit_entries(core, "referral.create")) == 2


def test_concurrent_submissions_with_one_source_key_make_one_referral(core: Core) -> None:
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            submission = core.submissions.submit(tip("dealing by the station", "Erith"), source_key="SM-retry")
            with lock:
                results.append(submission.reference)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(results) == threads_count
    assert len(set(results)) == 1
    assert count(core, Referral) == 1
    assert len(audit_entries(core, "referral.create")) == 1


# --- the queue -----------------------------------------------------------------------------------------
@pytest.fixture
def mixed(core: Core, clock) -> dict[str, str]:
    """Referrals in several inboxes, created a minute apart."""
    made: dict[str, str] = {}

    def add(name: str, draft: ReferralDraft) -> None:
        made[name] = core.submissions.submit(draft).reference
        clock.advance(minutes=1)

    add("green-1", concern(GREEN_TEXT))                        # owned by bexley-community-safety
    add("amber-1", concern(AMBER_TEXT))                        # owned, copy to MASH + education
    add("red-1", concern(RED_TEXT))                            # police owns, bexley copied
    add("green-2", concern(GREEN_TEXT))
    add("amber-2", concern(AMBER_TEXT))
    add("red-2", concern(RED_TEXT))
    add("hackney-red", concern(RED_TEXT, area="Hackney"))      # not bexley's
    add("hackney-green", tip("new trainers", "Dalston"))        # not bexley's
    add("unknown-area", tip("new trainers", "Narnia"))          # partnership triage
    return made


def test_queue_shows_only_owned_or_copied(core: Core, bexley: Principal, hackney: Principal,
                                          mixed: dict[str, str]) -> None:
    queue = core.queries.queue(bexley)
    assert [s.reference for s in queue] == [mixed[n] for n in
                                            ("red-1", "red-2", "amber-1", "amber-2", "green-1", "green-2")]
    assert [s.urgency for s in queue] == ["red", "red", "amber", "amber", "green", "green"]
    assert [s.is_copy for s in queue] == [True, True, False, False, False, False]
    assert all(s.area_id == "bexley" and s.subject_age == 15 for s in queue)

    hackney_queue = core.queries.queue(hackney)
    assert {s.reference for s in hackney_queue} == {mixed["hackney-red"], mixed["hackney-green"]}


def test_queue_orders_by_urgency_then_due_time(core: Core, bexley: Principal, clock) -> None:
    # A green created first is due long after an amber created later; a red made last still leads.
    green = core.submissions.submit(concern(GREEN_TEXT)).reference
    clock.advance(hours=2)
    amber_late = core.submissions.submit(concern(AMBER_TEXT)).reference
    clock.set(clock() - timedelta(hours=1))
    amber_early = core.submissions.submit(concern(AMBER_TEXT)).reference
    clock.advance(hours=5)
    red = core.submissions.submit(concern(RED_TEXT)).reference

    queue = core.queries.queue(bexley)
    assert [s.reference for s in queue] == [red, amber_early, amber_late, green]
    assert queue[1].due_at < queue[2].due_at


def test_queue_filters(core: Core, bexley: Principal, mixed: dict[str, str]) -> None:
    reds = core.queries.queue(bexley, urgency="red")
    assert [s.reference for s in reds] == [mixed["red-1"], mixed["red-2"]]

    # One of several inboxes: what that inbox owns or holds a copy of.
    duty = core.staff.add("duty@bexley.example.gov.uk", ["bexley-community-safety", "bexley-mash"])
    mash = core.queries.queue(duty, inbox="bexley-mash")
    assert [s.reference for s in mash] == [mixed[n] for n in ("red-1", "red-2", "amber-1", "amber-2")]
    # Whether it is a copy depends on all the caller's inboxes, not on the filter.
    assert [s.is_copy for s in mash] == [True, True, False, False]
    assert len(core.queries.queue(duty)) == 6

    assert len(core.queries.queue(bexley, limit=2)) == 2
    assert [s.reference for s in core.queries.queue(bexley, limit=2, offset=2)] == [mixed["amber-1"],
                                                                                     mixed["amber-2"]]

    with pytest.raises(InvalidInput) as caught:
        core.queries.queue(bexley, urgency="purple")
    assert caught.value.field == "urgency"
    with pytest.raises(InvalidInput) as caught:
        core.queries.queue(bexley, status="lost")
    assert caught.value.field == "status"
    with pytest.raises(NotFound):
        core.queries.queue(bexley, inbox="hackney-community-safety")
    for bad in ({"limit": "10"}, {"limit": True}, {"offset": -1}, {"offset": 1.5}):
        with pytest.raises(InvalidInput):
            core.queries.queue(bexley, **bad)


def test_queue_status_filters_and_closed(core: Core, bexley: Principal, mixed: dict[str, str]) -> None:
    core.workflow.acknowledge(bexley, mixed["amber-1"])
    core.workflow.close(bexley, mixed["green-1"], "signposted")

    default = [s.reference for s in core.queries.queue(bexley)]
    assert mixed["green-1"] not in default
    assert mixed["amber-1"] in default

    assert [s.reference for s in core.queries.queue(bexley, status="closed")] == [mixed["green-1"]]
    assert [s.reference for s in core.queries.queue(bexley, status="acknowledged")] == [mixed["amber-1"]]
    assert mixed["amber-1"] not in {s.reference for s in core.queries.queue(bexley, status="new")}
    everything = [s.reference for s in core.queries.queue(bexley, status="all")]
    assert len(everything) == 6
    assert everything[-1] == mixed["green-1"], "closed referrals come last"


def test_queue_marks_overdue_and_is_audited(core: Core, bexley: Principal, mixed: dict[str, str], clock) -> None:
    assert not any(s.overdue for s in core.queries.queue(bexley))
    clock.advance(hours=2)  # past the reds' one hour
    overdue = {s.reference for s in core.queries.queue(bexley) if s.overdue}
    assert overdue == {mixed["red-1"], mixed["red-2"]}
    listed = audit_entries(core, "referral.list")
    assert listed[-1].actor == "spoc@bexley.example.gov.uk"
    assert "n=6" in (listed[-1].detail or "")


def test_admin_without_inboxes_sees_nothing(core: Core, mixed: dict[str, str]) -> None:
    admin = core.staff.add("admin@frontdoor.example", [], is_admin=True)
    assert core.queries.queue(admin) == []
    with pytest.raises(NotFound):
        core.queries.get(admin, mixed["red-1"])


def test_summary_json(core: Core, bexley: Principal, mixed: dict[str, str]) -> None:
    data = core.queries.queue(bexley, urgency="red")[0].to_json()
    assert data["reference"] == mixed["red-1"]
    assert data["indicators"] == ["weapon", "threats"]
    assert datetime.fromisoformat(data["due_at"]).tzinfo is not None


# --- reading one referral ----------------------------------------------------------------------------------
def test_get_of_another_inbox_is_not_found_and_audited(core: Core, hackney: Principal,
                                                       mixed: dict[str, str]) -> None:
    reference = mixed["red-1"]
    with pytest.raises(NotFound):
        core.queries.get(hackney, reference)

    denied = audit_entries(core, "referral.view.denied")
    assert [(a.actor, a.reference) for a in denied] == [("igu@hackney.example.gov.uk", reference)]
    # Committed, in a transaction of its own: a fresh connection sees it.
    core.db.dispose()
    assert len(audit_entries(core, "referral.view.denied")) == 1
    assert audit_entries(core, "referral.view", reference) == []


def test_unknown_and_malformed_references_are_not_found(core: Core, bexley: Principal) -> None:
    from frontdoor.references import new_reference

    unknown = new_reference()
    with pytest.raises(NotFound):
        core.queries.get(bexley, unknown)
    assert [a.reference for a in audit_entries(core, "referral.view.denied")] == [unknown]
    with pytest.raises(NotFound):
        core.queries.get(bexley, "not a reference")


def test_get_forgives_how_the_reference_is_typed(core: Core, bexley: Principal, mixed: dict[str, str]) -> None:
    reference = mixed["green-1"]
    typed = reference[len("FD-"):].lower().replace("-", " ")
    assert core.queries.get(bexley, typed).reference == reference
    assert [a.reference for a in audit_entries(core, "referral.view")] == [reference]


def test_copy_holder_can_read(core: Core, bexley: Principal, mixed: dict[str, str]) -> None:
    detail = core.queries.get(bexley, mixed["red-1"])
    assert detail.is_copy is True
    assert detail.inbox.id == "met-se-gangs"
    assert detail.to_json()["reference"] == mixed["red-1"]


# --- the workflow ------------------------------------------------------------------------------------------
# A copy holder may add notes (see test_referrals_workflow.py), not work the referral.
@pytest.mark.parametrize("action", ["acknowledge", "close"])
def test_copy_holder_cannot_work_the_referral(core: Core, bexley: Principal, police: Principal,
                                              mixed: dict[str, str], action: str) -> None:
    reference = mixed["red-1"]
    calls = {
        "acknowledge": lambda: core.workflow.acknowledge(bexley, reference),
        "note": lambda: core.workflow.add_note(bexley, reference, "we know him"),
        "close": lambda: core.workflow.close(bexley, reference, "no_further_action"),
    }
    with pytest.raises(AccessDenied):
        calls[action]()

    audited = {"acknowledge": "referral.acknowledge.denied", "note": "referral.note.denied",
               "close": "referral.close.denied"}[action]
    assert [(a.actor, a.reference) for a in audit_entries(core, audited)] == [
        ("spoc@bexley.example.gov.uk", reference)]
    detail = core.queries.get(police, reference)
    assert detail.status == "new"
    assert [e.action for e in detail.events] == ["created"]


def test_other_inbox_cannot_work_the_referral(core: Core, hackney: Principal, mixed: dict[str, str]) -> None:
    with pytest.raises(NotFound):
        core.workflow.acknowledge(hackney, mixed["green-1"])
    assert len(audit_entries(core, "referral.acknowledge.denied")) == 1


def test_acknowledge_note_close(core: Core, bexley: Principal, mixed: dict[str, str], clock) -> None:
    reference = mixed["amber-1"]
    acknowledged_at = clock.advance(minutes=30)
    detail = core.workflow.acknowledge(bexley, reference)
    assert detail.status == "acknowledged"
    assert detail.acknowledged_at == acknowledged_at
    with pytest.raises(Conflict):
        core.workflow.acknowledge(bexley, reference)

    clock.advance(minutes=5)
    detail = core.workflow.add_note(bexley, reference, "  Called the school; DSL aware.  ")
    assert detail.events[-1].action == "note"
    assert detail.events[-1].body == "Called the school; DSL aware."
    assert detail.events[-1].actor == "spoc@bexley.example.gov.uk"
    with pytest.raises(InvalidInput):
        core.workflow.add_note(bexley, reference, "   ")
    with pytest.raises(InvalidInput):
        core.workflow.add_note(bexley, reference, "x" * 5001)

    with pytest.raises(InvalidInput) as caught:
        core.workflow.close(bexley, reference, "sorted")
    assert caught.value.field == "outcome"

    closed_at = clock.advance(minutes=5)
    detail = core.workflow.close(bexley, reference, "referred_mash", "Strategy meeting booked")
    assert detail.status == "closed"
    assert detail.outcome == "referred_mash"
    assert detail.closed_at == closed_at
    assert detail.acknowledged_at == acknowledged_at
    assert detail.events[-1].body == "Referred to MASH / children's social care — Strategy meeting booked"
    assert [e.action for e in detail.events] == ["created", "acknowledged", "note", "closed"]

    with pytest.raises(Conflict):
        core.workflow.close(bexley, reference, "referred_mash")
    with pytest.raises(Conflict):
        core.workflow.acknowledge(bexley, reference)
    # Notes can still be added to a closed referral's timeline.
    core.workflow.add_note(bexley, reference, "MASH confirmed receipt")

    actions = [a.action for a in audit_entries(core, reference=reference)]
    assert actions == ["referral.create", "referral.acknowledge", "referral.note", "referral.close",
                       "referral.note"]
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReferralEvent)
                              .join(Referral).where(Referral.reference == reference)) == 5


def test_close_without_acknowledging_stops_the_clock(core: Core, bexley: Principal, mixed: dict[str, str],
                                                     clock) -> None:
    now = clock.advance(days=30)
    detail = core.workflow.close(bexley, mixed["green-2"], "no_further_action")
    assert detail.acknowledged_at == now
    assert detail.overdue is False


def test_copies_are_stored_once(core: Core, mixed: dict[str, str]) -> None:
    with core.db.session() as session:
        rows = session.execute(select(Referral.reference, ReferralCopy.inbox_id).join(ReferralCopy)
                               .where(Referral.reference == mixed["red-1"])).all()
    assert sorted(inbox for _, inbox in rows) == ["bexley-community-safety", "bexley-education", "bexley-mash"]
