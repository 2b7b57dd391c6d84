"""Debian's chromium driven by Playwright (Playwright's own browser download is not used).

``sign_in_in_browser(page, email, password)`` completes the sign-in form and
the two-factor step (setting up the authenticator on a first sign-in).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (make test installs it: scripts/system_deps)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def sign_in_in_browser(page: Page, email: str, password: str, secret: str | None = None) -> str:
    """Fill in the sign-in form on ``page``, then the code; return the account's TOTP secret.

    On a first sign-in the secret is read off the set-up page; otherwise pass
    the ``secret`` the account enrolled with. The code is the current one.
    """
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox/(enrol|two-factor)"))
    if "/inbox/enrol" in page.url:
        expect(page.locator("#qr-code svg")).to_be_visible()
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        button = "Confirm and continue"
    else:
        button = "Continue"
    assert secret, "the account is enrolled: pass its secret"
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=button).click()
    return secret
