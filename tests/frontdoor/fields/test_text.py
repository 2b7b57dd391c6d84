"""Text answers: trimmed, free of NUL characters, length-limited."""

from __future__ import annotations

from frontdoor.fields import (
    Problems,
    clean_text,
    required_text,
    text_answer,
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
