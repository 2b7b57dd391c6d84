"""The e-mail adapter: :class:`frontdoor.ports.EmailSender` over SMTP (standard library only)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from frontdoor.errors import ConfigurationError, Unavailable


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send e-mail: from ``SMTP_*`` environment variables."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    from_address: str = "frontdoor@localhost"
    timeout_s: float = 15.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings | None:
        """Return the SMTP settings in ``env``, or None when ``SMTP_HOST`` is not set.

        Raises:
            ConfigurationError: ``SMTP_PORT`` is not a port number or
                ``SMTP_STARTTLS`` is not a yes/no value.
        """
        host = (env.get("SMTP_HOST") or "").strip()
        if not host:
            return None
        try:
            port = int(env.get("SMTP_PORT") or "587")
        except ValueError as exc:
            raise ConfigurationError("SMTP_PORT must be a port number") from exc
        if not 0 < port < 65536:
            raise ConfigurationError("SMTP_PORT must be a port number")
        flag = (env.get("SMTP_STARTTLS") or "true").strip().lower()
        if flag not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise ConfigurationError("SMTP_STARTTLS must be true or false")
        return cls(
            host=host,
            port=port,
            user=env.get("SMTP_USER") or None,
            password=env.get("SMTP_PASSWORD") or None,
            starttls=flag in {"1", "true", "yes", "on"},
            from_address=env.get("SMTP_FROM") or "frontdoor@localhost",
        )


class SmtpEmail:
    """:class:`EmailSender` over SMTP (STARTTLS and login when configured)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send_email(self, to: str, subject: str, body: str) -> str | None:
        """Send one plain-text message; return its Message-ID.

        Raises:
            Unavailable: the server could not be reached, refused the login or the message.
        """
        s = self.settings
        message = EmailMessage()
        message["From"] = s.from_address
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=s.from_address.rpartition("@")[2] or "localhost")
        message.set_content(body)
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout_s) as smtp:
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.user:
                    smtp.login(s.user, s.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(f"e-mail not sent: {type(exc).__name__}: {exc}") from exc
        return str(message["Message-ID"])
