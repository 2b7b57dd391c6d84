"""A resident's anonymous SMS tip through the real system, and what happens when parts fail.

Signed Twilio requests (built with the twilio library) go to the web app's
webhook; Rasa and the action server handle the conversation; the phone number
must not appear in the database, the tracker store or any log.
"""

from __future__ import annotations

import re
import uuid
from xml.etree import ElementTree

import httpx
import pytest
from twilio.request_validator import RequestValidator

from frontdoor.views import Principal
from tests.support.stack import TWILIO_TOKEN, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

CANARY = "+447700900777"
REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
CODE = re.compile(r"code (\d{6})")


def text_message(stack: Stack, body: str, sender: str = CANARY) -> str:
    """Send one signed inbound SMS; return the TwiML reply's text."""
    fields = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "From": sender,
              "To": "+447700900999", "Body": body, "NumMedia": "0"}
    url = f"{stack.web_url}/sms/twilio"
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, fields)
    response = httpx.post(url, data=fields, headers={"X-Twilio-Signature": signature}, timeout=10)
    assert response.status_code == 200, response.text
    root = ElementTree.fromstring(response.content)
    return " ".join(m.text or "" for m in root.iter("Message"))


def spoc(stack: Stack, inbox: str) -> Principal:
    core = stack.core()
    email = f"{inbox}.{uuid.uuid4().hex[:6]}@spoc.example"
    return core.staff.add(email, [inbox])


def test_sms_tip_with_slang_and_a_place_survives_a_rasa_restart(stack: Stack) -> None:
    first = text_message(stack, "there's lads shotting from a trap house on the high street in Penge")
    assert "when" in first.lower()  # what and where came with the first text
    second = text_message(stack, "every night after 10")
    assert "danger" in second.lower()

    stack.restart("rasa")  # the conversation resumes from the tracker store
    last = text_message(stack, "no")
    reference = REFERENCE.search(last)
    code = CODE.search(last)
    assert reference and code, last
    assert "delete this thread" in last and "999" in last

    core = stack.core()
    owner = spoc(stack, "bromley-community-safety")
    detail = core.queries.get(owner, reference.group(0))
    assert detail.kind == "tip" and detail.channel == "sms" and detail.anonymous
    assert detail.inbox.id == "bromley-community-safety" and detail.urgency == "amber"
    assert detail.when == "every night after 10"

    # Anonymous two-way follow-up: the SPOC asks, the resident reads and answers.
    core.workflow.ask_reporter(owner, reference.group(0), "Which end of the high street?")
    status = text_message(stack, f"{reference.group(0)} {code.group(1)}")
    assert "received" in status and "Which end of the high street?" in status
    answer = text_message(stack, f"{reference.group(0)} {code.group(1)} by the station end")
    assert "passed to the team" in answer
    events = core.queries.get(owner, reference.group(0)).events
    assert [e.body for e in events if e.action == "reporter_reply"] == ["by the station end"]


def test_with_rasa_down_the_tip_is_captured_and_referenced(stack: Stack) -> None:
    stack.stop("rasa")
    try:
        reply = text_message(stack, "kids running drugs from a flat in Margate", sender="+447700900778")
    finally:
        stack.start("rasa")
    reference = REFERENCE.search(reply)
    assert reference and CODE.search(reply), reply
    detail = stack.core().queries.get(spoc(stack, "thanet-community-safety"), reference.group(0))
    assert detail.area_id == "thanet" and detail.urgency == "amber"
    stack.wait_ready("rasa")


def test_with_the_action_server_down_the_tip_is_still_captured(stack: Stack) -> None:
    stack.stop("actions")
    try:
        reply = text_message(stack, "someone is dealing crack from a car outside the school in Erith",
                             sender="+447700900779")
    finally:
        stack.start("actions")
        stack.wait_ready("actions")
    assert REFERENCE.search(reply), reply


def test_the_phone_numbers_are_nowhere(stack: Stack) -> None:
    stack.core().db.dispose()
    files = [p for p in stack.home.rglob("*") if p.is_file()]
    assert any(p.name == "tracker.db" for p in files) and any(p.name == "frontdoor.db" for p in files)
    haystack = b"".join(p.read_bytes() for p in files)
    for number in (CANARY, "+447700900778", "+447700900779"):
        for form in (number, number[1:], "0" + number[3:]):
            assert form.encode() not in haystack, form


def test_no_message_is_readable_at_rest(stack: Stack) -> None:
    """What people texted is in no database file, journal, tracker store or spool file, only sealed."""
    stack.core().db.dispose()
    files = [p for p in stack.home.rglob("*") if p.is_file() and "logs" not in p.relative_to(stack.home).parts]
    names = {p.name for p in files}
    assert {"tracker.db", "frontdoor.db"} <= names
    haystack = b"".join(p.read_bytes() for p in files)
    for words in ("trap house on the high street in Penge", "every night after 10", "by the station end",
                  "Which end of the high street?", "kids running drugs from a flat in Margate",
                  "dealing crack from a car outside the school in Erith"):
        assert words.encode() not in haystack, words
    for file in files:
        assert file.stat().st_mode & 0o077 == 0, f"{file.relative_to(stack.home)} is readable by others"
