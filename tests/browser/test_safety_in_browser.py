"""In a real browser: the 999 advice stands out, is announced at once, and its numbers can be tapped."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_teacher_in_browser import send
from tests.support.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.rasa]


def test_danger_gets_one_alert_with_numbers_to_tap_on_a_phone(stack: Stack, page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(stack.web_url + "/")
    send(page, "there's a boy with a knife outside the school gates right now")
    alerts = page.locator("#transcript .msg-safety")
    expect(alerts).to_have_count(1)
    alert = alerts.first
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Emergency advice")
    expect(alert.locator("a.tel", has_text="999").first).to_have_attribute("href", "tel:999")
    expect(alert.locator("a.tel", has_text="0800 11 11")).to_have_attribute("href", "tel:08001111")
    # It looks different from the other messages: a red edge the ordinary bubbles do not have.
    edge = alert.evaluate("e => getComputedStyle(e).borderLeftColor")
    ordinary = page.locator("#transcript .msg-bot:not(.msg-safety)").first.evaluate(
        "e => getComputedStyle(e).borderLeftColor")
    assert edge != ordinary
    box = alert.bounding_box()
    assert box and box["width"] <= 390  # fits a phone's width
    # The next answer does not bring the advice again.
    send(page, "Erith")
    expect(page.locator("#transcript .msg-safety")).to_have_count(1)
