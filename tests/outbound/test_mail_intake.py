"""E-mail intake end to end: a message delivered to a real dovecot mailbox is fetched by the worker built from
the environment, becomes a referral in the right inbox, and its sender gets the reference from a real local SMTP
server; a reply in the thread joins the referral; an automatic reply is ignored."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdoor.bootstrap import worker_for
from frontdoor.errors import ConfigurationError
from frontdoor.store.db import Database
from frontdoor.store.mail import MailMessage
from frontdoor.store.migrate import upgrade
from frontdoor.store.models import Referral, ReferralEvent
from outbound import worker as entry
from tests.conftest import DATA_KEY
from tests.frontdoor.services.mail_support import SCHOOL, raw_mail
from tests.outbound.fakes import QUIET, SMTP_PASSWORD, SMTP_USER, Mailbox, smtp_server
from tests.support.dovecot import ImapAccount, append, imap_account, unseen

pytestmark = pytest.mark.filterwarnings(QUIET)


@pytest.fixture
def account() -> Iterator[ImapAccount]:
    yield from imap_account()


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


def test_an_email_to_the_shared_mailbox_becomes_an_answered_referral(tmp_path: Path, account: ImapAccount,
                                                                    smtp: Mailbox) -> None:
    db = Database(f"sqlite:///{tmp_path / 'frontdoor.db'}")
    upgrade(db)
    db.dispose()
    core = entry.build({
        "DATABASE_URL": db.url, "FRONTDOOR_HOME": str(tmp_path), "FRONTDOOR_DATA_KEYS": DATA_KEY,
        "FRONTDOOR_PSEUDONYM_KEY": "44" * 32,
        "FRONTDOOR_IMAP_HOST": account.host, "FRONTDOOR_IMAP_PORT": str(account.port),
        "FRONTDOOR_IMAP_USER": account.user, "FRONTDOOR_IMAP_PASSWORD": account.password,
        "FRONTDOOR_IMAP_TLS": "false", "FRONTDOOR_IMAP_POLL_SECONDS": "0.001",
        "SMTP_HOST": smtp.host, "SMTP_PORT": str(smtp.port), "SMTP_STARTTLS": "false",
        "SMTP_USER": SMTP_USER, "SMTP_PASSWORD": SMTP_PASSWORD, "SMTP_FROM": "referrals@frontdoor.example"})
    worker = worker_for(core, sweep_every=3600)
    assert "mail.poll" in {job.name for job in worker.scheduler.jobs}

    append(account, raw_mail("One of our pupils is being made to carry drugs for older boys.", sender=SCHOOL,
                             message_id=make_msgid(domain="bromley-schools.example.sch.uk")))
    report = worker.run_once()
    assert report.periodic["mail.poll"] == 1 and unseen(account) == 0
    with core.db.session() as session:
        referral = session.scalars(select(Referral)).one()
        reference, inbox, channel = referral.reference, referral.inbox_id, referral.channel
    assert (inbox, channel) == ("bromley-community-safety", "email")
    [reply] = [m for rcpt, m in smtp.messages if rcpt == [SCHOOL]]
    assert reply["Subject"] == f"Front Door referral {reference}: received" and reference in reply.get_content()

    append(account, raw_mail("He has not been in school since.", sender=SCHOOL, subject="Re: received",
                             headers={"In-Reply-To": str(reply["Message-ID"])}))
    append(account, raw_mail("I am out of the office.", sender=SCHOOL, subject="Automatic reply",
                             headers={"Auto-Submitted": "auto-replied"}))
    worker.run_once()
    with core.db.session() as session:
        notes = list(session.scalars(select(ReferralEvent.body).where(ReferralEvent.action == "reporter_email")))
        statuses = [(m.status, m.reason) for m in session.scalars(select(MailMessage).order_by(MailMessage.id))]
        assert len(session.scalars(select(Referral)).all()) == 1
    assert notes == ["The reporter wrote again by e-mail:\n\nHe has not been in school since."]
    assert statuses == [("referral", None), ("reply", None),
                        ("ignored", "automatic reply (Auto-Submitted: auto-replied)")]
    assert len([m for rcpt, m in smtp.messages if rcpt == [SCHOOL]]) == 1 and unseen(account) == 0


def test_intake_needs_a_data_key_and_is_off_without_a_mailbox(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'frontdoor.db'}", "FRONTDOOR_HOME": str(tmp_path)}
    assert "mail.poll" not in {job.name for job in worker_for(entry.build(env)).scheduler.jobs}
    with pytest.raises(ConfigurationError, match="needs FRONTDOOR_DATA_KEYS"):
        entry.build({**env, "FRONTDOOR_IMAP_HOST": "imap.example.org", "FRONTDOOR_IMAP_USER": "u",
                     "FRONTDOOR_IMAP_PASSWORD": "p"})
