"""The chat's pure rules: message cleaning, session ids, transcript shaping, form tokens."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from web.chat import tokens
from web.chat.conversation import Shown, check_session, clean_message, new_session_id, shown_transcript
from web.rasa_client import Button, Turn


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  hello  ", "hello"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\there", "tab\there"),
        ("bell\x07 null\x00 esc\x1b del\x7f c1\x85", "bell null esc del c1"),
        ("👨‍👩‍👧 family", "👨‍👩‍👧 family"),  # zero-width joiners are kept
        ("می‌خواهم", "می‌خواهم"),  # so is the zero-width non-joiner Persian needs
        ("<b>hi</b>", "<b>hi</b>"),
    ],
)
def test_clean_message(raw, clean):
    assert clean_message(raw) == clean


@pytest.mark.parametrize("raw", ["", " ", "\n\t", "\x00\x01", None, 5, 1.5, True, [], {}])
def test_clean_message_refuses(raw):
    with pytest.raises(InvalidInput):
        clean_message(raw)


def test_the_limit_is_2000_characters_after_cleaning():
    assert clean_message(" " * 50 + "a" * 2000 + " " * 50) == "a" * 2000
    with pytest.raises(InvalidInput, match="under 2,000 characters"):
        clean_message("a" * 2001)


def test_session_ids():
    assert check_session(None) is None
    fresh = new_session_id()
    assert check_session(fresh) == fresh
    assert check_session("a" * 16) == "a" * 16 and check_session("Z" * 64) == "Z" * 64
    for bad in ("a" * 15, "a" * 65, "abc def ghi jkl mno", "ünïcödé-session-id", 123, ["x"]):
        with pytest.raises(InvalidInput):
            check_session(bad)


def test_shown_transcript_hides_intents_and_shows_button_titles():
    yes_no = (Button("Yes", "/affirm"), Button("No", "/deny"))
    turns = [
        Turn("user", "/greet"),
        Turn("bot", "Hi", (Button("Report", "/report"),)),
        Turn("user", "/report"),
        Turn("bot", "Is the young person in danger now?", yes_no),
        Turn("user", "/affirm"),
        Turn("bot", "Call 999 now."),
        Turn("bot", "Are they under 18?", yes_no),
        Turn("user", "/restart"),
        Turn("user", "  "),
    ]
    assert shown_transcript(turns) == [
        Shown("bot", "Hi"),
        Shown("user", "Report"),
        Shown("bot", "Is the young person in danger now?"),
        Shown("user", "Yes"),
        Shown("bot", "Call 999 now."),
        Shown("bot", "Are they under 18?", yes_no),  # only the latest question keeps its buttons
    ]


def test_form_tokens_name_their_conversation():
    token = tokens.issue("secret", "conversation-one-abcdef")
    assert tokens.verify("secret", token, "conversation-one-abcdef")
    assert not tokens.verify("secret", token, "conversation-two-abcdef")
    assert not tokens.verify("other secret", token, "conversation-one-abcdef")
    assert not tokens.verify("secret", None, "conversation-one-abcdef")
    assert not tokens.verify("secret", "x" * 600, "conversation-one-abcdef")
    assert not tokens.verify("secret", token, "conversation-one-abcdef", max_age=-1)


# --- phone numbers become tap-to-call links ------------------------------------------------
from web.chat.conversation import phone_segments  # noqa: E402

PHONES = {
    "999": ("call 999 now", [("call ", None), ("999", "tel:999"), (" now", None)]),
    "101-and-crimestoppers": ("101 or 0800 555 111.", [("101", "tel:101"), (" or ", None),
                                                       ("0800 555 111", "tel:0800555111"), (".", None)]),
    "childline-two-ways": ("0800 1111 / 0800 11 11", [("0800 1111", "tel:08001111"), (" / ", None),
                                                      ("0800 11 11", "tel:08001111")]),
    "mobile-and-landline": ("07700 900123, 020 7946 0123", [("07700 900123", "tel:07700900123"), (", ", None),
                                                            ("020 7946 0123", "tel:02079460123")]),
    "press-55-is-not-a-number": ("press 55 when asked", [("press 55 when asked", None)]),
    "dates-and-references": ("ref FD-7K2M-9XQ4 by 12/12/2026 at 09:30", [
        ("ref FD-7K2M-9XQ4 by 12/12/2026 at 09:30", None)]),
    "inside-a-longer-number": ("9990", [("9990", None)]),
}


@pytest.mark.parametrize(("text", "pieces"), PHONES.values(), ids=PHONES.keys())
def test_phone_numbers(text, pieces):
    assert phone_segments(text) == pieces
