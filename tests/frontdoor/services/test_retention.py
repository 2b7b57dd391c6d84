"""Retention: closed referrals and everything about them go after the period; open ones stay.

Runs on a SQLite file and on PostgreSQL (the ``core`` fixture) with the fake
clock moved past the retention period.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.services.retention import TRACKER_EVENTS, RetentionPolicy, RetentionService
from frontdoor.store.models import (
    AlertDelivery,
    AuditEntry,
    InboundMessage,
    Job,
    Person,
    Referral,
    ReferralCopy,
    ReferralEvent,
    SmsConversation,
    StaffSession,
)
from tests.conftest import FakeClock

DAYS = 365
OUTCOME = "police_intelligence"


def concern(description: str, area: str = "Erith") -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area=area, description=description,
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Sam Pupil", age=15),
                PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24),
                PersonDraft(role=PersonRole.WITNESS, name="Shop Owner")],
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith Academy", name="Ms Teacher",
                               email="teacher@school.example"),
    )


class World:
    """Referrals of each kind with everything that hangs off them."""

    def __init__(self, core: Core, clock: FakeClock) -> None:
        self.core = core
        self.clock = clock
        self.spoc = core.staff.add("everyone@partnership.example.gov.uk", list(core.table.inboxes))
        self.sids = 0

    def sms(self, number: str, text: str) -> Any:
        self.sids += 1
        return self.core.sms.receive(f"SM{self.sids:032d}", number, text)

    def concern(self, text: str) -> str:
        reference = self.core.submissions.submit(concern(text)).reference
        self.core.workflow.add_note(self.spoc, reference, "spoke to the school")
        self.extras(reference)
        return reference

    def sms_tip(self, number: str, text: str) -> str:
        reference = self.sms(number, text).reference
        assert reference
        self.core.workflow.ask_reporter(self.spoc, reference, "Which day was it?")
        self.sms(number, f"{reference} 000000 it was Tuesday")  # a follow-up (wrong code: still stored)
        self.extras(reference)
        return reference

    def extras(self, reference: str) -> None:
        """An alert delivery and a queued job naming the referral."""
        now = self.clock()
        with self.core.db.session() as session:
            row = session.scalar(select(Referral).where(Referral.reference == reference))
            assert row is not None
            session.add(AlertDelivery(referral_id=row.id, level=1, channel="email", recipient="spoc@x.example",
                                      status="sent", at=now))
            session.add(Job(kind="test.touch", payload={"reference": reference, "note": "x"},
                            dedupe_key=f"touch:{reference}", status="done", run_at=now, attempts=1,
                            created_at=now))
            session.add(Job(kind="test.by_id", payload={"referral_id": row.id}, status="queued", run_at=now,
                            attempts=0, created_at=now))

    def close(self, reference: str) -> None:
        self.core.workflow.close(self.spoc, reference, OUTCOME, "no further action")


def ids_of(core: Core, references: list[str]) -> list[int]:
    with core.db.session() as session:
        return list(session.scalars(select(Referral.id).where(Referral.reference.in_(references))))


def related(core: Core, references: list[str]) -> dict[str, int]:
    """How many rows of each table belong to these referrals."""
    ids = ids_of(core, references)
    with core.db.session() as session:
        def count(model: Any, where: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)

        jobs = [j for j in session.scalars(select(Job)) if j.payload.get("reference") in references
                or j.payload.get("referral_id") in ids]
        return {
            "referrals": count(Referral, Referral.reference.in_(references)),
            "people": count(Person, Person.referral_id.in_(ids)),
            "referral_events": count(ReferralEvent, ReferralEvent.referral_id.in_(ids)),
            "referral_copies": count(ReferralCopy, ReferralCopy.referral_id.in_(ids)),
            "alert_deliveries": count(AlertDelivery, AlertDelivery.referral_id.in_(ids)),
            "inbound_messages": count(InboundMessage, InboundMessage.reference.in_(references)),
            "jobs": len(jobs),
        }


def totals(core: Core) -> dict[str, int]:
    with core.db.session() as session:
        return {model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (Referral, Person, ReferralEvent, ReferralCopy, AlertDelivery, InboundMessage, Job,
                              SmsConversation, StaffSession, AuditEntry)}


@pytest.fixture
def world(core: Core, clock: FakeClock) -> World:
    return World(core, clock)


@pytest.fixture(autouse=True)
def one_period_for_all(core: Core) -> None:
    """What goes with a referral, and when: one period for every closed referral and no review.

    Periods per outcome and the review list are in ``test_retention_review.py``.
    """
    core.retention.policy = replace(core.retention.policy, workflow=None)


def test_closed_referrals_and_everything_about_them_go_after_the_period(
        core: Core, clock: FakeClock, world: World) -> None:
    old_concern = world.concern("He carries a blade and they threatened him")
    old_tip = world.sms_tip("+447700900001", "kids shotting from a trap house in Penge, one has a blade")
    open_concern = world.concern("She keeps going missing and is running drugs for older boys")
    open_tip = world.sms_tip("+447700900002", "older lads dealing by Margate station")
    world.close(old_concern)
    world.close(old_tip)
    clock.advance(days=DAYS - 10)
    recent = world.concern("Older boys give him new trainers and phones")
    world.close(recent)

    doomed, kept = [old_concern, old_tip], [open_concern, open_tip, recent]
    before = related(core, doomed)
    assert all(before[name] > 0 for name in before), before
    assert before["people"] >= 4 and before["referral_copies"] >= 1 and before["jobs"] >= 4
    kept_before = related(core, kept)

    clock.advance(days=11)  # the first two were closed 366 days ago, the last one 11 days ago
    counts = core.retention.purge()

    assert related(core, doomed) == dict.fromkeys(before, 0)
    assert related(core, kept) == kept_before
    for name in ("referrals", "people", "referral_events", "referral_copies", "alert_deliveries", "jobs"):
        assert counts[name] == before[name], name
    assert counts["inbound_messages"] >= before["inbound_messages"]  # also messages outside any referral
    assert counts[TRACKER_EVENTS] == 0  # no tracker store configured here

    entries = [e for e in _audit(core) if e.action == "retention.purge"]
    assert len(entries) == 1
    assert entries[0].reference is None and "referrals=2" in (entries[0].detail or "")
    assert "blade" not in (entries[0].detail or "")

    assert core.retention.purge()["referrals"] == 0  # nothing left to do
    assert len([e for e in _audit(core) if e.action == "retention.purge"]) == 2


def test_a_dry_run_counts_and_deletes_nothing(core: Core, clock: FakeClock, world: World) -> None:
    reference = world.concern("He carries a blade and they threatened him")
    world.close(reference)
    clock.advance(days=DAYS + 1)
    before = totals(core)
    counts = core.retention.purge(dry_run=True)
    assert counts["referrals"] == 1 and counts["people"] == 4
    assert totals(core) == before  # not even an audit entry
    assert core.retention.purge() == counts


def test_the_period_is_configurable(core: Core, clock: FakeClock, world: World) -> None:
    reference = world.concern("He carries a blade and they threatened him")
    world.close(reference)
    clock.advance(days=31)
    assert core.retention.purge(dry_run=True)["referrals"] == 0
    short = RetentionService(core.db, clock, RetentionPolicy(referrals=timedelta(days=30)))
    assert short.purge()["referrals"] == 1
    assert related(core, [reference])["people"] == 0


def test_sms_conversation_records_go_after_their_expiry(core: Core, clock: FakeClock, world: World) -> None:
    world.sms("+447700900011", "HELP")
    world.sms("+447700900012", "STOP")  # an opt-out is kept for the referral retention period
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SmsConversation)) == 2
    clock.advance(minutes=20)
    assert core.retention.purge()["sms_conversations"] == 0  # the conversation is still live
    clock.advance(hours=2)
    counts = core.retention.purge()
    assert counts["sms_conversations"] == 1
    assert counts["inbound_messages"] == 0  # messages outside referrals last as long as trackers (a day)
    clock.advance(days=1)
    assert core.retention.purge()["inbound_messages"] == 2
    clock.advance(days=DAYS)
    assert core.retention.purge()["sms_conversations"] == 1
    with core.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SmsConversation)) == 0


def test_a_running_code_lockout_is_kept(core: Core, clock: FakeClock, world: World) -> None:
    world.sms("+447700900021", "HELP")
    with core.db.session() as session:
        row = session.scalars(select(SmsConversation)).one()
        row.code_locked_until = clock() + timedelta(hours=3)
    clock.advance(hours=2)
    assert core.retention.purge()["sms_conversations"] == 0
    clock.advance(hours=2)
    assert core.retention.purge()["sms_conversations"] == 1


def test_staff_sessions_ended_long_ago_go(core: Core, clock: FakeClock, world: World) -> None:
    now = clock()
    with core.db.session() as session:
        session.add_all([
            StaffSession(staff_id=world.spoc.id, token_hash="a" * 64, created_at=now, last_seen_at=now,
                         ended_at=now, stage="full"),
            StaffSession(staff_id=world.spoc.id, token_hash="b" * 64, created_at=now, last_seen_at=now,
                         stage="full"),  # abandoned: never signed out
        ])
    clock.advance(days=29)
    with core.db.session() as session:
        session.add(StaffSession(staff_id=world.spoc.id, token_hash="c" * 64, created_at=clock(),
                                 last_seen_at=clock(), stage="full"))
    assert core.retention.purge()["staff_sessions"] == 0
    clock.advance(days=2)
    assert core.retention.purge()["staff_sessions"] == 2
    with core.db.session() as session:
        assert session.scalars(select(StaffSession.token_hash)).all() == ["c" * 64]


# --- Rasa's tracker store ---------------------------------------------------------------------------------
def make_tracker_store(path: Path, conversations: dict[str, list[float]]) -> None:
    """A table shaped like Rasa's SQL tracker store, with events at the given unix times."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                           "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                           "action_name VARCHAR(255), data TEXT)")
        for sender, times in conversations.items():
            for at in times:
                connection.execute("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                   "VALUES (?, 'user', ?, '{\"text\": \"he carries a blade\"}')", (sender, at))


def tracker_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id").fetchall())


def test_rasa_trackers_go_a_set_time_after_the_conversation_ends(core: Core, clock: FakeClock,
                                                                    tmp_path: Path) -> None:
    now = clock().timestamp()
    hour = 3600.0
    path = tmp_path / "tracker.db"
    make_tracker_store(path, {
        "ended-long-ago": [now - 50 * hour, now - 49 * hour, now - 48 * hour],
        "ended-yesterday-evening": [now - 30 * hour, now - 25 * hour],
        "started-long-ago-still-going": [now - 72 * hour, now - 1 * hour],
        "just-now": [now - 60.0],
    })
    service = RetentionService(core.db, clock, RetentionPolicy(trackers=timedelta(days=1)),
                               tracker_url=f"sqlite:///{path}")

    assert service.purge(dry_run=True)[TRACKER_EVENTS] == 5
    assert sum(tracker_counts(path).values()) == 8

    assert service.purge()[TRACKER_EVENTS] == 5
    assert tracker_counts(path) == {"started-long-ago-still-going": 2, "just-now": 1}

    clock.advance(hours=25)
    assert service.purge()[TRACKER_EVENTS] == 3
    assert tracker_counts(path) == {}


def test_a_missing_tracker_store_is_left_alone(core: Core, clock: FakeClock, tmp_path: Path) -> None:
    missing = tmp_path / "no-tracker.db"
    service = RetentionService(core.db, clock, tracker_url=f"sqlite:///{missing}")
    assert service.purge()[TRACKER_EVENTS] == 0
    assert not missing.exists()  # not created by looking at it


def test_the_tracker_store_comes_from_the_settings(tmp_path: Path) -> None:
    from frontdoor.config import Settings

    settings = Settings.from_env({"FRONTDOOR_HOME": str(tmp_path), "RASA_TRACKER_DB": str(tmp_path / "t.db"),
                                  "RASA_TRACKER_RETENTION_DAYS": "2", "FRONTDOOR_RETENTION_DAYS": "90"})
    assert settings.rasa_tracker_url == f"sqlite:///{tmp_path / 't.db'}"
    policy = RetentionPolicy.from_settings(settings)
    assert policy.trackers == timedelta(days=2) and policy.referrals == timedelta(days=90)
    remote = Settings.from_env({"RASA_TRACKER_DB": "rasa", "RASA_TRACKER_HOST": "db.internal",
                                "RASA_TRACKER_PORT": "5432", "RASA_TRACKER_USER": "rasa",
                                "RASA_TRACKER_PASSWORD": "p@ss"})
    assert remote.rasa_tracker_url == "postgresql+psycopg://rasa:p%40ss@db.internal:5432/rasa"


def _audit(core: Core) -> list[AuditEntry]:
    with core.db.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))



def test_an_unreachable_tracker_store_is_reported_after_the_rest_is_purged(
        core: Core, clock: FakeClock, world: World, tmp_path: Path) -> None:
    from frontdoor.errors import Unavailable

    reference = world.concern("He carries a blade and they threatened him")
    world.close(reference)
    clock.advance(days=DAYS + 1)
    broken = RetentionService(core.db, clock, tracker_url=f"sqlite:///{tmp_path}")  # a directory
    with pytest.raises(Unavailable, match="tracker store"):
        broken.purge()
    assert related(core, [reference])["referrals"] == 0
    entries = [e for e in _audit(core) if e.action == "retention.purge"]
    assert len(entries) == 1 and "referrals=1" in (entries[0].detail or "")
    assert "(incomplete)" in (entries[0].detail or "")


def test_jobs_held_in_redis_go_with_their_referral(core: Core, clock: FakeClock, world: World,
                                                     redis_url: str) -> None:
    import redis

    from frontdoor.adapters.redis_queue import RedisQueue

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushdb()
    queue = RedisQueue(client, clock)
    old = world.concern("He carries a blade and they threatened him")
    kept = world.concern("She keeps going missing and is running drugs for older boys")
    queue.enqueue("alert.send", {"reference": old, "inbox": "bexley-community-safety", "level": 1},
                  dedupe_key=f"alert:{old}:1")
    queue.enqueue("alert.send", {"reference": kept, "inbox": "bexley-community-safety", "level": 1},
                  dedupe_key=f"alert:{kept}:1")
    world.close(old)
    clock.advance(days=DAYS + 1)
    retention = RetentionService(core.db, clock, core.retention.policy, jobs=queue)
    assert retention.purge(dry_run=True)["jobs"] >= 3  # two in the database, one in Redis
    assert queue.find(f"alert:{old}:1") is not None
    retention.purge()
    assert queue.find(f"alert:{old}:1") is None
    assert queue.find(f"alert:{kept}:1") is not None
    assert not any(old in (client.hget(key, "payload") or "") for key in client.scan_iter("frontdoor:jobs:job:*"))
