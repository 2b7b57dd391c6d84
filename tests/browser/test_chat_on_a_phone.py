"""The public chat on a phone: numbers to tap, a header that leaves room to talk, and the keyboard.

Served by ``web_app`` (no bot: every message gets the chat's "unavailable" answer,
which carries the emergency numbers).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, WebApp
from tests.browser.test_teacher_in_browser import send
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


def test_every_phone_number_on_the_chat_page_can_be_tapped(page: Page, web_app: WebApp) -> None:
    open_chat(page, web_app)
    send(page, "hello")
    links = page.locator("a.tel")
    assert links.count() >= 4  # the header's note, the footer and the answer each give numbers
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("tel:") and href[4:].isdigit()
    for text in page.evaluate(UNLINKED_TEXT):
        assert all(tel is None for _piece, tel in phone_segments(text)), text


def test_on_a_phone_the_sticky_header_takes_a_tenth_of_the_screen_and_stays_readable(
        page: Page, web_app: WebApp) -> None:
    open_chat(page, web_app)
    header = page.locator(".site-header")
    box = header.bounding_box()
    assert box and box["height"] <= 0.1 * PHONE["height"] + 2, box
    for _ in range(6):  # a conversation long enough to scroll
        send(page, "hello")
    page.mouse.wheel(0, 2000)
    after = header.bounding_box()
    assert after and after["y"] == 0 and after["height"] == box["height"]  # still in view, same size
    # Readable: text at least 14px, the first words of the note shown, Quick exit in view.
    note = page.locator("#privacy-note p")
    assert float(note.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    expect(note).to_be_visible()
    expect(page.locator("#quick-exit")).to_be_in_viewport()
    # The button unfolds the whole note, and folds it again.
    toggle = page.locator(".privacy-note__toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert note.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_on_a_laptop_the_note_is_not_folded(page: Page, web_app: WebApp) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(web_app.url + "/")
    expect(page.locator(".privacy-note__toggle")).to_be_hidden()
    note = page.locator("#privacy-note p")
    assert note.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_enter_sends_shift_enter_adds_a_line_and_focus_returns_to_the_box(page: Page, web_app: WebApp) -> None:
    open_chat(page, web_app)
    box = page.get_by_label("Your message")
    mine = page.locator("#transcript .msg-user")
    box.click()
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    expect(box).to_have_value("first line\nsecond line")
    expect(mine).to_have_count(0)
    box.press("Enter")
    expect(mine).to_have_count(1)
    expect(mine.first.locator(".msg-text")).to_have_text("first line\nsecond line")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(page.locator("#transcript .msg-bot")).not_to_have_count(0)
    expect(box).to_be_focused()
    # Sending with the button also leaves the focus in the message box.
    box.fill("hello again")
    page.get_by_role("button", name="Send").click()
    expect(mine).to_have_count(2)
    expect(box).to_be_focused()
