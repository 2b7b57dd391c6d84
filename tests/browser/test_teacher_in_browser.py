"""In a real browser: a teacher completes the chat, then the SPOC finds it in the inbox."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in_in_browser
from tests.support.stack import Stack

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.rasa]

REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
PASSWORD = "correct horse battery staple"


def send(page: Page, text: str) -> None:
    """Type ``text``, press Send, and wait for the bot's answer to appear."""
    bot = page.locator("#transcript .msg-bot")
    before = bot.count()
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()
    expect(bot).not_to_have_count(before)


def tap(page: Page, title: str) -> None:
    """Press the latest reply button called ``title``."""
    bot = page.locator("#transcript .msg-bot")
    before = bot.count()
    page.locator(".reply-button", has_text=title).last.click()
    expect(bot).not_to_have_count(before)


def test_teacher_reports_in_the_chat_and_the_spoc_finds_it(stack: Stack, browser: Browser, page: Page) -> None:
    core = stack.core()
    core.staff.add("bexley.browser@spoc.example", ["bexley-community-safety"], password=PASSWORD)

    page.goto(stack.web_url + "/")
    expect(page.locator("#quick-exit")).to_be_visible()
    expect(page.locator("#transcript .msg-bot").first).to_contain_text("999")
    tap(page, "Report a concern about a young person")
    tap(page, "Teacher or school staff")
    for answer in ["Erith Academy", "Sam Jones", "s.jones@erith-academy.example.org.uk"]:
        send(page, answer)
    tap(page, "No")  # no updates by e-mail
    for answer in ["Tyrone", "14"]:
        send(page, answer)
    tap(page, "Same as mine")
    send(page, "Erith")
    send(page, "He has been going country with older boys and has a trap phone and cash he can't explain.")
    tap(page, "No")
    tap(page, "Not sure")
    tap(page, "Yes")
    expect(page.locator("#transcript .msg-bot").last).to_contain_text("Shall I send this")
    tap(page, "Yes, send it")
    confirmation = page.locator("#transcript .msg-bot").last
    expect(confirmation).to_contain_text("Your reference is")
    match = REFERENCE.search(confirmation.inner_text())
    assert match
    reference = match.group(0)
    # Nothing about the conversation is kept in the browser.
    assert page.context.cookies() == []
    assert page.evaluate("window.localStorage.length + window.sessionStorage.length") == 0

    inbox = browser.new_context().new_page()
    inbox.goto(stack.web_url + "/inbox/")
    sign_in_in_browser(inbox, "bexley.browser@spoc.example", PASSWORD)  # first sign-in: sets up two-factor
    row = inbox.locator(f"tr.referral-row[data-reference='{reference}']")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-urgency", "amber")
    row.locator("a.reference").click()
    expect(inbox.locator("#referral-heading")).to_contain_text(reference)
    expect(inbox.locator("#urgency-reasons")).to_contain_text("Child criminal exploitation")
    expect(inbox.locator("#people-at-risk")).to_contain_text("Tyrone")
    inbox.get_by_role("button", name="Acknowledge").click()
    expect(inbox.locator("#referral-status")).to_contain_text("acknowledged", ignore_case=True)
    inbox.context.close()


def test_chat_works_without_javascript(stack: Stack, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(stack.web_url + "/")
    expect(page.locator("#transcript .msg-bot").first).to_contain_text("999")
    page.locator(".reply-button", has_text="What is county lines?").click()
    expect(page.locator("#transcript .msg-user").last).to_contain_text("What is county lines?")
    page.get_by_label("Your message").fill("thanks")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#transcript .msg-user").last).to_contain_text("thanks")
    expect(page.locator("#transcript .msg-bot").last).to_contain_text("anything else")
    context.close()
