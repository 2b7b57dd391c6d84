"""In a real browser, at laptop and phone sizes: axe finds no violations on the privacy notice, the
accessibility statement, the chat and the inbox, and the public pages do not scroll sideways at 320 px.

Only the web app runs (``web_app`` in tests/browser/conftest.py): the chat page shows its
"unavailable" state, which has the same header, form and footer as a conversation.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.axe import describe, violations
from tests.browser.conftest import LAPTOP, PASSWORD, PHONE, WebApp, signed_in
from tests.browser.test_queue_and_referral import concern

pytestmark = [pytest.mark.browser]

VIEWPORTS = {"laptop": LAPTOP, "phone": PHONE}
PUBLIC = ["/privacy", "/accessibility", "/", "/inbox/login"]
SPOC = "axe.spoc@spoc.example"


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_public_pages_have_no_axe_violations(browser: Browser, web_app: WebApp, size: str) -> None:
    tab = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    found = {}
    for path in PUBLIC:
        tab.goto(web_app.url + path)
        expect(tab.locator("h1")).to_be_visible()
        found[path] = describe(violations(tab))
    assert found == {path: [] for path in PUBLIC}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_inbox_has_no_axe_violations(browser: Browser, web_app: WebApp, size: str) -> None:
    web_app.core.staff.add(SPOC, ["bexley-community-safety"], name="Axe SPOC", password=PASSWORD)
    reference = web_app.core.submissions.submit(
        concern("He keeps going missing and carries a knife for older boys", "Sidcup", "Jo Pupil", 14)).reference
    tab = signed_in(browser, web_app, SPOC, VIEWPORTS[size])
    pages = ["/inbox/", f"/inbox/r/{reference}", "/inbox/dashboard"]
    found = {}
    for path in pages:
        tab.goto(web_app.url + path)
        expect(tab.locator("footer a", has_text="Privacy notice")).to_be_attached()
        found[path] = describe(violations(tab))
    assert found == {path: [] for path in pages}


def test_the_public_pages_reflow_at_320_pixels(browser: Browser, web_app: WebApp) -> None:
    tab = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    for path in PUBLIC:
        tab.goto(web_app.url + path)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_the_footer_links_lead_to_both_pages(browser: Browser, web_app: WebApp) -> None:
    tab = browser.new_context(viewport=PHONE).new_page()
    tab.goto(web_app.url + "/")
    tab.locator("footer").get_by_role("link", name="Privacy notice").click()
    expect(tab.locator("h1")).to_have_text("Privacy notice")
    tab.locator("footer").get_by_role("link", name="Accessibility statement").click()
    expect(tab.locator("h1")).to_have_text("Accessibility statement for Front Door")
