"""Answers to questions screened for danger (frontdoor/understanding/screening.py)."""

from __future__ import annotations

import pytest

from frontdoor.understanding import (
    AnswerKind,
    Reader,
    screen_answer,
)

# --- answers to questions --------------------------------------------------------------------
SCREENED = {
    "knife-as-area": ("he's outside the school gates now with a knife", AnswerKind.PLACE, True, True, None),
    "knife-as-name": ("he's outside the school gates now with a knife", AnswerKind.NAME, True, True, None),
    "place-with-danger": ("Sidcup, and he's got a knife on him right now", AnswerKind.PLACE, True, False,
                          "Sidcup"),
    "age-with-danger": ("15 - he's being driven to Margate right now", AnswerKind.AGE, True, False, "15"),
    "exploitation-as-school": ("they make him sell drugs after school", AnswerKind.SCHOOL, False, False, None),
    "plain-name": ("Jordan Ellis", AnswerKind.NAME, False, False, None),
    "description-with-knife": ("he showed a knife to another pupil", AnswerKind.NARRATIVE, True, False, None),
    "yes-with-threat": ("yes they said they'll kill him", AnswerKind.YES_NO, False, False, None),
    "yes-with-danger-now": ("yes they're outside his house right now with a knife", AnswerKind.YES_NO, True, False,
                            None),
}


@pytest.mark.parametrize(("text", "kind", "advice", "reask", "value"), SCREENED.values(), ids=SCREENED.keys())
def test_screen_answer(reader: Reader, text: str, kind: AnswerKind, advice: bool, reask: bool,
                       value: str | None) -> None:
    screened = screen_answer(reader.read(text), kind)
    assert (screened.danger_advice, screened.reask, screened.value) == (advice, reask, value)
