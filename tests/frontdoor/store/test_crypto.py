"""Encryption at rest: sensitive fields never reach the database in the clear, keys rotate.

Runs on a SQLite file and on PostgreSQL (the ``core`` fixture): the canary
name and description must not be found in the raw rows (and, on SQLite, in
the database file's bytes), yet read back intact through the services.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from frontdoor.config import Settings
from frontdoor.errors import ConfigurationError
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.store.crypto import PREFIX, EncryptedJSON, EncryptedText, Keyring, generate_key
from frontdoor.store.db import Database
from frontdoor.store.migrate import current, upgrade
from frontdoor.store.models import InboundMessage, Referral, Staff
from frontdoor.store.rekey import encrypted_columns, rotate
from frontdoor.views import Principal

NAME = "Zebedee Canarywood"
DESCRIPTION = "canary-7f3a older lads made him carry a blade to the flat on Quarry Lane"
EMAIL = "canary.reporter@school.example.org"
NOTE = "canary-note-51c spoke to the school"
SMS = "canary-sms-93d dealing outside the chicken shop"
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CANARIES = (NAME, DESCRIPTION, EMAIL, NOTE, SMS, TOTP, "Quarry Lane", "canary")


def draft() -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Erith", place="Quarry Lane", when="last night",
        description=DESCRIPTION, details={"canary-detail": "seen with Quarry Lane boys"},
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=NAME, age=15, school="Erith Academy")],
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith Academy", name="Ms Canary",
                               email=EMAIL, phone="07700 900123"),
    )


@pytest.fixture
def filled(core: Core) -> tuple[str, Principal]:
    """A referral with a person, reporter, note, an SMS and a staff TOTP secret; returns (reference, SPOC)."""
    submission = core.submissions.submit(draft())
    spoc = core.staff.add("spoc@erith.example.gov.uk", [submission.inbox_id])
    core.workflow.add_note(spoc, submission.reference, NOTE)
    core.sms.receive("SM" + "c" * 32, "+447700900456", SMS)
    with core.db.session() as session:
        session.get(Staff, spoc.id).totp_secret = TOTP  # type: ignore[union-attr]
    return submission.reference, spoc


def raw_rows(db: Database) -> Iterator[tuple[str, str, Any]]:
    """Every stored value of every table, as the database returns it (no decryption)."""
    with db.engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{name}"')).mappings():
                for column, value in row.items():
                    yield name, column, value


def other_core(core: Core, *keys: str) -> tuple[Core, Database]:
    """A second core on the same database with only ``keys`` (none: no keyring at all)."""
    db = Database(core.db.url)
    settings = dataclasses.replace(core.settings, data_keys=tuple(keys))
    return Core.from_settings(settings, clock=core.clock, db=db), db


# --- the keyring on its own -----------------------------------------------------------------------------
def test_keyring_round_trip_and_prefix() -> None:
    keyring = Keyring([generate_key()])
    stored = keyring.encrypt("Zoë — 🙂")
    assert stored.startswith(PREFIX) and "Zo" not in stored
    assert keyring.decrypt(stored) == "Zoë — 🙂"
    assert keyring.encrypt("same") != keyring.encrypt("same")  # no equality leaks
    assert keyring.decrypt("written before encryption") == "written before encryption"


def test_the_first_key_encrypts_and_all_decrypt() -> None:
    old, new = generate_key(), generate_key()
    by_old = Keyring([old]).encrypt("x")
    both = Keyring([new, old])
    assert both.decrypt(by_old) == "x"
    assert not both.is_current(by_old)
    assert both.is_current(both.encrypt("x"))
    assert Keyring([new]).decrypt(both.reencrypt(by_old)) == "x"


def test_a_wrong_key_is_a_clear_configuration_error() -> None:
    stored = Keyring([generate_key()]).encrypt("x")
    with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS"):
        Keyring([generate_key()]).decrypt(stored)


@pytest.mark.parametrize("text_value", ["not-a-key", "", " , ", generate_key() + ",short"])
def test_malformed_keys_are_refused_at_start_up(text_value: str) -> None:
    if not text_value.replace(",", "").strip():
        assert Keyring.from_text(text_value) is None
        assert Settings.from_env({"FRONTDOOR_DATA_KEYS": text_value}).keyring() is None
        return
    with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS"):
        Settings.from_env({"FRONTDOOR_DATA_KEYS": text_value})


def test_settings_read_several_keys_newest_first(tmp_path: Path) -> None:
    new, old = generate_key(), generate_key()
    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path), "FRONTDOOR_DATA_KEYS": f" {new} ,{old},"})
    assert settings.data_keys == (new, old)
    keyring = settings.keyring()
    assert keyring is not None and keyring.size == 2
    assert keyring.is_current(Keyring([new]).encrypt("x"))


def test_every_sensitive_column_is_encrypted() -> None:
    expected = {
        "referrals": {"description", "area_text", "place", "when_text", "details", "sharing_reason"},
        "case_actions": {"title"},
        "people": {"name", "school", "home_area", "description", "organisation", "email", "phone"},
        "referral_events": {"body"},
        "inbound_messages": {"body", "reply"},
        "staff": {"totp_secret"},
        "retention_reviews": {"reason"},  # why a person kept a closed referral
        "mail_messages": {"raw"}, "mail_attachments": {"filename", "data"},  # e-mail intake
    }
    found = {name: set(columns) for name, (_, columns) in encrypted_columns().items()}
    assert found == expected
    assert isinstance(Referral.__table__.c.details.type, EncryptedJSON)
    assert isinstance(InboundMessage.__table__.c.body.type, EncryptedText)


# --- at rest, on both databases -----------------------------------------------------------------------
def test_canaries_are_not_in_the_raw_rows_but_read_back(core: Core, filled: tuple[str, Principal]) -> None:
    reference, spoc = filled
    for table, column, value in raw_rows(core.db):
        for canary in CANARIES:
            assert canary not in str(value), f"{canary!r} stored in the clear in {table}.{column}"
    with core.db.engine.connect() as connection:
        stored = connection.execute(text("SELECT description, details, place FROM referrals WHERE reference = :r"),
                                    {"r": reference}).one()
        names = connection.execute(text("SELECT name FROM people WHERE name IS NOT NULL")).scalars().all()
    assert all(str(value).startswith(PREFIX) for value in stored)
    assert names and all(name.startswith(PREFIX) for name in names)

    detail = core.queries.get(spoc, reference)
    assert detail.description == DESCRIPTION
    assert detail.place == "Quarry Lane" and detail.when == "last night"
    assert detail.details == {"canary-detail": "seen with Quarry Lane boys"}
    assert NAME in {p.name for p in detail.people}
    assert EMAIL in {p.email for p in detail.people}
    assert NOTE in {e.body for e in detail.events}
    with core.db.session() as session:
        assert session.scalar(select(InboundMessage.body)) == SMS
        assert session.get(Staff, spoc.id).totp_secret == TOTP  # type: ignore[union-attr]


def test_canaries_are_not_in_the_sqlite_file(core: Core, filled: tuple[str, Principal]) -> None:
    if not core.db.is_sqlite:
        pytest.skip("the file check is for SQLite; PostgreSQL is checked row by row")
    path = Path(core.db.url.split("///", 1)[1])
    core.db.dispose()  # the last connection folds the write-ahead log into the file
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"FD-" in data  # the file was read: references are not encrypted
    for canary in CANARIES:
        assert canary.encode() not in data, f"{canary!r} is in the database file"


def test_a_missing_key_is_a_clear_error_on_write_and_read(core: Core, filled: tuple[str, Principal]) -> None:
    reference, spoc = filled
    keyless, db = other_core(core)
    try:
        with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS is not set"):
            keyless.submissions.submit(draft())
        with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS is not set"):
            keyless.queries.get(spoc, reference)
    finally:
        db.dispose()


def test_a_wrong_key_is_a_clear_error(core: Core, filled: tuple[str, Principal]) -> None:
    reference, spoc = filled
    wrong, db = other_core(core, generate_key())
    try:
        with pytest.raises(ConfigurationError, match="cannot be decrypted with any key in FRONTDOOR_DATA_KEYS"):
            wrong.queries.get(spoc, reference)
    finally:
        db.dispose()


def test_legacy_plaintext_is_read_and_then_encrypted_by_rotation(core: Core, filled: tuple[str, Principal]) -> None:
    reference, spoc = filled
    with core.db.engine.begin() as connection:
        connection.execute(text("UPDATE referrals SET description = :d, details = :j WHERE reference = :r"),
                           {"d": "written before encryption", "j": '{"old": "plain"}', "r": reference})
    detail = core.queries.get(spoc, reference)
    assert detail.description == "written before encryption"
    assert detail.details == {"old": "plain"}

    done = {r.table: r for r in rotate(core.db)}
    assert done["referrals"].values == 2  # the two plaintext values; the rest were current already
    with core.db.engine.connect() as connection:
        stored = connection.execute(text("SELECT description, details FROM referrals WHERE reference = :r"),
                                    {"r": reference}).one()
    assert all(value.startswith(PREFIX) for value in stored)
    assert core.queries.get(spoc, reference).description == "written before encryption"


def test_rotation_to_a_new_key_then_dropping_the_old_one(core: Core, filled: tuple[str, Principal]) -> None:
    reference, spoc = filled
    old = core.settings.data_keys[0]
    new = generate_key()
    second = core.submissions.submit(draft())

    _both, both_db = other_core(core, new, old)
    only_new, new_db = other_core(core, new)
    try:
        seen: list[str] = []
        results = rotate(both_db, batch=2, progress=lambda done: seen.append(done.table))
        assert sum(r.values for r in results) >= 20
        assert seen.count("people") >= 2  # several batches, progress after each
        assert sum(r.values for r in rotate(both_db)) == 0  # idempotent: nothing left to do

        for table, column, value in raw_rows(core.db):
            if isinstance(value, str) and value.startswith(PREFIX):
                assert Keyring([new]).is_current(value), f"{table}.{column} still uses the old key"

        detail = only_new.queries.get(spoc, reference)
        assert detail.description == DESCRIPTION and NAME in {p.name for p in detail.people}
        assert NOTE in {e.body for e in detail.events}
        assert only_new.queries.get(spoc, second.reference).description == DESCRIPTION
        with new_db.session() as session:
            assert session.scalar(select(InboundMessage.body)) == SMS
            assert session.get(Staff, spoc.id).totp_secret == TOTP  # type: ignore[union-attr]

        with pytest.raises(ConfigurationError, match="cannot be decrypted"):
            core.queries.get(spoc, reference)  # the old key alone no longer opens anything
    finally:
        both_db.dispose()
        new_db.dispose()


def test_rotation_needs_a_key(core: Core) -> None:
    db = Database(core.db.url)
    try:
        with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS is not set"):
            rotate(db)
    finally:
        db.dispose()


# --- the migration keeps existing rows --------------------------------------------------------------------
def test_migration_0004_keeps_every_row_of_a_populated_sqlite_database(tmp_path: Path) -> None:
    """Rebuilding ``referrals`` on SQLite must not cascade to the people, timeline and copies."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}", keyring=Keyring([generate_key()]))
    try:
        upgrade(db, "0003")
        now = datetime(2026, 3, 11, 10, 0)
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO referrals (id, reference, kind, channel, status, urgency, urgency_rank, "
                "triage_reasons, indicators, routing_reasons, inbox_id, when_text, anonymous, description, "
                "details, alert_level, created_at, updated_at, sla_due_at) VALUES (1, 'FD-AAAA-AAAA', "
                "'concern', 'web', 'new', 'red', 0, '[]', '[]', '[]', 'met-se-gangs', 'last night', 0, "
                "'plain description', '{\"k\": \"v\"}', 0, :now, :now, :now)"), {"now": now})
            connection.execute(text("INSERT INTO people (referral_id, role, name) "
                                    "VALUES (1, 'young_person_at_risk', 'Plain Name')"))
            connection.execute(text("INSERT INTO referral_events (referral_id, at, actor, action, body) "
                                    "VALUES (1, :now, 'system', 'note', 'plain note')"), {"now": now})
            connection.execute(text("INSERT INTO referral_copies (referral_id, inbox_id, created_at) "
                                    "VALUES (1, 'bexley-mash', :now)"), {"now": now})
        upgrade(db, "0004")
        assert current(db) == "0004"
        with db.engine.connect() as connection:
            for table in ("referrals", "people", "referral_events", "referral_copies"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        upgrade(db)  # the later migrations, for the current models
        with db.session() as session:
            row = session.get(Referral, 1)
            assert row is not None
            assert (row.description, row.details, row.when_text) == ("plain description", {"k": "v"}, "last night")
            assert [p.name for p in row.people] == ["Plain Name"]
            assert [e.body for e in row.events] == ["plain note"]
    finally:
        db.dispose()



def test_keys_never_show_in_the_settings_repr() -> None:
    key = generate_key()
    assert key not in repr(Settings.from_env({"FRONTDOOR_DATA_KEYS": key}))
