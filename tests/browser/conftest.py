"""Debian's chromium driven by Playwright (Playwright's own browser download is not used).

``sign_in_in_browser(page, email, password)`` completes the sign-in form and
the two-factor step (setting up the authenticator on a first sign-in).
``web_app`` (or ``serving(settings)``) serves the web app alone (a werkzeug server thread on a migrated
SQLite file), so the inbox tests need neither the trained model nor the bot;
``signed_in(browser, web_app, email, viewport)`` opens a tab signed in as ``email``.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from web import create_app
from web.rasa_client import RasaClient

PASSWORD = "correct horse battery staple"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

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


class WebApp:
    """The web app served on a free loopback port, with the core it runs on."""

    def __init__(self, core: Core, url: str) -> None:
        self.core = core
        self.url = url


@contextmanager
def serving(settings: Settings) -> Iterator[WebApp]:
    """Serve the web app on ``settings`` (its database migrated) on a free loopback port; yield it."""
    database = Database(settings.database_url, keyring=settings.keyring())
    upgrade(database)
    core = Core.from_settings(settings, clock=lambda: datetime.now(timezone.utc), db=database)
    rasa = RasaClient("http://127.0.0.1:9", token="unused", timeout=0.5)  # the inbox never calls Rasa
    app = create_app({"SECRET_KEY": "browser-secret-0123456789abcdef0123456789abcdef"}, core=core, rasa=rasa)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="web-app", daemon=True)
    thread.start()
    try:
        yield WebApp(core, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        rasa.close()
        database.dispose()


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[WebApp]:
    with serving(Settings(database_url=f"sqlite:///{tmp_path / 'frontdoor.db'}",
                          sla=SlaPolicy(holidays=bank_holidays()), home=tmp_path,
                          data_keys=(generate_key(),))) as served:
        yield served


def signed_in(browser: Browser, web_app: WebApp, email: str, viewport: dict[str, int] | None = None,
              **options: Any) -> Page:
    """Return a new browser tab in which ``email`` has signed in (password and two-factor set-up).

    ``options`` go to the browser context (``is_mobile=True, has_touch=True`` for a phone).
    """
    tab = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **options).new_page()
    tab.set_default_timeout(30_000)
    tab.goto(web_app.url + "/inbox/")
    sign_in_in_browser(tab, email, PASSWORD)
    expect(tab.locator("h1")).to_have_text("Referral queue")
    return tab
