"""``/dev/mail`` with a mailbox (as on ``make run``): the e-mail is APPENDed to a real dovecot, the worker's poll
reads it, and the page follows it to its referral, its inbox and the reply in the local outbox."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from devservers.outbox import Outbox, SinkLogin
from frontdoor.adapters.imap import ImapSettings
from frontdoor.adapters.smtp import SmtpSettings
from frontdoor.bootstrap import worker_for
from frontdoor.services import Core
from tests.support.dovecot import ImapAccount, imap_account, unseen
from tests.support.stack import free_port
from web.rasa_client import RasaClient

LOGIN = SinkLogin("frontdoor", "outbox-test-password")
PROGRESS = re.compile(r'data-progress-url="([^"]+)"')
PAGE = re.compile(r'data-page-url="([^"]+)"')


@pytest.fixture
def account() -> Iterator[ImapAccount]:
    yield from imap_account()


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    sink = Outbox(tmp_path / "mail" / "outbox", 0, LOGIN).start()  # under the core's FRONTDOOR_HOME
    yield sink
    sink.stop()


@pytest.fixture
def core(core: Core, account: ImapAccount, outbox: Outbox) -> Core:
    """The test core reading ``account``'s mailbox and sending through the local outbox."""
    settings = dataclasses.replace(
        core.settings,
        imap=ImapSettings(account.host, account.user, account.password, port=account.port, tls=False),
        smtp=SmtpSettings("127.0.0.1", outbox.port, LOGIN.user, LOGIN.password, starttls=False,
                          from_address=account.user))
    return Core.from_settings(settings, clock=core.clock, db=core.db, table=core.table, analyser=core.analyser)


@pytest.fixture
def dev_client(make_app: Callable[..., Flask], rasa_client: RasaClient) -> FlaskClient:
    return make_app(rasa_client, FRONTDOOR_ENV="development").test_client()


def send(client: FlaskClient, **form: str) -> tuple[str, str, str]:
    """Post the form; return the page and the URLs of the e-mail's progress and of its page."""
    page = client.post("/dev/mail", data=form).get_data(as_text=True)
    progress, again = PROGRESS.search(page), PAGE.search(page)
    assert progress and again, page
    return page, html.unescape(progress.group(1)), html.unescape(again.group(1))


def test_an_email_goes_through_the_mailbox_to_its_inbox_and_the_reply_is_shown(
        dev_client: FlaskClient, core: Core, account: ImapAccount) -> None:
    intro = dev_client.get("/dev/mail").get_data(as_text=True)
    assert f"{account.host}:{account.port}" in intro and "There is no mailbox" not in intro
    page, progress, again = send(dev_client, sender="worried.resident@example.com", subject="Dealing",
                                 message="Older boys are dealing drugs to year 9 kids by the station in Margate.")
    assert 'id="outcome-delivered"' in page and "/dev/static/mail.js" in page
    assert unseen(account) == 1
    assert dev_client.get(progress).get_json() == {
        "status": "mailbox", "reference": None, "inbox": None, "reason": None, "outbox": True, "answered": False,
        "settled": False}

    assert worker_for(core).run_once().periodic["mail.poll"] == 1  # the poll, then the queued reply
    state = dev_client.get(progress).get_json()
    assert (state["status"], state["inbox"], state["answered"], state["settled"]) == (
        "referral", core.table.inbox("thanet-community-safety").name, True, True)
    page = dev_client.get(again).get_data(as_text=True)
    assert f'id="outcome-reference">{state["reference"]}<' in page and 'id="outcome-inbox"' in page
    sent = page.split('id="sent"', 1)[1]
    assert f"Front Door referral {state['reference']}: received" in sent  # the reply, read from the outbox
    assert "by the station in Margate" not in sent and "mail.js" not in page  # settled: nothing to follow


def test_an_ignored_email_says_why_and_a_mailbox_that_is_down_is_explained(
        dev_client: FlaskClient, core: Core, account: ImapAccount, monkeypatch: pytest.MonkeyPatch) -> None:
    _page, progress, again = send(dev_client, sender="MAILER-DAEMON@example.com", message="Delivery failed")
    worker_for(core).run_once()
    assert dev_client.get(progress).get_json()["settled"] is True
    assert "It was not made a referral" in dev_client.get(again).get_data(as_text=True)
    assert dev_client.get("/dev/mail/progress").status_code == 400

    assert core.settings.imap is not None
    monkeypatch.setattr(core, "settings", dataclasses.replace(
        core.settings, imap=dataclasses.replace(core.settings.imap, port=free_port())))  # nothing listens there
    page = dev_client.post("/dev/mail", data={"message": "Hello"}).get_data(as_text=True)
    assert "could not be reached" in page and 'id="outcome"' not in page
