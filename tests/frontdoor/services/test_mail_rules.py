"""Reading one e-mail: automatic replies, bounces and loops (a rule table), text, thread and attachments."""

from __future__ import annotations

import pytest

from frontdoor.services.mail_rules import MAX_ATTACHMENT, Attachment, automatic, check_attachment, parse
from tests.frontdoor.services.mail_support import OUR_ADDRESS, RESIDENT, raw_mail

OWN = frozenset({OUR_ADDRESS})


@pytest.mark.parametrize(("headers", "sender", "why"), [
    ({}, RESIDENT, None),
    ({"Auto-Submitted": "no"}, RESIDENT, None),
    ({"Auto-Submitted": "auto-replied"}, RESIDENT, "automatic reply (Auto-Submitted: auto-replied)"),
    ({"Auto-Submitted": "auto-generated"}, RESIDENT, "automatic reply (Auto-Submitted: auto-generated)"),
    ({"X-Autoreply": "yes"}, RESIDENT, "automatic reply (X-Autoreply)"),
    ({"X-Autorespond": "1"}, RESIDENT, "automatic reply (X-Autorespond)"),
    ({"X-Auto-Response-Suppress": "All"}, RESIDENT, None),  # people's own mail carries it too
    ({"Precedence": "bulk"}, RESIDENT, "bulk mail (Precedence: bulk)"),
    ({"Precedence": "junk"}, RESIDENT, "bulk mail (Precedence: junk)"),
    ({"Precedence": "list"}, RESIDENT, "bulk mail (Precedence: list)"),
    ({"Precedence": "first-class"}, RESIDENT, None),
    ({}, "MAILER-DAEMON@mx.example.com", "bounce (from MAILER-DAEMON)"),
    ({}, "postmaster@mx.example.com", "bounce (from POSTMASTER)"),
    ({"Return-Path": "<>"}, RESIDENT, "bounce (empty Return-Path)"),
    ({"Return-Path": f"<{RESIDENT}>"}, RESIDENT, None),
    ({}, OUR_ADDRESS, "loop (sent from our own address)"),
    ({}, "", "no sender address"),
])
def test_automatic_mail_bounces_and_our_own_are_recognised(headers: dict[str, str], sender: str,
                                                            why: str | None) -> None:
    assert automatic(parse(raw_mail(sender=sender, headers=headers)), OWN) == why


def test_a_delivery_report_is_a_bounce() -> None:
    raw = (b"From: Mail Delivery System <bounces@mx.example.com>\r\nTo: frontdoor@alerts.example\r\n"
           b"Subject: Undelivered\r\nMessage-ID: <b1@mx.example.com>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
           b"--XX\r\nContent-Type: text/plain\r\n\r\nIt failed.\r\n--XX--\r\n")
    assert automatic(parse(raw), OWN) == "bounce (a delivery report)"


def test_the_text_thread_and_reference_are_read() -> None:
    body = "More news: he came home hurt.\n\nOn Tue, 10 Mar 2026, Front Door wrote:\n> Thank you for writing"
    mail = parse(raw_mail(body, subject="Re: Front Door referral FD-ABCD-EFGH: received",
                          headers={"In-Reply-To": "<r1@alerts.example>",
                                   "References": "<m0@mail.example.com> <r1@alerts.example>"}))
    assert mail.text == "More news: he came home hurt."
    assert mail.thread == ("<r1@alerts.example>", "<m0@mail.example.com>")
    assert mail.reference == "FD-ABCD-EFGH"
    assert (mail.sender, mail.sender_name, mail.domain) == (RESIDENT, "A Sender", "mail.example.com")


def test_a_message_without_a_message_id_is_keyed_by_its_content() -> None:
    raw = b"From: someone@mail.example.com\r\nSubject: hi\r\n\r\nhello\r\n"
    assert parse(raw).message_id == parse(raw).message_id
    assert parse(raw).message_id.startswith("<sha256-")
    assert parse(raw + b"more").message_id != parse(raw).message_id


def test_html_only_mail_is_read_without_its_tags() -> None:
    raw = (b"From: someone@mail.example.com\r\nSubject: hi\r\nContent-Type: text/html\r\n\r\n"
           b"<html><style>p{}</style><p>Boys <b>dealing</b> in Penge &amp; Anerley</p></html>\r\n")
    assert " ".join(parse(raw).text.split()) == "Boys dealing in Penge & Anerley"


@pytest.mark.parametrize(("content_type", "size", "refused"), [
    ("application/pdf", 100, None),
    ("image/jpeg", MAX_ATTACHMENT, None),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10, None),
    ("image/png", MAX_ATTACHMENT + 1, "larger than 10 MB"),
    ("application/x-msdownload", 10, "type application/x-msdownload is not accepted"),
    ("application/zip", 10, "type application/zip is not accepted"),
])
def test_attachments_are_kept_within_type_and_size(content_type: str, size: int, refused: str | None) -> None:
    why = check_attachment(Attachment("f", content_type, b"x" * size))
    assert (why or "").startswith(refused or "") and (why is None) == (refused is None)


def test_attachments_are_found() -> None:
    mail = parse(raw_mail(attachments=(("note.pdf", "application/pdf", b"%PDF-1"),
                                       ("run.exe", "application/x-msdownload", b"MZ"))))
    assert [(a.filename, a.content_type, a.data) for a in mail.attachments] == [
        ("note.pdf", "application/pdf", b"%PDF-1"), ("run.exe", "application/x-msdownload", b"MZ")]
