"""Alerts for red referrals, end to end through the worker, a real SMTP server and the twilio client.

Each test runs on a SQLite file and on PostgreSQL (the ``core`` fixture), with
the database job queue. E-mail goes to a local aiosmtpd server that requires a
login; SMS goes through the real twilio client to a local endpoint that
answers like Twilio's Messages API.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from twilio.rest import Client

from frontdoor.adapters.redis_queue import RedisQueue
from frontdoor.adapters.smtp import SmtpEmail, SmtpSettings
from frontdoor.bootstrap import worker_for
from frontdoor.errors import AuthenticationFailed
from frontdoor.jobs import Worker
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.services.alert_messages import AlertPolicy, alert_message
from frontdoor.services.alerts import ALERT_JOB, cycle_of, dedupe_key
from frontdoor.store.models import AlertDelivery, AuditEntry, Referral
from outbound.twilio_sms import TwilioSms, e164
from tests.conftest import FakeClock
from tests.outbound.fakes import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    QUIET,
    SMTP_PASSWORD,
    SMTP_USER,
    FakeTwilio,
    Mailbox,
    free_port,
    point_at,
    smtp_server,
    twilio_api,
)

pytestmark = pytest.mark.filterwarnings(QUIET)

RED_TEXT = "He carries a blade and they threatened him"
AMBER_TEXT = "He keeps going missing"
SECRET_WORDS = ("blade", "threatened", "Jayden", "Ms Reporter", "Erith School", "07700 900123", "reporter@school")


def concern(description: str = RED_TEXT) -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, description=description, area="Erith",
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith School", name="Ms Reporter",
                               email="reporter@school.example.org", phone="07700 900123"),
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Jayden", age=15)],
    )


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with twilio_api() as fake:
        yield fake


def smtp_to(mailbox: Mailbox) -> SmtpEmail:
    return SmtpEmail(SmtpSettings(host=mailbox.host, port=mailbox.port, user=SMTP_USER, password=SMTP_PASSWORD,
                                  starttls=False, from_address="frontdoor@alerts.example"))


@pytest.fixture
def alerting(core: Core, mailbox: Mailbox, twilio: FakeTwilio) -> Worker:
    """The core's worker with e-mail to the local SMTP server and SMS through the fake Twilio."""
    assert core.alerts is not None
    core.alerts.email = smtp_to(mailbox)
    core.alerts.sms = TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER,
                                client=point_at(Client(ACCOUNT_SID, AUTH_TOKEN), twilio))
    return worker_for(core, sweep_every=0)


def deliveries(core: Core, reference: str) -> list[tuple[int, str, str, str]]:
    with core.db.session() as session:
        referral_id = session.scalar(select(Referral.id).where(Referral.reference == reference))
        rows = session.scalars(select(AlertDelivery).where(AlertDelivery.referral_id == referral_id)
                               .order_by(AlertDelivery.id)).all()
        return [(d.level, d.channel, d.recipient, d.status) for d in rows]


def referral(core: Core, reference: str) -> Referral:
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        assert row is not None
        return row


def alert_audit(core: Core, reference: str) -> list[tuple[str, str | None]]:
    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.reference == reference,
                                                        AuditEntry.action.like("alert.%"))
                               .order_by(AuditEntry.id)).all()
        return [(a.action, a.detail) for a in rows]


def assert_no_content(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"{word!r} must not be in an alert"


# --- the first alert -----------------------------------------------------------------------------
def test_a_red_referral_alerts_its_inbox_by_email_and_sms(
        core: Core, alerting: Worker, mailbox: Mailbox, twilio: FakeTwilio, clock: FakeClock) -> None:
    submission = core.submissions.submit(concern())
    inbox = core.table.inboxes[submission.inbox_id]
    assert inbox.email and inbox.phone
    job = core.jobs.find(dedupe_key(submission.reference, inbox.id, 1, cycle_of(submission.due_at)))  # type: ignore[union-attr]
    assert job is not None and job.kind == ALERT_JOB and job.status == "queued"

    report = alerting.run_once()
    assert report.done == 1 and report.retried == report.failed == 0

    [(recipients, message)] = mailbox.messages
    assert recipients == [inbox.email] and mailbox.logins == [SMTP_USER]
    body = message.get_content()
    link = f"http://127.0.0.1:8000/inbox/r/{submission.reference}"
    assert submission.reference in message["Subject"] and "RED" in message["Subject"]
    assert submission.reference in body and inbox.name in body and link in body
    assert_no_content(message["Subject"] + body)

    [sms] = twilio.requests
    assert sms.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert sms.authorization == "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert sms.form["To"] == e164(inbox.phone) and sms.form["From"] == FROM_NUMBER
    assert submission.reference in sms.form["Body"] and link in sms.form["Body"] and "RED" in sms.form["Body"]
    assert_no_content(sms.form["Body"])

    assert deliveries(core, submission.reference) == [(1, "email", inbox.email, "sent"),
                                                      (1, "sms", inbox.phone, "sent")]
    row = referral(core, submission.reference)
    assert row.alert_level == 1 and row.alerted_at == clock.now
    assert alert_audit(core, submission.reference) == [
        ("alert.sent", f"level=1 channel=email inbox={inbox.id}"),
        ("alert.sent", f"level=1 channel=sms inbox={inbox.id}"),
    ]
    # Sweeping again, or the same submission again, sends nothing more.
    assert core.alerts.sweep() == 0  # type: ignore[union-attr]
    alerting.run_once()
    assert len(mailbox.messages) == 1 and len(twilio.requests) == 1


def test_amber_and_green_referrals_raise_no_alert(core: Core, alerting: Worker, mailbox: Mailbox,
                                                 twilio: FakeTwilio) -> None:
    submission = core.submissions.submit(concern(AMBER_TEXT))
    assert submission.urgency.value == "amber"
    alerting.run_once()
    assert mailbox.messages == [] and twilio.requests == []
    assert core.jobs.counts()["queued"] == 0  # type: ignore[union-attr]


# --- escalation ----------------------------------------------------------------------------------
def test_an_unacknowledged_alert_escalates_to_the_second_contact(
        core: Core, alerting: Worker, mailbox: Mailbox, twilio: FakeTwilio, clock: FakeClock) -> None:
    submission = core.submissions.submit(concern())
    inbox = core.table.inboxes[submission.inbox_id]
    assert inbox.second_contact
    alerting.run_once()
    clock.advance(minutes=29)
    alerting.run_once()
    assert len(twilio.requests) == 1 and referral(core, submission.reference).alert_level == 1

    clock.advance(minutes=1, seconds=1)
    report = alerting.run_once()
    assert report.done >= 1
    assert [r.form["To"] for r in twilio.requests] == [e164(inbox.phone), e164(inbox.second_contact)]
    escalation = twilio.requests[1].form["Body"]
    assert "ESCALATION" in escalation and submission.reference in escalation and "30 minutes" in escalation
    assert_no_content(escalation)
    assert [rcpt for rcpt, _m in mailbox.messages] == [[inbox.email], [inbox.email]]
    assert "ESCALATION" in mailbox.messages[1][1]["Subject"]
    assert deliveries(core, submission.reference)[2:] == [(2, "sms", inbox.second_contact, "sent"),
                                                          (2, "email", inbox.email, "sent")]
    assert referral(core, submission.reference).alert_level == 2
    clock.advance(hours=3)
    alerting.run_once()
    assert len(twilio.requests) == 2  # escalated once, not again


def test_the_sweep_escalates_even_without_the_delayed_job(core: Core, alerting: Worker, twilio: FakeTwilio,
                                                          clock: FakeClock) -> None:
    submission = core.submissions.submit(concern())
    inbox = core.table.inboxes[submission.inbox_id]
    alerting.run_once()
    # Lose the delayed escalation job, as if the Redis queue had been flushed.
    from frontdoor.store.models import Job as JobRow

    with core.db.session() as session:
        session.execute(update(JobRow).where(JobRow.dedupe_key == dedupe_key(submission.reference, inbox.id, 2, cycle_of(submission.due_at)))
                        .values(dedupe_key=None, status="done"))
    clock.advance(minutes=31)
    alerting.run_once()
    assert [r.form["To"] for r in twilio.requests] == [e164(inbox.phone), e164(inbox.second_contact)]  # type: ignore[arg-type]


def test_an_acknowledged_referral_does_not_escalate(core: Core, alerting: Worker, twilio: FakeTwilio,
                                                   mailbox: Mailbox, clock: FakeClock) -> None:
    submission = core.submissions.submit(concern())
    alerting.run_once()
    spoc = core.staff.add("duty@alerts.example.org", [submission.inbox_id])
    clock.advance(minutes=10)
    core.workflow.acknowledge(spoc, submission.reference)
    clock.advance(minutes=45)
    alerting.run_once()
    assert len(twilio.requests) == 1 and len(mailbox.messages) == 1
    assert referral(core, submission.reference).alert_level == 1
    assert [d[0] for d in deliveries(core, submission.reference)] == [1, 1]


# --- any path to red is covered by the sweep --------------------------------------------------------
def test_the_sweep_alerts_a_referral_raised_to_red_later(core: Core, alerting: Worker, twilio: FakeTwilio) -> None:
    submission = core.submissions.submit(concern(AMBER_TEXT))
    alerting.run_once()
    assert twilio.requests == []
    with core.db.session() as session:  # raised to red by any path
        session.execute(update(Referral).where(Referral.reference == submission.reference)
                        .values(urgency="red", urgency_rank=0))
    alerting.run_once()
    assert len(twilio.requests) == 1 and submission.reference in twilio.requests[0].form["Body"]


def transfer(core: Core, reference: str, inbox_id: str, clock: FakeClock) -> None:
    """Do to the row what a transfer does: new owner, new and unalerted, a fresh response clock."""
    with core.db.session() as session:
        session.execute(update(Referral).where(Referral.reference == reference)
                        .values(inbox_id=inbox_id, alert_level=0, alerted_at=None, acknowledged_at=None,
                                status="new", sla_due_at=clock.now + timedelta(hours=1)))


def test_a_red_referral_transferred_alerts_the_new_inbox(core: Core, alerting: Worker, twilio: FakeTwilio,
                                                        mailbox: Mailbox, clock: FakeClock) -> None:
    submission = core.submissions.submit(concern())
    alerting.run_once()
    old = core.table.inboxes[submission.inbox_id]
    new = next(i for i in core.table.inboxes.values() if i.id != old.id and i.email and i.phone)
    clock.advance(minutes=1)
    transfer(core, submission.reference, new.id, clock)
    alerting.run_once()
    assert [r.form["To"] for r in twilio.requests] == [e164(old.phone), e164(new.phone)]  # type: ignore[arg-type]
    assert [rcpt for rcpt, _m in mailbox.messages] == [[old.email], [new.email]]
    clock.advance(minutes=31)  # the old inbox's escalation is void; the new one's goes to its second contact
    alerting.run_once()
    assert [r.form["To"] for r in twilio.requests][2:] == [e164(new.second_contact)]  # type: ignore[arg-type]

    clock.advance(minutes=5)  # ... and handed back: the first inbox is alerted afresh
    transfer(core, submission.reference, old.id, clock)
    alerting.run_once()
    assert [r.form["To"] for r in twilio.requests][3:] == [e164(old.phone)]  # type: ignore[arg-type]
    assert referral(core, submission.reference).alert_level == 1


# --- failures never block the referral ---------------------------------------------------------------
def test_a_failed_delivery_is_retried_without_resending_the_rest(
        core: Core, alerting: Worker, mailbox: Mailbox, twilio: FakeTwilio, clock: FakeClock) -> None:
    assert core.alerts is not None
    core.alerts.email = SmtpEmail(SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False))  # down
    submission = core.submissions.submit(concern())
    inbox = core.table.inboxes[submission.inbox_id]
    report = alerting.run_once()
    assert report.retried == 1
    job = core.jobs.find(dedupe_key(submission.reference, inbox.id, 1, cycle_of(submission.due_at)))  # type: ignore[union-attr]
    assert job is not None and job.status == "queued"
    assert f"email to {inbox.email} (Unavailable: e-mail not sent: ConnectionRefusedError" in (job.last_error or "")
    assert deliveries(core, submission.reference) == [(1, "email", inbox.email, "failed"),
                                                      (1, "sms", inbox.phone, "sent")]
    assert referral(core, submission.reference).alert_level == 1  # the escalation clock runs regardless

    core.alerts.email = smtp_to(mailbox)  # the mail server is back
    clock.advance(seconds=30)
    assert alerting.run_once().done >= 1
    assert len(mailbox.messages) == 1 and len(twilio.requests) == 1  # the SMS was not sent twice
    assert [d[3] for d in deliveries(core, submission.reference)] == ["failed", "sent", "sent"]
    assert [a for a, _d in alert_audit(core, submission.reference)] == ["alert.failed", "alert.sent", "alert.sent"]


def test_twilio_refusing_a_message_is_a_failed_delivery(core: Core, alerting: Worker, twilio: FakeTwilio) -> None:
    twilio.status = 400
    submission = core.submissions.submit(concern())
    assert alerting.run_once().retried == 1
    assert [d[1:] for d in deliveries(core, submission.reference)][1][1:] == (
        core.table.inboxes[submission.inbox_id].phone, "failed")


def test_a_queue_outage_does_not_block_submission_and_the_sweep_catches_up(
        core: Core, alerting: Worker, twilio: FakeTwilio, clock: FakeClock) -> None:
    assert core.alerts is not None
    working = core.alerts.queue
    core.alerts.queue = RedisQueue.from_url(f"redis://127.0.0.1:{free_port()}/0", clock)  # nothing there
    submission = core.submissions.submit(concern())
    assert submission.urgency.value == "red"
    core.alerts.queue = working
    alerting.run_once()
    assert len(twilio.requests) == 1


def test_unconfigured_channels_are_recorded_as_skipped(core: Core) -> None:
    assert core.alerts is not None and core.alerts.email is None and core.alerts.sms is None
    submission = core.submissions.submit(concern())
    report = worker_for(core).run_once()
    assert report.done == 1 and report.failed == report.retried == 0
    assert [d[1:] for d in deliveries(core, submission.reference)] == [
        ("email", core.table.inboxes[submission.inbox_id].email, "skipped"),
        ("sms", core.table.inboxes[submission.inbox_id].phone, "skipped"),
    ]
    assert [a for a, _d in alert_audit(core, submission.reference)] == ["alert.skipped", "alert.skipped"]


# --- the words ------------------------------------------------------------------------------------
def test_alert_text_has_the_reference_inbox_and_link_only() -> None:
    policy = AlertPolicy(timedelta(minutes=20), "https://frontdoor.example.org/")
    first = alert_message("FD-ABCD-2345", "Bexley Community Safety", 1, policy)
    assert first.subject == "RED referral FD-ABCD-2345 for Bexley Community Safety"
    assert first.body.endswith("https://frontdoor.example.org/inbox/r/FD-ABCD-2345")
    second = alert_message("FD-ABCD-2345", "Bexley Community Safety", 2, policy)
    assert "20 minutes" in second.body and second.subject.startswith("ESCALATION")


def test_malformed_jobs_are_refused(core: Core) -> None:
    from frontdoor.errors import InvalidInput

    assert core.alerts is not None
    with pytest.raises(InvalidInput):
        core.alerts.deliver({"level": 1})
    assert core.alerts.deliver({"reference": "FD-NONE-0000", "inbox": "x", "level": 1}) == "gone"


# --- e-mail settings ----------------------------------------------------------------------------------
def test_alert_settings_come_from_the_environment() -> None:
    from frontdoor.config import Settings
    from frontdoor.errors import ConfigurationError

    settings = Settings.from_env({"SMTP_HOST": "smtp.example.org", "SMTP_PORT": "2525", "SMTP_USER": "fd",
                                  "SMTP_PASSWORD": "s3cret-pass", "SMTP_STARTTLS": "no",
                                  "SMTP_FROM": "alerts@example.org", "ALERT_ESCALATE_MINUTES": "15",
                                  "PUBLIC_BASE_URL": "https://frontdoor.example.org/"})
    assert settings.smtp == SmtpSettings("smtp.example.org", 2525, "fd", "s3cret-pass", False, "alerts@example.org")
    assert "s3cret-pass" not in repr(settings)
    assert settings.alert_escalate_minutes == 15 and settings.public_base_url == "https://frontdoor.example.org"
    defaults = Settings.from_env({"WEB_PORT": "8123"})
    assert defaults.smtp is None and defaults.redis_url is None and defaults.alert_escalate_minutes == 30
    assert defaults.public_base_url == "http://127.0.0.1:8123"
    for bad in ({"ALERT_ESCALATE_MINUTES": "soon"}, {"ALERT_ESCALATE_MINUTES": "0"},
                {"SMTP_HOST": "x", "SMTP_PORT": "smtp"}, {"SMTP_HOST": "x", "SMTP_STARTTLS": "maybe"}):
        with pytest.raises(ConfigurationError):
            Settings.from_env(bad)


def test_starttls_is_required_when_asked_for(mailbox: Mailbox) -> None:
    from frontdoor.errors import Unavailable

    strict = SmtpEmail(SmtpSettings(host=mailbox.host, port=mailbox.port, user=SMTP_USER, password=SMTP_PASSWORD,
                                    starttls=True))
    with pytest.raises(Unavailable, match="STARTTLS"):  # this local server offers no TLS: nothing is sent
        strict.send_email("spoc@example.org", "subject", "body")
    assert mailbox.messages == []


def test_a_follow_up_locked_by_wrong_codes_is_e_mailed_to_the_owning_inbox(core: Core, alerting: Worker,
                                                                          mailbox: Mailbox) -> None:
    submission = core.submissions.submit(
        ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="dealing from a flat in Sidcup"),
        followup=True, conversation="sms-conversation")
    reference = submission.reference
    code = core.followup.reveal(submission.followup_placeholder or "", "sms-conversation")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        with pytest.raises(AuthenticationFailed, match="don't match"):
            core.followup.status(reference, wrong)
    with pytest.raises(AuthenticationFailed, match="closed after too many wrong codes"):
        core.followup.status(reference, wrong)
    with pytest.raises(AuthenticationFailed, match="closed after too many wrong codes"):
        core.followup.status(reference, code)
    alerting.run_once()
    [(recipients, message)] = mailbox.messages
    assert recipients == [core.table.inboxes[submission.inbox_id].email]
    assert message["Subject"] == f"Follow-up locked for referral {reference}"
    assert "Sidcup" not in message.get_content() and code not in message.get_content()
    actions = [action for action, _ in alert_audit(core, reference)]
    assert actions == ["alert.followup_locked.sent"]


def test_a_flood_of_anonymous_reports_is_held_and_the_partnership_told_once(core: Core, alerting: Worker,
                                                                          mailbox: Mailbox,
                                                                          twilio: FakeTwilio) -> None:
    import dataclasses

    from frontdoor.services.referrals import VOLUME_REASON, SubmissionService

    assert core.alerts is not None
    core.submissions = SubmissionService(core.db, core.table, core.analyser, core.settings.sla, core.clock,
                                       on_submitted=core.alerts.on_submitted, volume_per_minute=3,
                                       on_unusual_volume=core.alerts.on_unusual_volume)
    tip = ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, area="Erith",
                        description="older lads keep giving the kids on the estate cash and new phones")
    submitted = [core.submissions.submit(dataclasses.replace(tip)) for _ in range(6)]
    assert submitted[0].inbox_id != core.table.partnership_inbox
    assert [s.inbox_id for s in submitted[:3]] == [submitted[0].inbox_id] * 3
    assert {s.inbox_id for s in submitted[3:]} == {core.table.partnership_inbox}
    assert referral(core, submitted[4].reference).routing_reasons == [VOLUME_REASON]
    # A red report in the middle of a flood is never held: it goes where it would, with its alert.
    red = core.submissions.submit(dataclasses.replace(tip, description="he has a gun and said he will shoot him tonight"))
    assert red.urgency.value == "red" and red.inbox_id != core.table.partnership_inbox
    # Nor is a named professional's report.
    named = core.submissions.submit(concern())
    assert named.inbox_id != core.table.partnership_inbox
    alerting.run_once()
    subjects = [message["Subject"] for _, message in mailbox.messages]
    assert subjects.count("Front Door: unusual volume of anonymous reports") == 1
    assert any(red.reference in s for s in subjects) and any(named.reference in s for s in subjects)
