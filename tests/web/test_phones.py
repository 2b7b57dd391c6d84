"""The helpline numbers in the page's own wording are tap-to-call links without JavaScript."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from frontdoor import safety
from web.phones import tel_links


def link(number: str) -> str:
    return f'<a class="tel" href="tel:{number.replace(" ", "")}">{number}</a>'


@pytest.mark.parametrize(("text", "keys"), [
    ("If anyone is in immediate danger, call {emergency}.", ["emergency"]),
    ("Childline {childline}, or {police}.", ["childline", "police"]),
    ("Room 1{emergency} and {emergency}9 are not numbers to call.", []),
    ("<b>{emergency}</b> & more", ["emergency"]),
])
def test_known_numbers_become_links_and_the_rest_is_escaped(text: str, keys: list[str]) -> None:
    numbers = safety.numbers()
    html = str(tel_links(text.format(**numbers)))
    assert all(link(numbers[k]) in html for k in keys)
    assert html.count("<a ") == len(keys)
    if "<b>" in text:
        assert "<b>" not in html and "&lt;b&gt;" in html


def test_the_chat_page_links_the_numbers_in_its_header_and_footer(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert page.count(f'href="tel:{safety.numbers()["emergency"]}"') >= 2  # the privacy note's and the footer's
