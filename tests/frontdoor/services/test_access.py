"""Need-to-know in the core: a SPOC of one inbox cannot read or work another inbox's referrals.

Every way in is tried on a referral of another inbox and on a reference that
does not exist: the answer is the same (so existence does not leak), nothing
changes, and each refusal is in the audit log. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdoor.errors import AccessDenied, FrontDoorError, InvalidInput, NotFound
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.references import new_reference
from frontdoor.services import Core
from frontdoor.services.referrals import ReferralQueries, ReferralWorkflow
from frontdoor.store.models import AuditEntry, Referral, ReferralCopy, ReferralEvent
from frontdoor.views import Principal

BEXLEY = "bexley-community-safety"
BROMLEY = "bromley-community-safety"
POLICE = "met-se-gangs"

#: Arguments for the workflow methods' own parameters, by name (an attacker's choices).
ARGUMENTS: dict[str, Any] = {
    "text": "A note", "note": "A note", "question": "Are you safe?", "reason": "Because",
    "outcome": "referred_mash", "urgency": "red", "staff_id": None, "inbox_id": BROMLEY,
}


def workflow_methods() -> list[str]:
    """Every public query and workflow method that acts on one referral: ``(principal, reference, ...)``."""
    names = []
    members = inspect.getmembers(ReferralQueries, inspect.isfunction) + inspect.getmembers(ReferralWorkflow,
                                                                                          inspect.isfunction)
    for name, method in members:
        params = list(inspect.signature(method).parameters)
        if not name.startswith("_") and params[1:3] == ["principal", "reference"]:
            names.append(name)
    return sorted(names)


def call(core: Core, name: str, principal: Principal, reference: str, **overrides: Any) -> Any:
    method = getattr(core.queries if hasattr(core.queries, name) else core.workflow, name)
    args: dict[str, Any] = {}
    for param in list(inspect.signature(method).parameters.values())[2:]:
        if param.kind is param.KEYWORD_ONLY and param.default is not param.empty:
            continue
        if param.name in overrides:
            args[param.name] = overrides[param.name]
        elif param.name in ARGUMENTS:
            args[param.name] = ARGUMENTS[param.name]
        elif param.default is param.empty:
            args[param.name] = "x"
    return method(principal, reference, **args)


def outcome(core: Core, name: str, principal: Principal, reference: str, **overrides: Any) -> tuple[str, str]:
    try:
        call(core, name, principal, reference, **overrides)
    except FrontDoorError as exc:
        return type(exc).__name__, str(exc)
    return "allowed", ""


def snapshot(core: Core, reference: str) -> tuple[Any, ...]:
    """Everything a workflow action could change on a referral."""
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        assert row is not None
        events = session.scalar(select(func.count()).select_from(ReferralEvent)
                                .where(ReferralEvent.referral_id == row.id))
        copies = sorted(session.scalars(select(ReferralCopy.inbox_id).where(ReferralCopy.referral_id == row.id)))
        return (row.status, row.urgency, row.inbox_id, row.assigned_to, row.outcome, row.sla_due_at,
                row.acknowledged_at, row.closed_at, events, tuple(copies))


def denials(core: Core, actor: str) -> list[tuple[str, str | None]]:
    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.actor == actor,
                                                        AuditEntry.action.like("%.denied"))
                               .order_by(AuditEntry.id)).all()
        return [(e.action, e.reference) for e in rows]


@pytest.fixture
def world(core: Core) -> dict[str, Any]:
    """Referrals in several inboxes, and a SPOC of each of three inboxes."""
    drafts = {
        "bexley": ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
                                description="She keeps going missing and is running drugs for older boys.",
                                people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=14)]),
        "bexley_tip": ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, area="Bexleyheath",
                                    description="Some older lads hang around the park with new phones."),
        "bromley": ReferralDraft(kind=Kind.TIP, channel=Channel.WEB, area="Penge",
                                 description="Older lads hanging about by the station with new trainers."),
        "police": ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area="Erith",
                                description="Sam was stabbed last night and they threaten to come back "
                                            "with a knife."),
    }
    refs = {name: core.submissions.submit(draft).reference for name, draft in drafts.items()}
    spocs = {
        "bromley": core.staff.add("bromley.spoc@frontdoor.example", [BROMLEY]),
        "bexley": core.staff.add("bexley.spoc@frontdoor.example", [BEXLEY]),
        "police": core.staff.add("se.police@frontdoor.example", [POLICE]),
        "admin": core.staff.add("admin@frontdoor.example", [], is_admin=True),
    }
    return {"refs": refs, "spocs": spocs}


def test_the_seeded_referrals_are_where_the_test_expects(core: Core, world: dict[str, Any]) -> None:
    with core.db.session() as session:
        owners = {name: session.scalar(select(Referral.inbox_id).where(Referral.reference == ref))
                  for name, ref in world["refs"].items()}
    assert owners == {"bexley": BEXLEY, "bexley_tip": BEXLEY, "bromley": BROMLEY, "police": POLICE}
    assert {"get", "acknowledge", "add_note", "close", "ask_reporter"} <= set(workflow_methods())


def test_reading_another_inboxs_referral_is_the_same_as_a_missing_one(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    target = world["refs"]["bexley"]
    missing = new_reference()
    with pytest.raises(NotFound) as hidden:
        core.queries.get(spoc, target)
    with pytest.raises(NotFound) as absent:
        core.queries.get(spoc, missing)
    assert str(hidden.value) == str(absent.value)
    for spelling in (target.lower(), target.replace("-", ""), target[3:], f"  {target}  "):
        with pytest.raises(NotFound):
            core.queries.get(spoc, spelling)
    assert denials(core, spoc.email)[:2] == [("referral.view.denied", target), ("referral.view.denied", missing)]


@pytest.mark.parametrize("method", workflow_methods())
def test_every_workflow_action_on_another_inboxs_referral_is_refused(core: Core, world: dict[str, Any],
                                                                      method: str) -> None:
    spoc = world["spocs"]["bromley"]
    target = world["refs"]["bexley"]
    before = snapshot(core, target)
    hidden = outcome(core, method, spoc, target)
    absent = outcome(core, method, spoc, new_reference())
    assert hidden[0] in {"NotFound", "InvalidInput"}, hidden
    assert hidden == absent, "the answer must not tell an existing referral from a missing one"
    assert snapshot(core, target) == before
    if hidden[0] == "NotFound":
        logged = denials(core, spoc.email)
        assert len(logged) == 2 and all(action.endswith(".denied") for action, _ in logged)
        assert logged[0][1] == target


def test_an_attempt_to_pull_a_referral_into_your_own_inbox_is_refused(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    target = world["refs"]["bexley"]
    before = snapshot(core, target)
    for method, extra in (("transfer", {"inbox_id": BROMLEY}), ("add_copy", {"inbox_id": BROMLEY}),
                          ("reassign", {"staff_id": spoc.id}), ("remove_copy", {"inbox_id": BEXLEY})):
        if method in workflow_methods():
            with pytest.raises(NotFound):
                call(core, method, spoc, target, **extra)
    assert snapshot(core, target) == before


#: What the holder of an info-only copy may do: read it (and its status and outcomes) and add to its timeline.
COPY_HOLDER_MAY = {"get", "outcomes", "add_note"}


def test_a_copy_holder_may_read_but_not_work(core: Core, world: dict[str, Any]) -> None:
    """Bexley gets an info-only copy of the Erith referral the police own."""
    spoc = world["spocs"]["bexley"]
    target = world["refs"]["police"]
    assert core.queries.get(spoc, target).is_copy
    before = snapshot(core, target)
    for method in workflow_methods():
        if method in COPY_HOLDER_MAY:
            continue
        result = outcome(core, method, spoc, target)
        assert result[0] in {"AccessDenied", "InvalidInput"}, (method, result)
    assert snapshot(core, target) == before
    assert any(action.endswith(".denied") and ref == target for action, ref in denials(core, spoc.email))


def test_guessed_references_are_all_not_found(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    guesses = [new_reference() for _ in range(20)] + ["1", "2", "42", "0", "-1", "FD-0000-0000", "",
                                                       "../FD-AAAA-AAAA", "' OR 1=1 --", "FD-%", "*"]
    for guess in guesses:
        with pytest.raises(NotFound) as refused:
            core.queries.get(spoc, guess)
        assert str(refused.value) == "No such referral"
    logged = denials(core, spoc.email)
    assert len(logged) >= 20


def test_a_malformed_reference_guess_is_audited(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    with pytest.raises(NotFound):
        core.queries.get(spoc, "42")
    assert denials(core, spoc.email)


def test_the_queue_never_shows_another_inboxs_referrals(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    seen = {s.reference for s in core.queries.queue(spoc, status="all", limit=500)}
    assert seen == {world["refs"]["bromley"]}
    with pytest.raises(NotFound) as refused:
        core.queries.queue(spoc, inbox=BEXLEY)
    with pytest.raises(NotFound) as unknown:
        core.queries.queue(spoc, inbox="no-such-inbox")
    assert type(refused.value) is type(unknown.value)


def test_asking_for_another_inboxs_queue_is_audited(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bromley"]
    with pytest.raises(NotFound):
        core.queries.queue(spoc, inbox=BEXLEY)
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.actor == spoc.email, AuditEntry.detail.contains(BEXLEY)))


def test_an_administrator_without_inboxes_reads_no_referrals(core: Core, world: dict[str, Any]) -> None:
    admin = world["spocs"]["admin"]
    assert core.queries.queue(admin, status="all") == []
    for ref in world["refs"].values():
        with pytest.raises(NotFound):
            core.queries.get(admin, ref)


def test_admin_actions_are_refused_to_spocs_and_audited(core: Core, world: dict[str, Any]) -> None:
    spoc = world["spocs"]["bexley"]
    other = world["spocs"]["bromley"]
    attempts = [
        lambda: core.admin.audit_log(spoc),
        lambda: core.admin.verify_chain(spoc),
        lambda: core.admin.list_staff(spoc),
        lambda: core.admin.get_staff(spoc, other.id),
        lambda: core.admin.add_staff(spoc, "new@frontdoor.example", [BEXLEY]),
        lambda: core.admin.set_active(spoc, other.id, False),
        lambda: core.admin.set_inboxes(spoc, other.id, [BEXLEY]),
        lambda: core.admin.set_inboxes(spoc, spoc.id, [BEXLEY, BROMLEY]),
        lambda: core.admin.reset_two_factor(spoc, other.id),
        lambda: core.admin.revoke_tokens(spoc, other.id),
        lambda: core.admin.routing(spoc),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    assert core.staff.find(spoc.email).inboxes == {BEXLEY}
    assert core.staff.find(other.email).inboxes == {BROMLEY}
    with pytest.raises(NotFound):
        core.staff.find("new@frontdoor.example")
    with core.db.session() as session:
        refused = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "admin.denied",
                                                                  AuditEntry.actor == spoc.email)).all()
    assert len(refused) == len(attempts)
    assert f"staff.deactivate staff:{other.id}" in refused


def test_admin_service_audits_with_target_ids_only(core: Core, world: dict[str, Any]) -> None:
    admin = world["spocs"]["admin"]
    spoc = world["spocs"]["bexley"]
    token = core.staff.issue_token(spoc.email)
    account, password = core.admin.add_staff(admin, "New.Person@frontdoor.example", [BEXLEY], name="New Person")
    core.admin.set_inboxes(admin, account.id, [BEXLEY, BROMLEY])
    core.admin.set_active(admin, account.id, False)
    core.admin.set_active(admin, account.id, True)
    core.admin.reset_two_factor(admin, account.id)
    assert core.admin.revoke_tokens(admin, spoc.id) == 1
    with pytest.raises(InvalidInput):
        core.admin.set_inboxes(admin, account.id, ["nowhere"])
    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.actor == admin.email)
                               .order_by(AuditEntry.id)).all()
        logged = [(e.action, e.detail) for e in rows if e.action.startswith("admin.")]
        texts = " ".join(f"{e.action} {e.detail} {e.reference}" for e in session.scalars(select(AuditEntry)))
    assert ("admin.staff_add", f"staff:{account.id}") in logged
    assert ("admin.staff_inboxes", f"staff:{account.id} inboxes={BEXLEY},{BROMLEY}") in logged
    assert ("admin.deactivate", f"staff:{account.id}") in logged
    assert ("admin.reactivate", f"staff:{account.id}") in logged
    assert ("admin.staff_reset_2fa", f"staff:{account.id}") in logged
    assert ("admin.staff_revoke_tokens", f"staff:{spoc.id} n=1") in logged
    assert password not in texts and token not in texts
    assert core.staff.authenticate_password("new.person@frontdoor.example", password).inboxes == {BEXLEY, BROMLEY}
