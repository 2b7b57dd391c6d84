"""frontdoor/safety.py: the one home of the safety wording and the emergency numbers."""

from __future__ import annotations

import pytest

from frontdoor import safety
from frontdoor.errors import ConfigurationError


def test_the_numbers_are_the_source_documents() -> None:
    assert safety.numbers() == {"emergency": "999", "police": "101", "crimestoppers": "0800 555 111",
                                "childline": "0800 11 11", "gangline": "0800 032 9538"}
    assert safety.number("gangline").name == "Gangline"
    assert safety.number("childline").digits == "08001111"


def test_the_999_advice_has_a_web_and_an_sms_text() -> None:
    web, sms = safety.line("danger_advice"), safety.line("danger_advice", "sms")
    assert web.startswith("If anyone is in immediate danger, call 999 now.") and "press 55" in web
    assert sms.startswith("In danger now? Call 999") and len(sms) < len(web)
    assert "{" not in web + sms


def test_the_safety_lines() -> None:
    assert safety.line("safety_line") == "If anyone is in immediate danger, call 999."
    assert safety.line("safety_line", "sms") == "If anyone is in danger now, call 999."
    assert safety.line("safety_numbers") == (
        "If anyone is in immediate danger, call 999 now. For non-emergencies call 101. "
        "To stay anonymous, call Crimestoppers on 0800 555 111. Young people can call Childline on 0800 11 11.")


def test_fill_leaves_other_fields_for_later() -> None:
    assert safety.fill("Ref {reference}. Danger now: {emergency}. {safety_line}", "sms") == (
        "Ref {reference}. Danger now: 999. If anyone is in danger now, call 999.")
    assert safety.fill("No fields here.") == "No fields here."


def test_slots_name_every_number_and_line_for_the_bot() -> None:
    slots = safety.slots()
    assert slots["childline"] == "0800 11 11"
    assert slots["safety_line"] == safety.line("safety_line")
    assert slots["safety_line_sms"] == safety.line("safety_line", "sms")


@pytest.mark.parametrize("data", [
    None,
    {"numbers": {}},
    {"numbers": {"x": {"name": "X"}}, "lines": {}},
    {"numbers": {}, "lines": {"a": {"sms": "only sms"}}},
    {"numbers": {}, "lines": {"a": {"text": "call {nobody}"}}},
])
def test_a_malformed_file_is_a_configuration_error(data: object) -> None:
    with pytest.raises(ConfigurationError):
        safety._parse(data)
