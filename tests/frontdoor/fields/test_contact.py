"""How to reach the person answering: an e-mail address, a phone number, or both."""

from __future__ import annotations

import pytest

from frontdoor.fields import (
    EMAIL_PROBLEM,
    Problems,
    contact_answers,
)


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
