"""The development SMS page in chromium: a made-up phone texting the app's real webhook."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import axe
from tests.support.live_web import LiveWeb, serving

pytestmark = [pytest.mark.browser]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveWeb]:
    with serving(tmp_path) as running:
        yield running


def test_texting_by_sms_then_whatsapp_shows_the_replies(page: Page, live: LiveWeb) -> None:
    page.goto(live.url + "/dev/sms")
    expect(page.locator("h1")).to_have_text("Try SMS and WhatsApp")
    expect(page.get_by_label("Made-up phone number")).to_have_value(re.compile(r"^\+447700900\d{3}$"))
    page.get_by_label("Your message").fill("HELP")
    page.get_by_role("button", name="Send").click()
    transcript = page.locator("#transcript")
    expect(transcript.locator(".msg-user")).to_have_text(re.compile("HELP"))
    expect(transcript.locator(".msg-bot")).to_contain_text("report gangs, exploitation or violence")

    page.get_by_label("WhatsApp").check()
    page.get_by_label("Your message").fill("there is a drug den in the flats by Penge station")
    page.get_by_role("button", name="Send").click()
    expect(transcript.locator(".msg-user")).to_have_count(2)
    expect(transcript.locator(".msg-user .msg-via")).to_have_text(["SMS", "WhatsApp"])
    expect(transcript.locator(".msg-bot").last).to_contain_text(re.compile(r"Reference FD-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    expect(page.get_by_label("Your message")).to_have_value("")


def test_an_empty_message_is_an_error_on_the_form(page: Page, live: LiveWeb) -> None:
    page.goto(live.url + "/dev/sms")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#message-error")).to_contain_text("Type a message to send.")
    expect(page.get_by_label("Your message")).to_have_attribute("aria-invalid", "true")


def test_the_page_passes_axe(page: Page, live: LiveWeb) -> None:
    page.goto(live.url + "/dev/sms")
    page.get_by_label("Your message").fill("HELP")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#transcript .msg-bot")).to_have_count(1)
    found = axe.violations(page)
    assert found == [], axe.describe(found)
