"""WhatsApp through the Twilio webhook (``From: whatsapp:+44…``), with requests signed by the twilio library."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from frontdoor import safety
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services import Core
from frontdoor.store.models import InboundMessage, Referral, SmsConversation
from frontdoor.views import Principal
from tests.web.sms.conftest import CANARY, message
from tests.web.sms.test_sms_webhook import CODE, REFERENCE, count, reply_text
from web.sms.views import sender_and_channel

WHATSAPP = "whatsapp:" + CANARY


def whatsapp(body: str | None = "hello", **kwargs: object) -> dict[str, str]:
    """Twilio's form fields for one inbound WhatsApp message."""
    fields = message(body, sender=WHATSAPP, **kwargs)  # type: ignore[arg-type]
    fields["To"] = "whatsapp:+447700900999"
    return fields


def test_twilios_address_gives_the_number_and_the_channel() -> None:
    assert sender_and_channel("whatsapp:+447700900123") == ("+447700900123", "whatsapp")
    assert sender_and_channel("WhatsApp:+447700900123") == ("+447700900123", "whatsapp")
    assert sender_and_channel("+447700900123") == ("+447700900123", "sms")


def test_a_whatsapp_message_is_stored_under_its_own_pseudonym_and_goes_to_the_bot(
        sms_app: Flask, core: Core, post, rasa) -> None:
    text = reply_text(post(sms_app.test_client(), whatsapp("there's dealing in Penge")))
    assert "You said: there's dealing in Penge" in text and "Reply Yes / No" in text
    [sent] = rasa.requests
    assert sent["input_channel"] == "sms"  # the bot's text-message channel
    # What it submits records the channel truly; nothing else about the sender goes to the bot.
    assert sent["metadata"] == {"channel": "sms", "medium": "whatsapp"}
    assert CANARY not in str(sent) and "7700900123" not in str(sent)
    keys = Pseudonymiser(core.settings.pseudonym_key or b"")
    with core.db.session() as session:
        row = session.scalars(select(InboundMessage)).one()
        assert row.sender == keys.sender(CANARY, "whatsapp") != keys.sender(CANARY)
        assert row.status == "processed" and row.handled_by == "conversation" and row.channel == "whatsapp"


def test_whatsapp_and_sms_from_one_phone_are_separate_conversations(sms_app: Flask, core: Core, post,
                                                                     rasa) -> None:
    client = sms_app.test_client()
    stopped = reply_text(post(client, whatsapp("STOP")))  # Twilio confirms only an SMS STOP
    assert stopped.startswith("Front Door: you will get no more replies here. Send START")
    assert "You said: hello" in reply_text(post(client, message("hello")))  # by SMS, still answered
    assert reply_text(post(client, whatsapp("hello again"))) == ""  # stopped on WhatsApp only
    assert count(core, SmsConversation) == 2
    reply_text(post(client, whatsapp("START")))
    assert "You said: hi" in reply_text(post(client, whatsapp("hi")))
    by_sms, by_whatsapp = (r["sender"] for r in rasa.requests)
    assert by_sms != by_whatsapp  # two conversations the bot cannot link


def test_rasa_down_a_whatsapp_tip_is_captured_with_the_whatsapp_words(down_app: Flask, core: Core, post,
                                                                      clock) -> None:
    client = down_app.test_client()
    text = reply_text(post(client, whatsapp("lads shotting from a trap house near Penge station every night")))
    reference, code = REFERENCE.search(text), CODE.search(text)
    assert reference and code, text
    assert "Send both in this chat any time" in text and text.endswith("delete this chat.")
    assert "999" in text and "*" not in text and "_" not in text  # plain text: no WhatsApp formatting marks
    with core.db.session() as session:
        referral = session.scalars(select(Referral)).one()
        assert referral.inbox_id == "bromley-community-safety" and referral.anonymous
        assert referral.channel == "whatsapp"  # the SPOC sees how it came

    spoc = Principal(1, "b@spoc.example", None, False, frozenset({"bromley-community-safety"}))
    core.workflow.ask_reporter(spoc, reference.group(0), "Which end of the road?")
    # A day and more later the person writes again: the answer is the reply to that message, inside
    # WhatsApp's 24-hour window; the question was never sent to them on its own.
    clock.advance(hours=30)
    status = reply_text(post(client, whatsapp(f"{reference.group(0)} {code.group(1)}")))
    assert "The team asks: Which end of the road?" in status
    assert "To answer, send your reference and code followed by your answer." in status
    reply_text(post(client, whatsapp(f"{reference.group(0)} {code.group(1)} the end by the station")))
    events = core.queries.get(spoc, reference.group(0)).events
    assert [(e.actor, e.body) for e in events if e.action == "reporter_reply"] == [
        ("reporter:whatsapp", "the end by the station")]


def test_a_retried_whatsapp_webhook_is_answered_from_what_was_stored(down_app: Flask, core: Core, post) -> None:
    fields = whatsapp("knife seen in Erith")
    client = down_app.test_client()
    first, second = reply_text(post(client, fields)), reply_text(post(client, fields))
    assert REFERENCE.search(first).group(0) == REFERENCE.search(second).group(0)  # type: ignore[union-attr]
    assert count(core, InboundMessage) == 1 and count(core, Referral) == 1


def test_help_and_photos_on_whatsapp_say_send_not_text(sms_app: Flask, post) -> None:
    client = sms_app.test_client()
    help_text = reply_text(post(client, whatsapp("HELP")))
    assert help_text.endswith("Send STOP to stop messages.") and "Text " not in help_text
    assert safety.line("safety_numbers", "sms") in help_text
    photo = reply_text(post(client, whatsapp(None, media=1)))
    assert re.match(r"We can't receive photos, videos or voice notes on WhatsApp\.", photo)
