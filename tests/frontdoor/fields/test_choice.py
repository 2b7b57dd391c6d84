"""Answers chosen from a list, and yes/no/not known answers."""

from __future__ import annotations

import enum

import pytest

from frontdoor.fields import (
    Problems,
    choice_answer,
    tristate_answer,
)


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
