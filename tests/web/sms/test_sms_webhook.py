"""POST /sms/twilio with requests signed by the twilio library."""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask import Flask
from sqlalchemy import func, select

from frontdoor.services import Core
from frontdoor.store.models import InboundMessage, Referral, ReferralEvent, SmsConversation
from frontdoor.views import Principal
from tests.web.sms.conftest import AUTH_TOKEN, CANARY, PUBLIC, message, new_sid, sign
from web.rasa_client import RasaClient

REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
CODE = re.compile(r"follow-up code (\d{6})")


def reply_text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "Response"
    return " ".join(m.text or "" for m in root.iter("Message"))


def count(core: Core, model: type) -> int:
    with core.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the signature ------------------------------------------------------------------
@pytest.mark.parametrize(
    "signature",
    ["forged", "missing", "wrong-url", "wrong-token", "other-body"],
)
def test_unsigned_or_forged_requests_are_refused_and_nothing_is_stored(sms_app: Flask, core: Core, post,
                                                                     rasa, signature: str) -> None:
    fields = message("drugs sold outside the shop in Penge")
    value = {
        "forged": "bm90IGEgc2lnbmF0dXJl",
        "missing": None,
        # Signed for the URL the request arrived on, not the public one Twilio was given.
        "wrong-url": sign(fields, url="http://localhost/sms/twilio"),
        "wrong-token": sign(fields, token="someone-elses-token"),
        "other-body": sign({**fields, "Body": "something else"}),
    }[signature]
    response = post(sms_app.test_client(), fields, signature=value)
    assert response.status_code == 403
    assert count(core, InboundMessage) == 0 and count(core, Referral) == 0
    assert count(core, SmsConversation) == 0 and rasa.requests == []


def test_without_twilio_configuration_everything_is_refused(make_app, rasa_client, core: Core, post) -> None:
    app = make_app(rasa_client, PUBLIC_BASE_URL=PUBLIC)  # no TWILIO_AUTH_TOKEN
    assert post(app.test_client(), message("hi")).status_code == 403
    assert count(core, InboundMessage) == 0


def test_signature_covers_the_query_string(sms_app: Flask, core: Core) -> None:
    fields = message("hi")
    url = PUBLIC + "/sms/twilio?area=kent"
    client = sms_app.test_client()
    ok = client.post("/sms/twilio?area=kent", data=fields, headers={"X-Twilio-Signature": sign(fields, url)})
    assert ok.status_code == 200
    fields = message("hi")
    bad = client.post("/sms/twilio?area=kent", data=fields, headers={"X-Twilio-Signature": sign(fields)})
    assert bad.status_code == 403


# --- a turn of conversation -------------------------------------------------------------
def test_a_message_goes_to_rasa_under_a_pseudonym(sms_app: Flask, core: Core, post, rasa) -> None:
    text = reply_text(post(sms_app.test_client(), message("there's dealing in Penge")))
    assert "You said: there's dealing in Penge" in text
    assert "Reply Yes / No" in text  # buttons become reply options
    [sent] = rasa.requests
    assert sent["input_channel"] == "sms" and sent["metadata"] == {"channel": "sms"}
    assert CANARY not in str(sent) and "7700900123" not in str(sent)
    assert sent["sender"].startswith("sms-")
    with core.db.session() as session:
        row = session.scalars(select(InboundMessage)).one()
        assert row.status == "processed" and row.handled_by == "conversation"
        assert row.sender != CANARY and len(row.sender) == 64


def test_the_same_sender_keeps_one_conversation_until_it_goes_quiet(sms_app: Flask, core: Core, post, rasa,
                                                                    clock) -> None:
    client = sms_app.test_client()
    for text in ("one", "two"):
        reply_text(post(client, message(text)))
    clock.advance(minutes=31)
    reply_text(post(client, message("three")))
    senders = [r["sender"] for r in rasa.requests]
    assert senders[0] == senders[1] != senders[2]


# --- Rasa down: captured directly ---------------------------------------------------------
def test_rasa_down_the_tip_is_still_captured_routed_and_referenced(down_app: Flask, core: Core, post) -> None:
    started = time.monotonic()
    text = reply_text(post(down_app.test_client(),
                           message("lads shotting from a trap house near Penge station every night")))
    assert time.monotonic() - started < 2.0
    reference = REFERENCE.search(text)
    code = CODE.search(text)
    assert reference and code, text
    assert "999" in text and "delete this thread" in text
    with core.db.session() as session:
        referral = session.scalars(select(Referral)).one()
        assert referral.reference == reference.group(0)
        assert referral.kind == "tip" and referral.channel == "sms" and referral.anonymous
        assert referral.area_id == "bromley" and referral.inbox_id == "bromley-community-safety"
        assert referral.urgency == "amber"
        # The code itself is stored nowhere: only a keyed digest.
        assert code.group(1) not in (referral.followup_digest or "")
        stored = session.scalars(select(InboundMessage)).one()
        assert code.group(1) not in (stored.reply or "")
        assert stored.handled_by == "captured"


def test_action_server_down_the_tip_is_captured_without_asking_rasa(
        make_app, rasa_server, rasa, closed_port: int, core: Core, post) -> None:
    client = RasaClient(rasa_server.url, timeout=1.0,
                        actions_url=f"http://127.0.0.1:{closed_port}/webhook")
    app = make_app(client, PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=AUTH_TOKEN)
    text = reply_text(post(app.test_client(), message("someone dealing from a car outside the school in Erith")))
    assert REFERENCE.search(text), text
    assert rasa.requests == []  # Rasa would have answered, but with forms that cannot run
    with core.db.session() as session:
        referral = session.scalars(select(Referral)).one()
        assert referral.area_id == "bexley"
        assert session.scalars(select(InboundMessage)).one().handled_by == "captured"


def test_action_server_healthy_the_message_goes_to_rasa(make_app, rasa_server, rasa, core: Core, post) -> None:
    client = RasaClient(rasa_server.url, timeout=1.0, actions_url=f"{rasa_server.url}/webhook")
    app = make_app(client, PUBLIC_BASE_URL=PUBLIC, TWILIO_AUTH_TOKEN=AUTH_TOKEN)
    post(app.test_client(), message("hello"))
    assert len(rasa.requests) == 1
    rasa.mode = "actions_down"
    text = reply_text(post(app.test_client(), message("people dealing at the flats in Penge")))
    assert REFERENCE.search(text), text
    assert len(rasa.requests) == 1


def test_rasa_too_slow_is_answered_within_the_budget(sms_app: Flask, core: Core, post, rasa) -> None:
    rasa.mode = "slow"
    started = time.monotonic()
    text = reply_text(post(sms_app.test_client(), message("someone is dealing by the school in Erith")))
    elapsed = time.monotonic() - started
    rasa.release.set()
    assert elapsed < 2.0
    assert REFERENCE.search(text)
    with core.db.session() as session:
        assert session.scalars(select(Referral)).one().area_id == "bexley"


@pytest.mark.parametrize("mode", ["error", "bad_json", "empty"])
def test_rasa_misbehaving_is_the_same_as_down(sms_app: Flask, core: Core, post, rasa, mode: str) -> None:
    rasa.mode = mode
    text = reply_text(post(sms_app.test_client(), message("dealing at the bus stop in Margate")))
    assert REFERENCE.search(text)
    assert count(core, Referral) == 1


# --- retries and duplicates ----------------------------------------------------------------
def test_a_retried_webhook_is_answered_from_what_was_stored(down_app: Flask, core: Core, post) -> None:
    fields = message("knife seen in Erith")
    client = down_app.test_client()
    first = reply_text(post(client, fields))
    second = reply_text(post(client, fields))
    assert REFERENCE.search(first).group(0) == REFERENCE.search(second).group(0)  # type: ignore[union-attr]
    assert count(core, InboundMessage) == 1 and count(core, Referral) == 1


def test_five_concurrent_posts_of_one_message_store_it_once(down_app: Flask, core: Core, post) -> None:
    fields = message("kids being made to sell drugs from a flat in Chatham", sid=new_sid())
    barrier = threading.Barrier(5)
    statuses: list[int] = []

    def hit() -> None:
        client = down_app.test_client()
        barrier.wait()
        statuses.append(post(client, fields).status_code)

    threads = [threading.Thread(target=hit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [200] * 5
    assert count(core, InboundMessage) == 1
    assert count(core, Referral) <= 1


# --- keywords -------------------------------------------------------------------------------
def test_help_explains_the_service_and_the_numbers(sms_app: Flask, post, rasa) -> None:
    text = reply_text(post(sms_app.test_client(), message("HELP")))
    for number in ("999", "101", "0800 555 111"):
        assert number in text
    assert rasa.requests == []


def test_stop_then_start(sms_app: Flask, core: Core, post, rasa) -> None:
    client = sms_app.test_client()
    assert reply_text(post(client, message("STOP"))) == ""  # Twilio confirms opt-outs itself
    # While opted out nothing is answered, but what they send is still captured.
    assert reply_text(post(client, message("there's a trap house on Green Lane Penge"))) == ""
    assert count(core, Referral) == 1 and rasa.requests == []
    assert "text us again" in reply_text(post(client, message("START")))
    assert "You said" in reply_text(post(client, message("hello again")))


# --- anonymous two-way follow-up ------------------------------------------------------------
def test_follow_up_round_trip(down_app: Flask, core: Core, post) -> None:
    client = down_app.test_client()
    first = reply_text(post(client, message("older boys dealing from a car park in Margate")))
    reference = REFERENCE.search(first).group(0)  # type: ignore[union-attr]
    code = CODE.search(first).group(1)  # type: ignore[union-attr]

    status = reply_text(post(client, message(f"{reference} {code}")))
    assert f"{reference}: received" in status

    spoc = Principal(1, "thanet@spoc.example", None, False, frozenset({"thanet-community-safety"}))
    core.workflow.ask_reporter(spoc, reference, "What time of day do you see them?")
    status = reply_text(post(client, message(f"{reference.lower()} {code}")))
    assert "The team asks: What time of day do you see them?" in status

    answer = reply_text(post(client, message(f"{reference} {code} usually after 9pm, a silver car")))
    assert "passed to the team" in answer
    detail = core.queries.get(spoc, reference)
    replies = [e for e in detail.events if e.action == "reporter_reply"]
    assert replies and replies[0].body == "usually after 9pm, a silver car"
    assert "The team asks" not in reply_text(post(client, message(f"{reference} {code}")))


def report(client, post, sender: str = "+447700900123") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Make a tip by SMS from ``sender`` (Rasa down: captured directly); return its reference and code."""
    first = reply_text(post(client, message("dealing near Erith station", sender=sender)))
    return REFERENCE.search(first).group(0), CODE.search(first).group(1)  # type: ignore[union-attr]


def wrong_for(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_sender_with_too_many_wrong_codes_waits(down_app: Flask, core: Core, post) -> None:
    client = down_app.test_client()
    reference, code = report(client, post)
    for n in range(5):  # wrong codes at references that do not exist
        assert "don't match" in reply_text(post(client, message(f"FD-AAAA-AAA{'BCDEF'[n]} 123456")))
    assert "Too many tries" in reply_text(post(client, message(f"{reference} {code}")))
    # Another phone is not locked out, and the reference itself was never guessed at.
    other = reply_text(post(client, message(f"{reference} {code}", sender="+447700900456")))
    assert f"{reference}: received" in other


def test_a_reference_locks_after_wrong_codes_from_any_senders(down_app: Flask, core: Core, post) -> None:
    client = down_app.test_client()
    reference, code = report(client, post)
    replies = [reply_text(post(client, message(f"{reference} {wrong_for(code)}", sender=f"+4477009002{n:02d}")))
               for n in range(5)]  # five phones, one guess each
    assert all("don't match" in r for r in replies[:4])
    assert "has been closed after too many wrong codes" in replies[4] and "999" in replies[4]
    # Now even the reporter's right code is refused: they can still send a new report.
    assert "has been closed" in reply_text(post(client, message(f"{reference} {code}")))
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        assert row is not None and row.followup_locked_at is not None
        events = [e.action for e in session.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == row.id))]
    assert events.count("followup_locked") == 1


def test_a_right_code_never_clears_another_references_count(down_app: Flask, core: Core, post) -> None:
    client = down_app.test_client()
    mine, my_code = report(client, post, sender="+447700900111")
    theirs, their_code = report(client, post, sender="+447700900222")
    attacker = "+447700900111"
    for _ in range(2):
        for _ in range(2):
            assert "don't match" in reply_text(post(client, message(f"{theirs} {wrong_for(their_code)}",
                                                                    sender=attacker)))
        assert f"{mine}: received" in reply_text(post(client, message(f"{mine} {my_code}", sender=attacker)))
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == theirs))
        assert row is not None and row.followup_failures == 4
        sender = session.scalars(select(SmsConversation)).all()
        assert sorted(c.code_failures for c in sender) == [0, 4]  # the attacker's own right codes cleared nothing
    assert "Too many tries" not in reply_text(post(client, message(f"{theirs} {wrong_for(their_code)}",
                                                                   sender=attacker)))
    assert "Too many tries" in reply_text(post(client, message(f"{mine} {my_code}", sender=attacker)))
    assert "has been closed" in reply_text(post(client, message(f"{theirs} {their_code}", sender="+447700900222")))


def test_reference_without_code_explains_how(sms_app: Flask, post) -> None:
    assert "6-digit code" in reply_text(post(sms_app.test_client(), message("FD-ABCD-EFGH")))


# --- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "media", "expect"),
    [
        ("", 0, "Please text what is happening"),
        (None, 0, "Please text what is happening"),
        ("   ", 0, "Please text what is happening"),
        ("", 2, "can't receive photos"),
        ("a" * 1600, 0, "You said"),
        ("😀🔪😡", 0, "You said"),
        ("هناك تجارة مخدرات في الحديقة", 0, "You said"),
        ("公园里有人卖毒品", 0, "You said"),
        ("ok\u0000\u0007\u001b[31m then", 0, "You said"),
        ("'; DROP TABLE referrals; -- <script>alert(1)</script> {{7*7}}", 0, "You said"),
    ],
)
def test_odd_messages_get_a_clear_reply_and_are_kept(sms_app: Flask, core: Core, post, body, media,
                                                    expect) -> None:
    response = post(sms_app.test_client(), message(body, media=media))
    assert expect in reply_text(response)
    assert count(core, InboundMessage) == 1


def test_a_signed_request_that_is_not_a_message_is_ignored(sms_app: Flask, core: Core, post) -> None:
    fields = {"AccountSid": "AC" + "0" * 32, "MessageStatus": "delivered"}
    assert reply_text(post(sms_app.test_client(), fields)) == ""
    assert count(core, InboundMessage) == 0


# --- the number goes nowhere ---------------------------------------------------------------------
@pytest.mark.parametrize("sender", [CANARY, "whatsapp:" + CANARY], ids=["sms", "whatsapp"])
def test_the_phone_number_is_not_in_the_database_or_the_logs(down_app: Flask, sms_app: Flask, core: Core,
                                                            post, caplog, tmp_path: Path, sender: str) -> None:
    caplog.set_level(logging.DEBUG)
    for app in (sms_app, down_app):
        client = app.test_client()
        reply_text(post(client, message("dealing from a flat in Dalston", sender=sender)))
        reply_text(post(client, message("HELP", sender=sender)))
    core.db.dispose()  # flush SQLite's write-ahead log into the file
    haystack = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    for form in (sender, CANARY, CANARY[1:], "07700900123", "7700900123", "07700 900123"):
        assert form.encode() not in haystack
        assert form not in caplog.text
