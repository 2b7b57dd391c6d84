"""E-mail addresses: one pattern for the whole tree."""

from __future__ import annotations

import pytest

from frontdoor.fields import (
    find_email,
    is_email,
    remove_emails,
)


@pytest.mark.parametrize(("text", "valid"), [
    ("jo@example.org", True), (" Jo.Bloggs@Example.ORG ", True), ("o'neil+tag@nhs.example.uk", True),
    ("jo@", False), ("jo@example", False), ("pat-at-probation", False), ("a b@c.org", False), ("", False)])
def test_email_addresses(text, valid):
    assert is_email(text) is valid


def test_email_addresses_in_a_sentence():
    assert find_email("Write to Jo.Bloggs@Example.ORG, or call") == "jo.bloggs@example.org"
    assert find_email("no address here") is None
    assert remove_emails("YOT - Sam, sam@hackney.example.gov.uk").strip() == "YOT - Sam,"
