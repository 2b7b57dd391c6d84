"""The collector of problems by field."""

from __future__ import annotations

import pytest

from frontdoor.errors import InvalidInput
from frontdoor.fields import (
    Problems,
)


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
