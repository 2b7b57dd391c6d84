"""In a real browser: Quick exit and the privacy statement on the chat page.

Quick exit replaces the chat in the tab's history, so going back afterwards
shows the page before the chat, never the conversation. The outside site it
leads to is served locally (this machine has no internet).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.test_teacher_in_browser import send
from tests.support.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.rasa]

SECRET = "my brother is being made to sell for older boys"


def _stand_in_for_the_exit_site(page: Page) -> None:
    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html",
                      body="<!doctype html><title>Weather</title><h1>Weather forecast</h1>")
    page.route("https://www.bbc.co.uk/**", fulfil)


def _talk(page: Page, stack: Stack) -> None:
    page.goto(stack.web_url + "/healthz")  # where the person was before the chat
    page.goto(stack.web_url + "/")
    expect(page.locator("#quick-exit")).to_be_visible()
    expect(page.locator("#privacy-note")).to_contain_text("We don't store your IP address")
    send(page, SECRET)
    expect(page.locator("#transcript")).to_contain_text(SECRET)


@pytest.mark.parametrize("how", ["button", "escape twice"])
def test_quick_exit_leaves_no_way_back_to_the_conversation(stack: Stack, page: Page, how: str) -> None:
    _stand_in_for_the_exit_site(page)
    _talk(page, stack)
    if how == "button":
        page.locator("#quick-exit").click()
    else:
        page.locator("body").press("Escape")
        page.locator("body").press("Escape")
    expect(page).to_have_title("Weather")
    page.go_back()
    expect(page).not_to_have_url(stack.web_url + "/")
    assert SECRET not in page.content()
    page.go_forward()
    expect(page).to_have_title("Weather")


def test_quick_exit_and_privacy_stay_in_view_when_the_page_scrolls(stack: Stack, page: Page) -> None:
    _talk(page, stack)
    for text in ["what is county lines", "what is cuckooing", "what signs should I look for"]:
        send(page, text)
    page.mouse.wheel(0, 5000)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0, "the conversation should be long enough to scroll"
    for selector in ("#quick-exit", "#privacy-note"):
        box = page.locator(selector).bounding_box()
        assert box is not None and 0 <= box["y"] < 844, f"{selector} scrolled out of view: {box}"
