"""The public chat on a phone: numbers to tap, a header that leaves room to talk, and the keyboard.

Served by ``web_app`` (no bot: every message gets the chat's "unavailable" answer,
which carries the emergency numbers).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, WebApp
from web.chat.conversation import phone_segments

pytestmark = [pytest.mark.browser]

#: Every text on the page outside a tap-to-call link.
UNLINKED_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest("a.tel, script, style, textarea")) { out.push(node.nodeValue); }
  }
  return out;
}"""


def open_chat(page: Page, web_app: WebApp) -> None:
    page.set_viewport_size(PHONE)
    page.goto(web_app.url + "/")
    expect(page.locator("#chat-form")).to_be_visible()


def send(page: Page, text: str) -> None:
    """Type ``text`` in the message box, press Send, and wait for the answer."""
    bot = page.locator("#transcript .msg-bot")
    before = bot.count()
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()
    expect(bot).not_to_have_count(before)


def test_every_phone_number_on_the_chat_page_can_be_tapped(page: Page, web_app: WebApp) -> None:
    open_chat(page, web_app)
    send(page, "hello")
    links = page.locator("a.tel")
    assert links.count() >= 4  # the header's note, the footer and the answer each give numbers
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("tel:") and href[4:].isdigit()
    for text in page.evaluate(UNLINKED_TEXT):
        assert all(tel is None for _piece, tel in phone_segments(text)), text
