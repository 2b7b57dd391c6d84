"""Phone numbers read with phonenumbers: UK by default, others where accepted."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.fields import PHONE_PROBLEM, Phone, find_phone, find_phones, holds_phone, is_phone, parse_phone
from frontdoor.fields.phones import spoken_phone

NUMBERS = {
    "mobile": ("07700 900123", Phone("+447700900123", "07700900123")),
    "mobile-dashes": ("07700-900-123", Phone("+447700900123", "07700900123")),
    "plus44": ("+44 7700 900123", Phone("+447700900123", "+447700900123")),
    "0044": ("0044 7700 900123", Phone("+447700900123", "+447700900123")),
    "london": ("020 7946 0000", Phone("+442079460000", "02079460000")),
    "plus44-bracket-zero": ("+44 (0)20 7946 0123", Phone("+442079460123", "+442079460123")),
    "us": ("+1 202 555 0143", Phone("+12025550143", "+12025550143")),
}


@pytest.mark.parametrize(("text", "phone"), NUMBERS.values(), ids=NUMBERS.keys())
def test_numbers_people_type(text, phone):
    assert parse_phone(text) == phone


@pytest.mark.parametrize("text", ["12345", "07700 90012", "0800 1111", "999", "ring me", "0800 FLOWERS", "", "+1 202"])
def test_what_is_not_a_usable_number_is_refused(text):
    with pytest.raises(InvalidInput, match=PHONE_PROBLEM) as caught:
        parse_phone(text)
    assert caught.value.field == "phone"
    assert not is_phone(text)


def test_other_countries_only_where_accepted():
    assert is_phone("+1 202 555 0143") and not is_phone("+1 202 555 0143", international=False)
    assert is_phone("020 7946 0000", international=False)
    with pytest.raises(InvalidInput):
        parse_phone("+1 202 555 0143", international=False)


def test_numbers_found_in_a_sentence():
    text = "Call 07700 900123 or 020 7946 0123 (ext 4), or +1 202 555 0143; room 12345"
    assert [(written, phone.e164) for written, phone in find_phones(text)] == [
        ("07700 900123", "+447700900123"), ("020 7946 0123", "+442079460123"), ("+1 202 555 0143", "+12025550143")]
    assert find_phone(text, international=False) == Phone("+447700900123", "07700900123")
    assert find_phone("born 3/5/2008, ref 12/2026, room 12345") is None


@pytest.mark.parametrize(("text", "holds"), [
    ("020 7946 0000 ext 12", True), ("07700 900123 / 020 7946 0000", True), ("020 7946 0000 " * 2, True),
    ("ring the ward", False), ("12345", False)])
def test_a_form_phone_answer_holds_a_number(text, holds):
    assert holds_phone(text) is holds


@pytest.mark.parametrize(("text", "spoken"), [
    ("+447700900123", "07700 900123"),
    (" 07700900123 ", "07700 900123"),
    ("+442079460000", "020 7946 0000"),
    ("+33123456789", "+33 1 23 45 67 89"),
    (" not a number ", "not a number"),
])
def test_a_number_is_written_for_people_to_dial(text: str, spoken: str) -> None:
    assert spoken_phone(text) == spoken
