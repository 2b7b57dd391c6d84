"""E-mail intake on SQLite and PostgreSQL: stored first and once, read like a text, routed by place or by the
sender's organisation, answered with the reference; replies in the thread attached; automatic mail ignored."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdoor.bootstrap import worker_for
from frontdoor.errors import Unavailable
from frontdoor.ports import FetchedMail
from frontdoor.services import Core
from frontdoor.services.mail import MailPolicy, MailPoller
from frontdoor.store.mail import MailAttachment, MailMessage
from frontdoor.store.models import Referral, ReferralEvent
from tests.conftest import FakeClock
from tests.frontdoor.services.mail_support import DANGER, OUR_ADDRESS, RESIDENT, SCHOOL, raw_mail
from tests.frontdoor.services.referrals.support import audit_entries


@dataclass
class FakeSender:
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    down: bool = False

    def send_email(self, to: str, subject: str, body: str) -> str | None:
        if self.down:
            raise Unavailable("mail server down")
        self.sent.append((to, subject, body))
        return f"<reply{len(self.sent)}@alerts.example>"

    def to(self, address: str) -> list[tuple[str, str]]:
        return [(subject, body) for to, subject, body in self.sent if to == address]


@pytest.fixture
def sender(core: Core) -> FakeSender:
    fake = FakeSender()
    core.alerts.email = fake
    return fake


def referral(core: Core, reference: str) -> Referral:
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        assert row is not None
        session.expunge(row)
        return row


def events(core: Core, reference: str) -> list[tuple[str, str]]:
    with core.db.session() as session:
        rows = session.scalars(select(ReferralEvent).join(Referral).where(Referral.reference == reference)
                               .order_by(ReferralEvent.id))
        return [(e.action, e.body or "") for e in rows]


def test_an_email_becomes_a_referral_stored_encrypted_and_answered(core: Core, sender: FakeSender) -> None:
    outcome = core.mail.receive(raw_mail(DANGER + " It is in Penge."))
    assert outcome.status == "referral" and outcome.reference
    row = referral(core, outcome.reference)
    assert (row.channel, row.urgency, row.area_id) == ("email", "red", "bromley")
    assert "blade" in row.description and row.description.startswith("Worried about a boy")
    with core.db.session() as session:
        stored_raw = session.execute(select(MailMessage.raw).execution_options()).scalar_one()
        plain = session.connection().exec_driver_sql("SELECT raw FROM mail_messages").scalar_one()
    assert base64.b64decode(stored_raw).startswith(b"From: ") or b"From:" in base64.b64decode(stored_raw)
    assert plain.startswith("fdenc1:")

    worker_for(core, sweep_every=0).run_once()
    [(subject, body)] = sender.to(RESIDENT)
    assert subject == f"Front Door referral {outcome.reference}: received"
    assert outcome.reference in body and "blade" not in body and "999" in body
    assert ("reporter_emailed", f"The reporter was e-mailed: {subject}") in events(core, outcome.reference)
    worker_for(core, sweep_every=0).run_once()
    assert len(sender.to(RESIDENT)) == 1


def test_the_same_message_is_stored_and_referred_once(core: Core, sender: FakeSender) -> None:
    raw = raw_mail(message_id="<once@mail.example.com>")
    first = core.mail.receive(raw)
    assert core.mail.receive(raw).status == "duplicate"
    with core.db.session() as session:
        assert session.scalar(select(MailMessage.referral_id)) == referral(core, first.reference or "").id
        assert len(session.scalars(select(Referral)).all()) == 1


@pytest.mark.parametrize(("sender_address", "text", "area"), [
    (RESIDENT, "Older boys are dealing drugs from a flat in Penge.", "bromley"),
    (SCHOOL, "One of our pupils is carrying drugs for older boys.", "bromley"),
    (SCHOOL, "One of our pupils is carrying drugs for older boys in Erith.", "bexley"),
    (RESIDENT, "Older boys are dealing drugs near my flat.", None),
    ("nurse@pruh.example.nhs.uk", "A patient says older boys make him carry drugs.", "bromley"),
])
def test_routed_by_the_places_named_else_by_the_senders_organisation(
        core: Core, sender: FakeSender, sender_address: str, text: str, area: str | None) -> None:
    outcome = core.mail.receive(raw_mail(text, sender=sender_address, subject="A concern"))
    row = referral(core, outcome.reference or "")
    assert row.area_id == area
    if area is None:
        assert row.inbox_id == core.table.partnership_inbox


def test_a_school_sender_is_a_teacher_of_its_organisation(core: Core, sender: FakeSender) -> None:
    outcome = core.mail.receive(raw_mail("One of our pupils is carrying drugs for older boys.", sender=SCHOOL))
    detail_people = core.db.session
    with detail_people() as session:
        row = session.scalar(select(Referral).where(Referral.reference == outcome.reference))
        assert row is not None
        [reporter] = [p for p in row.people if p.role == "reporter"]
        assert (reporter.email, reporter.reporter_role, reporter.organisation) == (
            SCHOOL, "teacher", "Bromley schools (demo)")
        assert "bromley-education" in [c.inbox_id for c in row.copies]


def test_a_reply_in_the_thread_is_added_to_the_referral(core: Core, sender: FakeSender) -> None:
    first = core.mail.receive(raw_mail(message_id="<m0@mail.example.com>"))
    worker_for(core, sweep_every=0).run_once()
    with core.db.session() as session:
        ours = session.scalar(select(MailMessage.reply_message_id))
    assert ours
    by_header = core.mail.receive(raw_mail("He came home with a cut hand.", subject="Re: your e-mail",
                                           headers={"In-Reply-To": ours}))
    by_subject = core.mail.receive(raw_mail("And his phone keeps ringing.",
                                            subject=f"Re: Front Door referral {first.reference}: received"))
    assert (by_header.status, by_header.reference) == ("reply", first.reference)
    assert (by_subject.status, by_subject.reference) == ("reply", first.reference)
    notes = [body for action, body in events(core, first.reference or "") if action == "reporter_email"]
    assert notes == ["The reporter wrote again by e-mail:\n\nHe came home with a cut hand.",
                     "The reporter wrote again by e-mail:\n\nAnd his phone keeps ringing."]
    worker_for(core, sweep_every=0).run_once()
    assert len(sender.to(RESIDENT)) == 1  # a reply in the thread is not answered again


def test_the_reference_in_a_subject_from_someone_else_is_a_new_referral(core: Core, sender: FakeSender) -> None:
    first = core.mail.receive(raw_mail())
    other = core.mail.receive(raw_mail("Boys dealing in Penge.", sender="stranger@mail.example.org",
                                       subject=f"Re: Front Door referral {first.reference}"))
    assert other.status == "referral" and other.reference != first.reference


@pytest.mark.parametrize("headers", [{"Auto-Submitted": "auto-replied"}, {"Precedence": "bulk"},
                                     {"X-Autoreply": "yes"}, {"Return-Path": "<>"}])
def test_automatic_mail_is_kept_as_ignored_with_why(core: Core, sender: FakeSender,
                                                    headers: dict[str, str]) -> None:
    outcome = core.mail.receive(raw_mail(headers=headers))
    assert outcome.status == "ignored" and outcome.reason
    with core.db.session() as session:
        row = session.scalars(select(MailMessage)).one()
        assert (row.status, row.reason, row.referral_id) == ("ignored", outcome.reason, None)
        assert session.scalars(select(Referral)).all() == []
    assert [e.detail for e in audit_entries(core, "mail.ignored")] == [outcome.reason]
    worker_for(core, sweep_every=0).run_once()
    assert sender.sent == []


def test_mail_from_our_own_address_is_a_loop(core: Core, sender: FakeSender) -> None:
    core.mail.own_addresses = frozenset({OUR_ADDRESS})
    assert core.mail.receive(raw_mail(sender=OUR_ADDRESS)).reason == "loop (sent from our own address)"


def test_too_many_messages_from_one_sender_are_a_loop(core: Core, sender: FakeSender, clock: FakeClock) -> None:
    core.mail.policy = MailPolicy(loop_limit=3, loop_window=timedelta(minutes=10))
    outcomes = [core.mail.receive(raw_mail(f"Boys dealing in Penge, message {n}.")) for n in range(5)]
    assert [o.status for o in outcomes] == ["referral"] * 3 + ["ignored"] * 2
    assert outcomes[-1].reason == "loop (more than 3 messages from one sender in 10 minutes)"
    clock.advance(minutes=11)
    assert core.mail.receive(raw_mail("Boys dealing in Penge again.")).status == "referral"


def test_attachments_are_kept_encrypted_or_refused_and_noted(core: Core, sender: FakeSender) -> None:
    outcome = core.mail.receive(raw_mail(attachments=(("photo.jpg", "image/jpeg", b"\xff\xd8jpeg"),
                                                      ("run.exe", "application/x-msdownload", b"MZ"))))
    with core.db.session() as session:
        kept, refused = session.scalars(select(MailAttachment).order_by(MailAttachment.id)).all()
        assert base64.b64decode(kept.data or "") == b"\xff\xd8jpeg" and kept.refused is None
        assert refused.data is None and (refused.refused or "").startswith("type application/x-msdownload")
        stored = session.connection().exec_driver_sql("SELECT filename, data FROM mail_attachments").all()
    assert all(value is None or value.startswith("fdenc1:") for pair in stored for value in pair)
    assert any(action == "attachment_refused" and "run.exe" in body for action, body in events(core, outcome.reference or ""))
    worker_for(core, sweep_every=0).run_once()
    assert "1 attachment(s) could not be kept" in sender.to(RESIDENT)[0][1]


def test_the_reply_waits_for_the_mail_server(core: Core, sender: FakeSender) -> None:
    sender.down = True
    core.mail.receive(raw_mail())
    report = worker_for(core, sweep_every=0).run_once()
    assert report.retried == 1 and sender.to(RESIDENT) == []


def test_ignored_mail_is_purged_after_its_days(core: Core, sender: FakeSender, clock: FakeClock) -> None:
    core.mail.receive(raw_mail(headers={"Precedence": "bulk"}))
    kept = core.mail.receive(raw_mail())
    clock.advance(days=31)
    assert core.mail.purge_ignored() == 1
    with core.db.session() as session:
        assert [r.status for r in session.scalars(select(MailMessage))] == ["referral"]
    assert kept.reference


@dataclass
class FakeFolder:
    messages: dict[str, bytes]
    seen: list[str] = field(default_factory=list)

    def fetch_unseen(self, limit: int) -> list[FetchedMail]:
        return [FetchedMail(uid, raw) for uid, raw in self.messages.items() if uid not in self.seen][:limit]

    def mark_seen(self, uids: list[str]) -> None:
        self.seen.extend(uids)


def test_a_poll_stores_then_marks_seen_then_reads(core: Core, sender: FakeSender) -> None:
    folder = FakeFolder({"1": raw_mail(), "2": raw_mail(headers={"Auto-Submitted": "auto-replied"})})
    assert MailPoller(folder, core.mail).poll() == 2
    assert folder.seen == ["1", "2"]
    assert MailPoller(folder, core.mail).poll() == 0


def test_a_very_long_email_is_still_a_referral(core: Core, sender: FakeSender) -> None:
    outcome = core.mail.receive(raw_mail("Older boys are dealing in Penge. " * 1000, subject="S" * 400))
    assert outcome.status == "referral"
    assert len(referral(core, outcome.reference or "").description) <= 10_000


def test_a_referrals_emails_and_attachments_go_when_it_is_purged(core: Core, sender: FakeSender,
                                                                 clock: FakeClock) -> None:
    outcome = core.mail.receive(raw_mail("Older boys are dealing drugs from a flat in Penge.",
                                         attachments=(("a.pdf", "application/pdf", b"%PDF"),)))
    reference = outcome.reference or ""
    spoc = core.staff.add("spoc@bromley.example.gov.uk", [referral(core, reference).inbox_id], name="Brom Spoc")
    core.workflow.acknowledge(spoc, reference)
    core.workflow.close(spoc, reference, "no_further_action")
    clock.advance(days=core.settings.retention_days + 400)
    counts = core.retention.purge()
    assert (counts["mail_messages"], counts["mail_attachments"]) == (1, 1)
    with core.db.session() as session:
        assert session.scalars(select(MailMessage)).all() == [] and session.scalars(select(MailAttachment)).all() == []


def test_a_message_is_read_by_one_worker_and_again_only_when_that_one_stalled(
        core: Core, sender: FakeSender, clock: FakeClock) -> None:
    mail_id = core.mail.store(raw_mail())
    assert mail_id is not None
    with core.db.session() as session:
        row = session.get(MailMessage, mail_id)
        assert row is not None
        row.status, row.processed_at = "reading", clock.now  # another worker began reading it
    assert core.mail.handle_pending() == 0 and core.mail.handle(mail_id).status == "duplicate"
    clock.advance(minutes=11)  # ... and stopped
    assert core.mail.handle_pending() == 1
    with core.db.session() as session:
        assert session.scalars(select(MailMessage.status)).one() == "referral"
