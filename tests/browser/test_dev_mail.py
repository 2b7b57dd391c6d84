"""The development e-mail page in chromium, with a mailbox as on ``make run``: the page follows the e-mail from
the mailbox to its referral and shows the reply from the local outbox, without being reloaded by hand."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from devservers.outbox import Outbox, SinkLogin
from frontdoor.adapters.imap import ImapSettings
from frontdoor.adapters.smtp import SmtpSettings
from frontdoor.bootstrap import worker_for
from frontdoor.services import Core
from tests.browser import axe
from tests.support.dovecot import ImapAccount, imap_account
from tests.support.live_web import LiveWeb, serving

pytestmark = [pytest.mark.browser]
LOGIN = SinkLogin("frontdoor", "outbox-test-password")


@pytest.fixture
def account() -> Iterator[ImapAccount]:
    yield from imap_account()


@pytest.fixture
def live(tmp_path: Path, account: ImapAccount, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveWeb]:
    """The web app and a running worker sharing a database, the mailbox ``account`` and a local outbox."""
    outbox = Outbox(tmp_path / "mail" / "outbox", 0, LOGIN).start()
    stop = threading.Event()
    with serving(tmp_path) as running:
        settings = dataclasses.replace(
            running.core.settings,
            imap=ImapSettings(account.host, account.user, account.password, port=account.port, tls=False,
                              poll_seconds=0.5),
            smtp=SmtpSettings("127.0.0.1", outbox.port, LOGIN.user, LOGIN.password, starttls=False,
                              from_address=account.user))
        monkeypatch.setattr(running.core, "settings", settings)  # the web app writes to the mailbox
        worker = worker_for(Core.from_settings(settings, clock=running.core.clock, db=running.core.db))
        thread = threading.Thread(target=worker.run_forever, args=(stop, 0.2), daemon=True)
        thread.start()
        try:
            yield running
        finally:
            stop.set()
            thread.join(10)
            outbox.stop()


def test_the_page_follows_an_email_to_its_referral_and_shows_the_reply(page: Page, live: LiveWeb) -> None:
    page.goto(live.url + "/dev/mail")
    page.get_by_label("Message").fill("A pupil in year 10 is being collected by older men in cars after school.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#outcome-delivered")).to_contain_text("Delivered to the mailbox")
    expect(page.locator("#outcome-reference")).to_have_text(re.compile(r"^FD-[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=20000)
    expect(page.locator("#outcome-inbox")).to_contain_text("Bromley")
    expect(page.locator("#sent")).to_contain_text(re.compile(r"Front Door referral FD-[A-Z0-9]{4}-[A-Z0-9]{4}: received"),
                                                  timeout=20000)
    found = axe.violations(page)
    assert found == [], axe.describe(found)
