"""Typed answers read as the mapping the checks take."""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.fields import given_answers


@dataclass(frozen=True)
class Answers:
    name: str | None = None
    age: int | None = None
    rows: tuple[str, ...] = ()
    urgent: bool | None = None


def test_only_the_answers_given_are_read():
    assert given_answers(Answers()) == {}
    assert given_answers(Answers(name="Jo", age=0, rows=("a",), urgent=False)) == {
        "name": "Jo", "age": 0, "rows": ("a",), "urgent": False}
