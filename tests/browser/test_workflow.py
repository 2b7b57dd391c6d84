"""In a real browser: a SPOC hands a referral over to another borough, whose SPOC records the outcome.

Only the web app runs (a werkzeug server thread on a migrated SQLite file with
referrals submitted through the core), so this needs neither the trained model
nor the bot environment. The browser is Debian's chromium (tests/browser/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from frontdoor.config import Settings
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from tests.browser.conftest import sign_in_in_browser
from web import create_app
from web.rasa_client import RasaClient

pytestmark = [pytest.mark.browser]

PASSWORD = "correct horse battery staple"
BEXLEY = "bexley.browser@spoc.example"
BROMLEY = "bromley.browser@spoc.example"


class WebApp:
    """The web app served on a free loopback port, with the core it runs on."""

    def __init__(self, core: Core, url: str) -> None:
        self.core = core
        self.url = url


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[WebApp]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'frontdoor.db'}",
                        sla=SlaPolicy(holidays=bank_holidays()), home=tmp_path,
                        data_keys=(generate_key(),))
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


def signed_in(browser: Browser, web_app: WebApp, email: str) -> Page:
    """Return a new browser tab in which ``email`` has signed in (password and two-factor set-up)."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.set_default_timeout(30_000)
    tab.goto(web_app.url + "/inbox/")
    sign_in_in_browser(tab, email, PASSWORD)
    expect(tab.locator("h1")).to_have_text("Referral queue")
    return tab


def test_transfer_to_another_borough_then_outcome_and_close(browser: Browser, web_app: WebApp) -> None:
    core = web_app.core
    core.staff.add(BEXLEY, ["bexley-community-safety"], name="Bexley SPOC", password=PASSWORD)
    core.staff.add(BROMLEY, ["bromley-community-safety"], name="Bromley SPOC", password=PASSWORD)
    reference = core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
        description="She keeps going missing and is running drugs for older boys.",
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Jo Pupil", age=14),
                PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24)],
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Sidcup School", name="Ms Teacher"),
    )).reference

    # The Bexley SPOC finds it in the queue and hands it over to Bromley.
    bexley = signed_in(browser, web_app, BEXLEY)
    row = bexley.locator(f"tr.referral-row[data-reference='{reference}']")
    expect(row).to_have_attribute("data-copy", "false")
    row.locator("a.reference").click()
    expect(bexley.locator("#referral-heading")).to_contain_text(reference)
    expect(bexley.locator("#people-at-risk")).to_contain_text("Jo Pupil")
    expect(bexley.locator("#people-exploiters")).to_contain_text("Big T")
    expect(bexley.locator("#people-at-risk")).not_to_contain_text("Big T")
    bexley.get_by_label("Transfer to").select_option("bromley-community-safety")
    bexley.get_by_label("Reason for the transfer").fill("The family moved to Penge last week.")
    expect(bexley.get_by_label("Keep an info-only copy in Bexley Community Safety gangs SPOC")).to_be_checked()
    bexley.get_by_role("button", name="Transfer referral").click()
    expect(bexley.locator(".flash-success")).to_contain_text("Transferred to Bromley Community Safety gangs SPOC")
    expect(bexley.locator("#copy-banner")).to_contain_text("Info-only copy")
    expect(bexley.locator("#owning-inbox")).to_have_attribute("data-inbox", "bromley-community-safety")
    expect(bexley.locator("#timeline-events li").last).to_contain_text("The family moved to Penge last week.")
    expect(bexley.locator("#close-form")).to_have_count(0)
    bexley.context.close()

    # The Bromley SPOC now owns it, records the outcome and closes it.
    bromley = signed_in(browser, web_app, BROMLEY)
    bromley.goto(web_app.url + "/inbox/?scope=owned")
    row = bromley.locator(f"tr.referral-row[data-reference='{reference}']")
    expect(row).to_have_attribute("data-status", "new")
    row.locator("a.reference").click()
    expect(bromley.locator("#copy-banner")).to_have_count(0)
    expect(bromley.locator("#copies")).to_contain_text("Bexley Community Safety gangs SPOC")
    bromley.get_by_label("Outcome", exact=True).select_option("early_help")
    bromley.get_by_label("Closing comment (optional)").fill("Picked up by the Bromley youth service.")
    bromley.get_by_role("button", name="Close referral").click()
    expect(bromley.locator("#referral-status")).to_have_text("Closed: Referred to early help or a youth service")
    actions = bromley.locator("#timeline-events li").evaluate_all("items => items.map(i => i.dataset.action)")
    assert actions == ["created", "transferred", "closed"]
    expect(bromley.locator("#timeline-events li").last).to_contain_text("by " + BROMLEY)
    bromley.context.close()

    detail = core.queries.get(core.staff.find(BROMLEY), reference)
    assert (detail.status, detail.outcome, detail.inbox.id) == ("closed", "early_help", "bromley-community-safety")
