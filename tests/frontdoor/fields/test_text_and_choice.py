"""Text answers, choices, yes/no/not known, e-mail addresses, contacts and the problems collector."""

from __future__ import annotations

import enum

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.fields import (
    EMAIL_PROBLEM,
    Problems,
    choice_answer,
    clean_text,
    contact_answers,
    find_email,
    is_email,
    remove_emails,
    required_text,
    text_answer,
    tristate_answer,
)


def test_text_is_trimmed_and_limited():
    problems = Problems()
    assert text_answer({"a": "  hi\x00 there \n"}, "a", problems, "A") == "hi there"
    assert text_answer({"a": "   "}, "a", problems, "A") is None
    assert text_answer({"a": "x" * 11}, "a", problems, "A", 10) is None
    assert text_answer({"b": 3}, "b", problems, "B") is None
    assert problems == {"a": "A is too long (at most 10 characters).", "b": "B must be text."}


def test_collapsed_text_is_normalised_to_one_line():
    assert clean_text("  Queen\u2019s   Hospital\n A&E ", collapse=True) == "Queen's Hospital A&E"
    assert clean_text("line one\nline two") == "line one\nline two"


def test_required_text_says_what_is_missing():
    problems = Problems()
    assert required_text({}, "name", problems, "Your name", "Give your name.") is None
    assert problems == {"name": "Give your name."}


class Colour(str, enum.Enum):
    RED = "red"


def test_choices():
    problems = Problems()
    assert choice_answer({"c": "red"}, "c", Colour, problems, "Choose.") is Colour.RED
    assert choice_answer({"c": ""}, "c", Colour, problems, "Choose.") is None
    assert choice_answer({"c": "blue"}, "c", Colour, problems, "Choose a colour.") is None
    assert problems == {"c": "Choose a colour."}


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), (None, None), ("Yes", True), ("no", False), ("not known", None), ("", None),
    ("don't know", None)])
def test_yes_no_not_known(value, expected):
    problems = Problems()
    assert tristate_answer({"t": value}, "t", problems, "Say yes or no.") is expected and not problems


def test_yes_no_not_known_refuses_anything_else():
    problems = Problems()
    assert tristate_answer({"t": "perhaps"}, "t", problems, "Say yes or no.") is None
    assert problems == {"t": "Say yes or no."}


@pytest.mark.parametrize(("text", "valid"), [
    ("jo@example.org", True), (" Jo.Bloggs@Example.ORG ", True), ("o'neil+tag@nhs.example.uk", True),
    ("jo@", False), ("jo@example", False), ("pat-at-probation", False), ("a b@c.org", False), ("", False)])
def test_email_addresses(text, valid):
    assert is_email(text) is valid


def test_email_addresses_in_a_sentence():
    assert find_email("Write to Jo.Bloggs@Example.ORG, or call") == "jo.bloggs@example.org"
    assert find_email("no address here") is None
    assert remove_emails("YOT - Sam, sam@hackney.example.gov.uk").strip() == "YOT - Sam,"


@pytest.mark.parametrize(("answers", "expected", "problems"), [
    ({"referrer_email": "jo@example.org"}, ("jo@example.org", None), {}),
    ({"referrer_phone": "020 7946 0100"}, (None, "020 7946 0100"), {}),
    ({"referrer_email": "nope"}, ("nope", None), {"referrer_email": EMAIL_PROBLEM}),
    ({"referrer_phone": "ring the ward"}, (None, "ring the ward"),
     {"referrer_phone": "That phone number does not look right."}),
    ({}, (None, None), {"referrer_email": "Give one."}),
])
def test_contact_answers(answers, expected, problems):
    found = Problems()
    assert contact_answers(answers, found, "Give one.") == expected
    assert found == problems


def test_problems_keep_the_first_message_and_raise_it():
    problems = Problems()
    problems.add("a", "first")
    problems.add("a", "second")
    problems.add("b", "other")
    assert problems == {"a": "first", "b": "other"}
    with pytest.raises(InvalidInput, match="first") as caught:
        problems.raise_first("whole", "incomplete")
    assert caught.value.field == "a"
    with pytest.raises(InvalidInput, match="incomplete"):
        Problems().raise_first("whole", "incomplete")
