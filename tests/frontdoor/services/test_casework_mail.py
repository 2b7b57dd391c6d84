"""Casework by e-mail on SQLite and PostgreSQL, through the database job queue, to a real local SMTP server
(aiosmtpd): feedback to the professional who reported (picked up, closed, a question answered by text with a
code), and each inbox's daily digest of overdue actions and reviews."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import pytest

from frontdoor.bootstrap import worker_for
from frontdoor.config import Settings
from frontdoor.jobs import Worker
from frontdoor.services import Core, feedback
from frontdoor.services.casework_mail import feedback_message
from frontdoor.store.db import Database
from frontdoor.views import Principal
from tests.conftest import FakeClock
from tests.frontdoor.services.referrals.support import audit_entries
from tests.frontdoor.services.test_alerts import smtp_to
from tests.frontdoor.services.test_casework import OWNER, concern
from tests.outbound.fakes import QUIET, Mailbox, smtp_server

pytestmark = pytest.mark.filterwarnings(QUIET)
ABOUT_THE_CHILD = ("Jayden", "missing", "Erith School", "Ms Reporter")


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def worker(core: Core, mailbox: Mailbox) -> Worker:
    core.alerts.email = smtp_to(mailbox)
    return worker_for(core, sweep_every=0)


@pytest.fixture
def spoc(core: Core) -> Principal:
    return core.staff.add("spoc@bexley.example.gov.uk", [OWNER], name="Bex Spoc")


def to_reporter(mailbox: Mailbox) -> list[str]:
    return [m.get_content() for rcpt, m in mailbox.messages if rcpt == ["reporter@school.example.org"]]


def test_a_professional_who_asked_is_told_when_it_is_picked_up_and_closed(
        core: Core, worker: Worker, mailbox: Mailbox, spoc: Principal) -> None:
    reference = core.submissions.submit(concern(feedback=True)).reference
    worker.run_once()
    assert to_reporter(mailbox) == []

    core.workflow.acknowledge(spoc, reference)
    worker.run_once()
    worker.run_once()
    [picked_up] = to_reporter(mailbox)
    subject = next(m["Subject"] for _r, m in mailbox.messages)
    assert subject == f"Front Door referral {reference}: picked up"
    assert reference in picked_up and "Bexley Community Safety gangs SPOC" in picked_up
    assert "gangs-spoc@bexley.example.gov.uk" in picked_up and "020 7946 0300" in picked_up
    assert not any(word in picked_up for word in ABOUT_THE_CHILD)

    core.workflow.close(spoc, reference, "no_further_action")
    worker.run_once()
    worker.run_once()
    assert len(to_reporter(mailbox)) == 2
    closed = to_reporter(mailbox)[1]
    assert "has been closed" in closed and not any(word in closed for word in ABOUT_THE_CHILD)
    assert [e.action for e in audit_entries(core, reference=reference) if e.action.startswith("feedback.")] == [
        "feedback.acknowledged.sent", "feedback.closed.sent"]
    worker.run_once()
    assert len(to_reporter(mailbox)) == 2  # each message goes once
    emailed = [e.body for e in core.queries.get(spoc, reference).events if e.action == "reporter_emailed"]
    assert emailed == [f"The reporter was e-mailed: Front Door referral {reference}: picked up",
                       f"The reporter was e-mailed: Front Door referral {reference}: closed"]


@pytest.mark.parametrize(("email", "wanted"), [("reporter@school.example.org", False), (None, True)])
def test_no_feedback_unless_asked_for_with_an_address(core: Core, worker: Worker, mailbox: Mailbox,
                                                      spoc: Principal, email: str | None, wanted: bool) -> None:
    reference = core.submissions.submit(concern(email=email, feedback=wanted)).reference
    core.workflow.acknowledge(spoc, reference)
    worker.run_once()
    worker.run_once()
    assert mailbox.messages == []
    assert core.casework.get(spoc, reference).feedback_wanted is False


def test_a_question_by_email_is_answered_by_text_with_the_code(
        core: Core, worker: Worker, mailbox: Mailbox, spoc: Principal, clock: FakeClock) -> None:
    reference = core.submissions.submit(concern()).reference
    core.casework.ask_professional(spoc, reference, "Which class is he in?")
    worker.run_once()
    worker.run_once()
    [message] = to_reporter(mailbox)
    assert "Which class is he in?" in message and reference in message
    code = message.split(f"text {reference} ")[1].split()[0]
    assert code.isdigit() and len(code) == 6
    # No Front Door number is configured: the e-mail names none, and says how to get it.
    assert "followed by your answer to the Front Door number, or ask the team below for it." in message
    with core.db.engine.connect() as connection:
        assert code not in str(connection.exec_driver_sql("SELECT payload FROM jobs").all())
    # The professional answers as anonymous reporters do; the answer is on the referral.
    view = core.followup.reply(reference, code, "Year 10, form 10B", channel="sms")
    assert view.questions == ()
    events = core.queries.get(spoc, reference).events
    assert (events[-1].action, events[-1].body) == ("reporter_reply", "Year 10, form 10B")


def test_the_question_names_the_front_door_number_when_it_is_configured(
        settings: Settings, database: Database, clock: FakeClock, mailbox: Mailbox) -> None:
    core = Core.from_settings(dataclasses.replace(settings, sms_number="+447700900123"), clock=clock, db=database)
    core.alerts.email = smtp_to(mailbox)
    worker = worker_for(core, sweep_every=0)
    spoc = core.staff.add("spoc@bexley.example.gov.uk", [OWNER], name="Bex Spoc")
    reference = core.submissions.submit(concern()).reference
    core.casework.ask_professional(spoc, reference, "Which class is he in?")
    worker.run_once()
    worker.run_once()
    [message] = to_reporter(mailbox)
    code = message.split(f"text {reference} ")[1].split()[0]
    assert f"text {reference} {code} followed by your answer to the Front Door number, 07700 900123." in message


@pytest.mark.parametrize(("number", "wording"), [
    ("+447700900123", "the Front Door number, 07700 900123."),
    ("020 7946 0000", "the Front Door number, 020 7946 0000."),
    (None, "the Front Door number, or ask the team below for it."),
])
def test_the_question_says_where_to_text_the_answer(number: str | None, wording: str) -> None:
    message = feedback_message(feedback.QUESTION, "FD-ABCD-EFGH", "Bexley SPOC", "020 7946 0300",
                               question="Which class?", code="123456", sms_number=number)
    assert f"To answer, text FD-ABCD-EFGH 123456 followed by your answer to {wording}" in message.body
    picked_up = feedback_message(feedback.ACKNOWLEDGED, "FD-ABCD-EFGH", "Bexley SPOC", "020 7946 0300",
                                 sms_number=number)
    assert "Front Door number" not in picked_up.body


def test_daily_digest_lists_each_inboxs_overdue_work_once_a_day(
        core: Core, worker: Worker, mailbox: Mailbox, spoc: Principal, clock: FakeClock) -> None:
    reference = core.submissions.submit(concern()).reference
    core.casework.add_action(spoc, reference, "Visit Jayden at home", "inbox:bexley-mash", clock() + timedelta(days=1))
    core.casework.set_review(spoc, reference, clock() + timedelta(days=1))
    assert core.casework_mail.queue_digests() == 0
    clock.advance(days=2)
    assert core.casework_mail.queue_digests() == 2
    assert core.casework_mail.queue_digests() == 0  # once a day
    worker.run_once()
    received = {rcpt[0]: m for rcpt, m in mailbox.messages}
    assert sorted(received) == ["gangs-spoc@bexley.example.gov.uk", "mash@bexley.example.gov.uk"]
    owner = received["gangs-spoc@bexley.example.gov.uk"].get_content()
    assert f"{reference}: review due" in owner and "/inbox/r/" + reference in owner
    mash = received["mash@bexley.example.gov.uk"].get_content()
    assert f"{reference}: action due" in mash
    assert not any(word in owner + mash for word in (*ABOUT_THE_CHILD, "Visit"))
    assert len(audit_entries(core, "casework.digest.sent")) == 2


def test_the_front_door_number_comes_from_twilio_from_number() -> None:
    assert Settings.from_env({"TWILIO_FROM_NUMBER": " +447700900123 "}).sms_number == "+447700900123"
    assert Settings.from_env({"TWILIO_FROM_NUMBER": ""}).sms_number is None
    assert Settings.from_env({}).sms_number is None
