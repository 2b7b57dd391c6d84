"""What the SMS channel answers by itself takes its safety wording from frontdoor/safety.py."""

from __future__ import annotations

import re

import pytest

from frontdoor import safety
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services.sms_replies import DELETE_ADVICE, REPLIES, fallback_reply, sms_reply

SMS_LIMIT = 320


def test_help_gives_every_number_from_the_home() -> None:
    text = sms_reply("help")
    assert safety.line("safety_numbers", "sms") in text and text.endswith("Text STOP to stop messages.")
    for key in ("emergency", "police", "crimestoppers", "childline"):
        assert safety.number(key).number in text


@pytest.mark.parametrize("name", ["start", "media", "empty", "busy", "spooled", "locked"])
def test_each_reply_ends_with_the_sms_safety_line(name: str) -> None:
    text = sms_reply(name)
    assert text.endswith(safety.line("safety_line", "sms")) and "{" not in text
    assert len(text) <= SMS_LIMIT


def test_the_locked_reply_gives_the_police_and_crimestoppers() -> None:
    text = sms_reply("locked")
    assert f"call {safety.number('police').number} " in text and safety.number("crimestoppers").number in text


def test_the_fallback_reply_carries_the_reference_the_code_and_the_advice() -> None:
    text = fallback_reply("FD-ABCD-EFGH", "[[code]]")
    assert "Reference FD-ABCD-EFGH, follow-up code [[code]]." in text
    assert text.endswith(f"{safety.line('safety_line', 'sms')} {DELETE_ADVICE}")


def test_a_follow_up_answer_keeps_its_braces() -> None:
    assert sms_reply("followup", text="Status {open}").startswith("Status {open} ")


def test_every_reply_can_be_made() -> None:
    for name in REPLIES:
        values = {"text": "x", "reference": "FD-ABCD-EFGH", "code": "123456"}
        assert "{" not in sms_reply(name, **values)


def test_every_reply_can_be_made_for_whatsapp_without_sms_words() -> None:
    values = {"text": "x", "reference": "FD-ABCD-EFGH", "code": "123456"}
    for name in REPLIES:
        text = sms_reply(name, "whatsapp", **values)
        assert "{" not in text and not re.search(r"\b[Tt]ext (us|STOP|both|your|what)\b", text), (name, text)
        assert "thread" not in text and "*" not in text
    assert fallback_reply("FD-ABCD-EFGH", "[[code]]", "whatsapp").endswith("delete this chat.")


def test_the_sms_and_whatsapp_pseudonyms_of_one_phone_differ_and_keep_the_sms_one() -> None:
    keys = Pseudonymiser(bytes(range(32)))
    assert keys.sender("07700 900123") == keys.sender("+447700900123", "sms") == keys.tag("sender", "+447700900123")
    assert keys.sender("+447700900123", "whatsapp") != keys.sender("+447700900123")
    assert keys.sender("+44 7700 900123", "whatsapp") == keys.sender("07700900123", "whatsapp")
