"""The SMS service on real databases, with a fake conversation engine (our own port)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.ports import BotReply
from frontdoor.services import Core
from frontdoor.services.sms import SmsService, SpoolDir, render
from frontdoor.store.db import Database
from frontdoor.store.models import InboundMessage, Referral

NUMBER = "+447700900123"
REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
CODE = re.compile(r"follow-up code (\d{6})")


@dataclass
class FakeEngine:
    """A conversation engine that records what it was sent and answers (or fails) on demand."""

    down: bool = False
    seen: list[tuple[str, str, str]] = field(default_factory=list)

    def converse(self, conversation_id: str, text: str, *, channel: str, timeout: float,
                 medium: str | None = None) -> list[BotReply]:
        if self.down:
            raise Unavailable("engine down")
        self.seen.append((conversation_id, text, channel))
        return [BotReply("Where is this happening?", ("Not sure",))]


def sid(n: int) -> str:
    return f"SM{n:032x}"


def count(core: Core, model: type) -> int:
    with core.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_message_goes_to_the_engine_under_a_conversation_id(core: Core) -> None:
    engine = FakeEngine()
    outcome = core.sms.with_engine(engine).receive(sid(1), NUMBER, "dealing in Penge")
    assert outcome.reply == "Where is this happening?\nReply Not sure"
    [(conversation, text, channel)] = engine.seen
    assert conversation.startswith("sms-") and NUMBER not in conversation
    assert (text, channel) == ("dealing in Penge", "sms")


def test_engine_down_means_captured_with_reference_and_code(core: Core) -> None:
    outcome = core.sms.with_engine(FakeEngine(down=True)).receive(sid(2), NUMBER, "trap house in Margate")
    assert outcome.handled_by == "captured"
    reference = REFERENCE.search(outcome.reply or "")
    code = CODE.search(outcome.reply or "")
    assert reference and code
    assert core.followup.status(reference.group(0), code.group(1)).status == "received"


def test_duplicates_are_answered_from_the_stored_message(core: Core) -> None:
    service = core.sms.with_engine(FakeEngine(down=True))
    first = service.receive(sid(3), NUMBER, "knife seen in Erith")
    again = service.receive(sid(3), NUMBER, "knife seen in Erith")
    assert again.duplicate and again.reference == first.reference
    # A re-sent reply carries a newly issued code; only the latest works.
    new_code = CODE.search(again.reply or "").group(1)  # type: ignore[union-attr]
    assert core.followup.status(first.reference or "", new_code)
    assert count(core, InboundMessage) == 1 and count(core, Referral) == 1


@pytest.mark.parametrize("bad", ["", "not-a-sid", "SM'; DROP TABLE x"])
def test_a_request_without_a_message_sid_is_refused(core: Core, bad: str) -> None:
    with pytest.raises(InvalidInput):
        core.sms.receive(bad, NUMBER, "hello")


def test_stored_but_unhandled_messages_are_captured_by_the_retry(core: Core, clock) -> None:
    with core.db.session() as session:  # as if the process died right after storing it
        session.add(InboundMessage(message_sid=sid(4), sender="x" * 64, body="dealing from a car in Chatham",
                                   num_media=0, received_at=clock(), status="received", attempts=0))
    assert core.sms.retry_pending() == 0  # too recent: the webhook may still be on it
    clock.advance(minutes=2)
    assert core.sms.retry_pending() == 1
    with core.db.session() as session:
        row = session.scalars(select(InboundMessage)).one()
        assert row.status == "processed" and row.reference
        assert session.scalars(select(Referral)).one().area_id == "medway"
    assert core.sms.retry_pending() == 0


def test_when_the_database_is_down_the_message_is_spooled_then_imported(core: Core, clock, tmp_path) -> None:
    spool = SpoolDir(tmp_path / "spool")
    broken = SmsService(Database("sqlite:////proc/front-door-missing/fd.db"), core.submissions, core.followup,
                        core.sms._keys, FakeEngine(down=True), clock, spool)
    outcome = broken.receive(sid(5), NUMBER, "older boys recruiting kids in Sidcup")
    assert outcome.handled_by == "spooled" and "999" in (outcome.reply or "")
    [(path, record)] = spool.items()
    assert record["sender"] != NUMBER and NUMBER not in path.read_text()
    working = SmsService(core.db, core.submissions, core.followup, core.sms._keys, None, clock, spool)
    clock.advance(minutes=2)
    assert working.retry_pending() == 1
    assert spool.items() == []
    with core.db.session() as session:
        assert session.scalars(select(Referral)).one().area_id == "bexley"


def test_render_turns_buttons_into_reply_options() -> None:
    assert render([BotReply("Is anyone in danger?", ("Yes", "No")), BotReply("  ")]) == \
        "Is anyone in danger?\nReply Yes / No"


def test_the_spool_is_encrypted_private_and_sets_aside_what_it_cannot_read(core: Core, clock, tmp_path) -> None:
    spool = SpoolDir(tmp_path / "spool", core.settings.keyring())
    broken = SmsService(Database("sqlite:////proc/front-door-missing/fd.db"), core.submissions, core.followup,
                        core.sms._keys, FakeEngine(down=True), clock, spool)
    assert broken.receive(sid(6), NUMBER, "canary-91b2 a blue car outside Welling station").handled_by == "spooled"
    [(path, record)] = spool.items()
    assert record["body"] == "canary-91b2 a blue car outside Welling station"
    assert b"canary-91b2" not in path.read_bytes() and b"Welling" not in path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600 and spool.path.stat().st_mode & 0o777 == 0o700
    # A file no key opens, and a .tmp left by a crash mid-write.
    (spool.path / "2026-01-01T000000-bad.json").write_text("fdenc1:not-a-token", "utf-8")
    leftover = spool.path / ".2026-01-01T000000-old.tmp"
    leftover.write_text("{}", "utf-8")
    os.utime(leftover, (0, 0))
    working = SmsService(core.db, core.submissions, core.followup, core.sms._keys, None, clock, spool)
    clock.advance(minutes=2)
    assert working.retry_pending() == 1
    assert spool.items() == [] and not leftover.exists()
    assert [f.name for f in (spool.path / "unreadable").iterdir()] == ["2026-01-01T000000-bad.json"]


def test_an_unknown_channel_is_refused_before_anything_is_stored(core: Core) -> None:
    with pytest.raises(InvalidInput):
        core.sms.receive(sid(90), NUMBER, "hello", channel="telegram")
    assert count(core, InboundMessage) == 0


def test_a_whatsapp_message_is_a_text_conversation_of_its_own(core: Core) -> None:
    engine = FakeEngine()
    service = core.sms.with_engine(engine)
    service.receive(sid(91), NUMBER, "dealing in Penge")
    outcome = service.receive(sid(92), NUMBER, "dealing in Penge", channel="whatsapp")
    assert outcome.handled_by == "conversation"
    (by_sms, _, sms_channel), (by_whatsapp, _, whatsapp_channel) = engine.seen
    assert by_sms != by_whatsapp and sms_channel == whatsapp_channel == "sms"
    with core.db.session() as session:
        senders = set(session.scalars(select(InboundMessage.sender)))
    assert len(senders) == 2 and NUMBER not in senders
