"""The bot's responses name the numbers and safety lines as slots: through the real Rasa 3.6 server
they come out filled from frontdoor/data/safety.yaml, on the web chat and by SMS, never as ``{field}``."""

from __future__ import annotations

import pytest

from frontdoor import safety
from tests.e2e.test_sms_journey import text_message
from tests.e2e.test_teacher_journey import Chat
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.rasa]


def test_the_web_greeting_and_the_useful_numbers_are_filled_from_the_home(stack: Stack) -> None:
    chat = Chat(stack)
    greeting = Chat.text(chat.say("/greet"))
    assert f"call {safety.number('emergency').number} now" in greeting and "{" not in greeting
    numbers = Chat.text(chat.say("Useful phone numbers"))
    assert "{" not in numbers, numbers
    for key in ("emergency", "police", "crimestoppers", "childline", "gangline"):
        assert safety.number(key).number in numbers, (key, numbers)
    assert numbers.rstrip().endswith(safety.line("safety_line"))


def test_an_sms_answer_and_the_999_advice_are_filled_from_the_home(stack: Stack) -> None:
    reply = text_message(stack, "someone has a knife outside my house right now", sender="+447700900555")
    assert safety.line("danger_advice", "sms") in " ".join(reply.split()), reply
    assert "{" not in reply
    thanks = text_message(stack, "thanks", sender="+447700900555")
    assert "{" not in thanks, thanks
