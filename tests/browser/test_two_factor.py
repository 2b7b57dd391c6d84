"""In a real browser: a new SPOC sets up two-factor sign-in, reaches the queue, signs out for good.

Only the web app runs (a werkzeug server thread on a migrated SQLite file, with
the real clock); no Rasa is needed for staff pages.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from frontdoor.config import Settings
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from frontdoor.store.migrate import upgrade
from frontdoor.store.models import Staff
from tests.browser.conftest import sign_in_in_browser
from web import create_app
from web.rasa_client import RasaClient

pytestmark = [pytest.mark.browser]

PASSWORD = "correct horse battery staple"
EMAIL = "new.spoc@frontdoor.example"


class WebApp:
    """The web app served from a thread; ``url`` is its address, ``core`` its core."""

    def __init__(self, home: Path) -> None:
        settings = Settings(database_url=f"sqlite:///{home / 'frontdoor.db'}",
                            sla=SlaPolicy(holidays=bank_holidays()), home=home, data_keys=(generate_key(),))
        self.core = Core.from_settings(settings)
        upgrade(self.core.db)
        self.rasa = RasaClient("http://127.0.0.1:9", timeout=1.0)  # the staff pages never call it
        app = create_app({"SECRET_KEY": secrets.token_hex(32)}, core=self.core, rasa=self.rasa)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.rasa.close()
        self.core.db.dispose()


@pytest.fixture
def web_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebApp]:
    for key in ("SECRET_KEY", "PUBLIC_BASE_URL", "RASA_URL", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    running = WebApp(tmp_path)
    yield running
    running.stop()


def test_a_new_spoc_enrols_reaches_the_queue_and_signs_out_for_good(web_app: WebApp, browser: Browser) -> None:
    web_app.core.staff.add(EMAIL, ["bexley-community-safety"], name="New SPOC", password=PASSWORD)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page: Page = context.new_page()
    page.set_default_timeout(30_000)

    page.goto(web_app.url + "/inbox/")
    expect(page).to_have_url(re.compile(r"/inbox/login"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The set-up page: instructions, a QR code drawn as inline SVG, the key as text.
    expect(page).to_have_url(re.compile(r"/inbox/enrol"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator("main")).to_contain_text("authenticator app")
    expect(page.locator("#qr-code svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert len(secret) == 32

    # A wrong code is explained, and the key stays on the page.
    right = pyotp.TOTP(secret).now()
    page.get_by_label("6-digit code").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#code-error")).to_contain_text("That code was not right or was already used")
    assert page.locator("#totp-secret").inner_text().replace(" ", "") == secret

    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page).to_have_url(web_app.url + "/inbox/")
    expect(page.locator("#signed-in")).to_contain_text("New SPOC")
    signed_in_cookies = context.cookies()
    assert [c["name"] for c in signed_in_cookies if c["name"] == "fd_staff"] == ["fd_staff"]

    # Sign out: the back button does not bring the queue back (no-store; the session is gone).
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(web_app.url + "/inbox/login")
    expect(page.locator("main")).to_contain_text("You have signed out")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/inbox/login"))
    expect(page.locator("#signed-in")).to_have_count(0)

    # The old cookie, put back, is refused by the server.
    context.add_cookies(signed_in_cookies)
    page.goto(web_app.url + "/inbox/")
    expect(page).to_have_url(re.compile(r"/inbox/login"))
    expect(page.locator("#signed-in")).to_have_count(0)
    context.close()


@pytest.mark.slow  # waits for the next 30-second code
def test_an_enrolled_spoc_signs_in_with_a_code(web_app: WebApp, browser: Browser) -> None:
    web_app.core.staff.add(EMAIL, ["bexley-community-safety"], name="New SPOC", password=PASSWORD)
    first = browser.new_context().new_page()
    first.goto(web_app.url + "/inbox/login")
    secret = sign_in_in_browser(first, EMAIL, PASSWORD)
    expect(first.locator("#signed-in")).to_be_visible()
    first.context.close()

    page = browser.new_context().new_page()
    page.goto(web_app.url + "/inbox/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/inbox/two-factor"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    # The code just used is refused (it works once); the next one works.
    totp = pyotp.TOTP(secret)
    with web_app.core.db.session() as session:
        used_step = session.scalar(select(Staff.totp_last_step).where(Staff.email == EMAIL))
    page.get_by_label("6-digit code").fill(totp.generate_otp(used_step))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_contain_text("already used; wait for the next one")
    while totp.timecode(datetime.now(timezone.utc)) <= used_step:
        page.wait_for_timeout(500)
    page.get_by_label("6-digit code").fill(totp.now())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(web_app.url + "/inbox/")
    page.context.close()
