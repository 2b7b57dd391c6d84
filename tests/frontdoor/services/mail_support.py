"""Building raw e-mails for the intake tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

SCHOOL = "head@staff.bromley-schools.example.sch.uk"
RESIDENT = "resident@mail.example.com"
OUR_ADDRESS = "frontdoor@alerts.example"
CONCERN = "Older boys are making a 14-year-old sell drugs for them; he keeps going missing."
DANGER = "A boy of 14 is being made to sell drugs by older men. He carries a blade and they threatened him."


def raw_mail(body: str = CONCERN, *, sender: str = RESIDENT, subject: str = "Worried about a boy",
             headers: dict[str, str] | None = None, message_id: str | None = None,
             attachments: tuple[tuple[str, str, bytes], ...] = ()) -> bytes:
    """Return an RFC 5322 message from ``sender`` with ``body``, extra ``headers`` and ``attachments``."""
    message = EmailMessage()
    message["From"] = f"A Sender <{sender}>" if sender else "Nobody"
    message["To"] = "referrals@frontdoor.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.com")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content_type, data in attachments:
        maintype, _slash, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)
