"""Reading one e-mail (pure): who sent it, its text, its attachments, its thread, and whether a person wrote it.

:func:`parse` turns a raw RFC 5322 message into a :class:`ParsedMail` with the
standard library's :mod:`email` package. :func:`automatic` says why a message
is an automatic reply, a bounce or bulk mail (None when a person wrote it);
the rules are a table (:data:`AUTOMATIC_RULES`), tested as one.
:func:`check_attachment` keeps a file within the size and type limits.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

#: The attachments kept: PDF, images and Word documents.
ALLOWED_TYPES = frozenset({
    "application/pdf", "image/jpeg", "image/png", "image/gif", "image/heic", "image/webp",
    "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
})
MAX_ATTACHMENT = 10 * 1024 * 1024
#: The longest description a referral takes (its validation's limit).
MAX_TEXT = 10_000
REFERENCE = re.compile(r"\bFD-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
_QUOTE_START = re.compile(r"^(On .{0,300} wrote:|-{2,} ?Original Message ?-{2,}|From: .+)$", re.M | re.I)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_BULK = frozenset({"bulk", "junk", "list"})


@dataclass(frozen=True)
class Attachment:
    """One attached file: its name, declared type and bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    """What Front Door reads from one message."""

    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    #: The Message-IDs this one answers (In-Reply-To and References).
    thread: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    headers: Message

    @property
    def domain(self) -> str:
        """The sender's domain, lower case ("" when there is no sender)."""
        return self.sender.rpartition("@")[2].lower()

    @property
    def reference(self) -> str | None:
        """The Front Door reference the subject names, if any."""
        found = REFERENCE.search(self.subject.upper())
        return found.group(0) if found else None


def message_key(raw: bytes, message_id: str | None) -> str:
    """Return the key a message is stored under: its Message-ID, or a digest of it when it has none."""
    cleaned = (message_id or "").strip()
    if cleaned:
        return cleaned[:255]
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id>"


def parse(raw: bytes) -> ParsedMail:
    """Return the parts of ``raw`` Front Door uses (never raises on malformed mail: what cannot be read is empty)."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    name, address = parseaddr(str(message.get("From", "")))
    thread = tuple(dict.fromkeys(
        f"<{ident}>" for header in ("In-Reply-To", "References")
        for ident in re.findall(r"<([^<>\s]+)>", str(message.get(header, "")))))
    return ParsedMail(
        message_id=message_key(raw, str(message.get("Message-ID", "") or "")),
        sender=address.strip().lower() if "@" in address else "",
        sender_name=name.strip(),
        subject=" ".join(str(message.get("Subject", "")).split())[:500],
        text=_text(message),
        thread=thread,
        attachments=tuple(_attachments(message)),
        headers=message,
    )


def _text(message: EmailMessage) -> str:
    """Return the message's own words: the plain part (else the HTML one without tags), quoted replies cut."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError, AssertionError):
        return ""
    text = str(content)
    if body.get_content_subtype() == "html":
        text = html.unescape(_TAGS.sub(" ", text))
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    text = "\n".join(lines)
    cut = _QUOTE_START.search(text)
    if cut and cut.start() > 0:
        text = text[:cut.start()]
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:MAX_TEXT]


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage) or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        found.append(Attachment(str(part.get_filename() or "attachment")[:200], part.get_content_type(), data))
    return found


def check_attachment(attachment: Attachment) -> str | None:
    """Return why ``attachment`` is refused (its type or size), or None when it is kept."""
    if attachment.content_type not in ALLOWED_TYPES:
        return f"type {attachment.content_type} is not accepted (PDF, images and Word documents are)"
    if len(attachment.data) > MAX_ATTACHMENT:
        return f"larger than {MAX_ATTACHMENT // (1024 * 1024)} MB"
    return None


# --- automatic mail ---------------------------------------------------------------------------------
def _header(mail: ParsedMail, name: str) -> str:
    return str(mail.headers.get(name, "") or "").strip()


def _auto_submitted(mail: ParsedMail) -> str | None:
    value = _header(mail, "Auto-Submitted").lower()
    return f"automatic reply (Auto-Submitted: {value})" if value and value != "no" else None


def _autoreply_header(mail: ParsedMail) -> str | None:
    # Not X-Auto-Response-Suppress: people's own messages carry it too, and a report must never be lost.
    for name in ("X-Autoreply", "X-Autorespond"):
        if name in mail.headers:
            return f"automatic reply ({name})"
    return None


def _precedence(mail: ParsedMail) -> str | None:
    value = _header(mail, "Precedence").lower()
    return f"bulk mail (Precedence: {value})" if value in _BULK else None


def _report(mail: ParsedMail) -> str | None:
    return "bounce (a delivery report)" if mail.headers.get_content_type() == "multipart/report" else None


def _daemon(mail: ParsedMail) -> str | None:
    local = mail.sender.partition("@")[0]
    return f"bounce (from {local.upper()})" if local in {"mailer-daemon", "postmaster"} else None


def _empty_return_path(mail: ParsedMail) -> str | None:
    if "Return-Path" in mail.headers and _header(mail, "Return-Path") in {"", "<>"}:
        return "bounce (empty Return-Path)"
    return None


def _no_sender(mail: ParsedMail) -> str | None:
    return None if mail.sender else "no sender address"


#: Each rule returns why a message is not a person writing to us, or None. First match wins.
AUTOMATIC_RULES: tuple[Callable[[ParsedMail], str | None], ...] = (
    _auto_submitted, _autoreply_header, _precedence, _report, _daemon, _empty_return_path, _no_sender,
)


def automatic(mail: ParsedMail, own_addresses: frozenset[str]) -> str | None:
    """Return why ``mail`` must not become a referral (automatic, a bounce, bulk, our own), or None."""
    for rule in AUTOMATIC_RULES:
        reason = rule(mail)
        if reason:
            return reason
    recipients = {a.lower() for _n, a in getaddresses([str(mail.headers.get("From", ""))])}
    if recipients & own_addresses:
        return "loop (sent from our own address)"
    return None
