"""A resident's anonymous tip by WhatsApp through the real system, sent with ``frontdoor sms simulate --whatsapp``.

The command signs each message with the twilio library as Twilio would and
posts it to the running web app's webhook; Rasa and the action server hold the
conversation. The number must not appear in any file the system writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from frontdoor.views import Principal
from tests.support.stack import TWILIO_TOKEN, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+447700900888"
REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
CODE = re.compile(r"code (\d{6})")


def simulate(stack: Stack, *messages: str) -> str:
    """Send ``messages`` in turn by WhatsApp from PHONE with the command; return what it printed."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("FRONTDOOR_", "TWILIO_", "PUBLIC_"))},
           "FRONTDOOR_ENV": "development", "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": stack.web_url,
           "PYTHONPATH": str(ROOT)}
    args = [arg for text in messages for arg in ("-m", text)]
    done = subprocess.run([sys.executable, "-m", "frontdoor.cli", "sms", "simulate", "--whatsapp", "--from", PHONE,
                           *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_whatsapp_tip_reaches_the_spoc_and_the_follow_up_works(stack: Stack) -> None:
    printed = simulate(stack, "there's lads shotting from a trap house on the high street in Penge",
                       "every night after 10", "no")
    reference, code = REFERENCE.search(printed), CODE.search(printed)
    assert reference and code, printed
    assert "999" in printed

    core = stack.core()
    owner = core.staff.add(f"wa.{uuid.uuid4().hex[:6]}@spoc.example", ["bromley-community-safety"])
    assert isinstance(owner, Principal)
    detail = core.queries.get(owner, reference.group(0))
    assert detail.kind == "tip" and detail.anonymous and detail.inbox.id == "bromley-community-safety"
    assert detail.channel == "whatsapp"  # submitted by the bot, told the medium in the message's metadata

    core.workflow.ask_reporter(owner, reference.group(0), "Which end of the high street?")
    status = simulate(stack, f"{reference.group(0)} {code.group(1)}")
    assert "Which end of the high street?" in status and "To answer, send your reference" in status


def test_the_whatsapp_number_is_nowhere(stack: Stack) -> None:
    stack.core().db.dispose()
    haystack = b"".join(p.read_bytes() for p in stack.home.rglob("*") if p.is_file())
    for form in (PHONE, PHONE[1:], "0" + PHONE[3:], "whatsapp:" + PHONE):
        assert form.encode() not in haystack, form
