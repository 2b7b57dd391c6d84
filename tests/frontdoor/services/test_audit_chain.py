"""The audit log: hash-chained, append-only, tamper-evident (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.services import Core, audit
from frontdoor.store.db import Database
from frontdoor.store.models import AuditEntry


# --- helpers ------------------------------------------------------------------------------
def append(core: Core, count: int, actor: str = "console", action: str = "test.entry") -> list[int]:
    """Append ``count`` entries, one transaction each; return their ids."""
    ids = []
    for n in range(count):
        with core.db.session() as session:
            audit.record(session, at=core.clock(), actor=actor, action=action, detail=f"n={n}")
        core.clock.advance(seconds=1)  # type: ignore[attr-defined]
    with core.db.session() as session:
        ids = list(session.scalars(select(AuditEntry.id).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))
    return ids[-count:]


def verify(db: Database) -> audit.ChainReport:
    with db.session() as session:
        return audit.verify(session)


def chain(db: Database) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def drop_triggers(db: Database) -> None:
    """Remove the append-only triggers, as someone with the database owner's rights could."""
    with db.engine.begin() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")


def raw(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


def tip(area: str = "Sidcup") -> ReferralDraft:
    return ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area=area,
                         description="She keeps going missing and is running drugs for older boys.",
                         people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=14)])


# --- the chain ------------------------------------------------------------------------------
def test_entries_chain_and_verify(core: Core) -> None:
    append(core, 5)
    entries = chain(core.db)
    assert len(entries) >= 5
    assert entries[0].prev_hash is None
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.entry_hash
        assert after.entry_hash == audit.chain_hash(before.entry_hash, after.id, after.at, after.actor,
                                                    after.action, after.reference, after.detail)
    assert len({e.entry_hash for e in entries}) == len(entries)
    report = verify(core.db)
    assert report.ok and report.checked == len(entries) and report.problem is None


def test_an_empty_log_verifies(database: Database) -> None:
    report = verify(database)
    assert report.ok and report.checked == 0


def test_verify_reads_in_batches(core: Core) -> None:
    append(core, 7)
    with core.db.session() as session:
        assert audit.verify(session, batch=2).checked == len(chain(core.db))


# --- the database refuses changes --------------------------------------------------------------
def test_the_database_refuses_to_edit_or_delete_a_sealed_entry(core: Core) -> None:
    ids = append(core, 3)
    with pytest.raises(DBAPIError, match="append-only"):
        raw(core.db, "UPDATE audit_log SET detail = 'forged' WHERE id = :id", id=ids[1])
    with pytest.raises(DBAPIError, match="append-only"):
        raw(core.db, "DELETE FROM audit_log WHERE id = :id", id=ids[1])
    with pytest.raises(DBAPIError, match="append-only"):
        raw(core.db, "DELETE FROM audit_log")
    assert [e.id for e in chain(core.db)][-3:] == ids
    assert verify(core.db).ok


# --- tampering is detected --------------------------------------------------------------------------
def test_an_edited_entry_is_the_first_broken_one(core: Core) -> None:
    ids = append(core, 5)
    drop_triggers(core.db)
    raw(core.db, "UPDATE audit_log SET detail = 'n=99' WHERE id = :id", id=ids[2])
    report = verify(core.db)
    assert not report.ok
    assert report.first_broken_id == ids[2]
    assert "edited" in (report.problem or "")
    assert report.checked == len(chain(core.db)) - 3


@pytest.mark.parametrize("column, value", [("actor", "someone.else@frontdoor.example"),
                                           ("action", "referral.view"), ("reference", "FD-AAAA-AAAA")])
def test_any_edited_field_breaks_the_chain(core: Core, column: str, value: str) -> None:
    ids = append(core, 3)
    drop_triggers(core.db)
    raw(core.db, f"UPDATE audit_log SET {column} = :value WHERE id = :id", value=value, id=ids[1])
    assert verify(core.db).first_broken_id == ids[1]


def test_a_moved_timestamp_breaks_the_chain(core: Core) -> None:
    ids = append(core, 3)
    drop_triggers(core.db)
    with core.db.session() as session:
        session.execute(text("UPDATE audit_log SET at = :at WHERE id = :id"),
                        {"at": core.clock() - timedelta(days=30), "id": ids[1]})
    assert verify(core.db).first_broken_id == ids[1]


def test_a_resealed_edit_still_breaks_the_next_link(core: Core) -> None:
    """Editing an entry and recomputing its own hash does not help: the next entry points at the old one."""
    ids = append(core, 4)
    drop_triggers(core.db)
    entries = {e.id: e for e in chain(core.db)}
    target = entries[ids[1]]
    resealed = audit.chain_hash(target.prev_hash, target.id, target.at, target.actor, target.action,
                                target.reference, "n=forged")
    raw(core.db, "UPDATE audit_log SET detail = 'n=forged', entry_hash = :h WHERE id = :id",
        h=resealed, id=target.id)
    report = verify(core.db)
    assert report.first_broken_id == ids[2]
    assert "link" in (report.problem or "")


def test_a_deleted_middle_entry_is_detected(core: Core) -> None:
    ids = append(core, 5)
    drop_triggers(core.db)
    raw(core.db, "DELETE FROM audit_log WHERE id = :id", id=ids[2])
    report = verify(core.db)
    assert not report.ok
    assert report.first_broken_id == ids[3]
    assert "removed or changed" in (report.problem or "")


def test_a_deleted_last_entry_is_not_detectable_by_the_chain_alone(core: Core) -> None:
    """The chain proves the order and contents of what remains; truncation at the end needs an outside copy."""
    ids = append(core, 3)
    drop_triggers(core.db)
    raw(core.db, "DELETE FROM audit_log WHERE id = :id", id=ids[-1])
    assert verify(core.db).ok


def test_reordered_entries_are_detected(core: Core) -> None:
    ids = append(core, 5)
    drop_triggers(core.db)
    a, b = ids[1], ids[3]
    raw(core.db, "UPDATE audit_log SET id = -1 WHERE id = :a", a=a)
    raw(core.db, "UPDATE audit_log SET id = :a WHERE id = :b", a=a, b=b)
    raw(core.db, "UPDATE audit_log SET id = :b WHERE id = -1", b=b)
    report = verify(core.db)
    assert not report.ok
    assert report.first_broken_id == a


def test_swapped_contents_are_detected(core: Core) -> None:
    ids = append(core, 4)
    drop_triggers(core.db)
    raw(core.db, "UPDATE audit_log SET detail = CASE id WHEN :a THEN 'n=2' WHEN :b THEN 'n=1' END "
                 "WHERE id IN (:a, :b)", a=ids[1], b=ids[2])
    assert verify(core.db).first_broken_id == ids[1]


def test_an_entry_appended_after_tampering_does_not_heal_the_chain(core: Core) -> None:
    ids = append(core, 3)
    drop_triggers(core.db)
    raw(core.db, "UPDATE audit_log SET detail = 'x' WHERE id = :id", id=ids[0])
    append(core, 2, action="test.later")
    assert verify(core.db).first_broken_id == ids[0]


# --- concurrency -------------------------------------------------------------------------------------
def test_concurrent_appends_from_several_threads_still_verify(core: Core) -> None:
    threads_n, per_thread = 6, 15
    errors: list[BaseException] = []
    start = threading.Barrier(threads_n)

    def work(worker: int) -> None:
        try:
            start.wait()
            for n in range(per_thread):
                with core.db.session() as session:
                    audit.record(session, at=core.clock(), actor=f"worker{worker}", action="test.concurrent",
                                 detail=f"n={n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    entries = chain(core.db)
    assert sum(e.action == "test.concurrent" for e in entries) == threads_n * per_thread
    assert len({e.prev_hash for e in entries}) == len(entries)  # no forks: each entry has its own predecessor
    report = verify(core.db)
    assert report.ok and report.checked == len(entries)


def test_concurrent_referral_work_still_verifies(core: Core) -> None:
    """Real services appending at once (submissions and staff sign-up) keep one unbroken chain."""
    errors: list[BaseException] = []

    def submit(n: int) -> None:
        try:
            for _ in range(3):
                core.submissions.submit(tip())
        except BaseException as exc:
            errors.append(exc)

    def add_staff(n: int) -> None:
        try:
            for i in range(3):
                core.staff.add(f"spoc{n}.{i}@frontdoor.example", ["bexley-community-safety"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=fn, args=(n,)) for n in range(3) for fn in (submit, add_staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    report = verify(core.db)
    assert report.ok and report.checked == len(chain(core.db)) >= 18


# --- the referral service writes to the log ---------------------------------------------------------------
def test_referral_views_and_changes_are_audited_without_content(core: Core) -> None:
    spoc = core.staff.add("bexley.spoc@frontdoor.example", ["bexley-community-safety"])
    ref = core.submissions.submit(tip()).reference
    note = "Spoke to the school DSL about the older boys"
    core.queries.queue(spoc)
    core.queries.get(spoc, ref)
    core.workflow.acknowledge(spoc, ref)
    core.workflow.add_note(spoc, ref, note)
    core.workflow.close(spoc, ref, "signposted", "Closing note with private words")

    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.reference == ref).order_by(AuditEntry.id)).all()
        logged = [(e.actor, e.action) for e in rows]
        listed = session.scalars(select(AuditEntry).where(AuditEntry.action == "referral.list")).all()
    assert logged == [
        ("reporter:web", "referral.create"),
        (spoc.email, "referral.view"),
        (spoc.email, "referral.acknowledge"),
        (spoc.email, "referral.note"),
        (spoc.email, "referral.close"),
    ]
    assert [e.actor for e in listed] == [spoc.email]
    for entry in chain(core.db):
        blob = " ".join(str(v) for v in (entry.actor, entry.action, entry.reference, entry.detail))
        assert "older boys" not in blob and "private words" not in blob and "running drugs" not in blob
    assert verify(core.db).ok
