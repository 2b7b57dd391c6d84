"""A local stand-in for Twilio, for trying the SMS and WhatsApp channel without an account.

:class:`Simulator` posts what Twilio would post for one inbound message (form
fields, ``X-Twilio-Signature`` computed by the twilio library with the local
``TWILIO_AUTH_TOKEN``) to Front Door's own webhook, and returns the replies
from the TwiML answer. Every reply Front Door makes to a resident is in that
answer: the sender's number is never stored, so nothing is sent to it later.

Used by ``frontdoor sms simulate`` and the ``/dev/sms`` page; both are refused
unless ``FRONTDOOR_ENV=development``. The made-up senders are in Ofcom's range
for drama (``+447700900000``-``+447700900999``), which no real phone has.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

import httpx
from twilio.request_validator import RequestValidator

from frontdoor.errors import ConfigurationError, Unavailable

#: The Front Door number the made-up messages are addressed to (also a drama number).
SERVICE_NUMBER = "+447700900999"
WHATSAPP = "whatsapp:"  # how Twilio writes a WhatsApp address
#: Where the local configuration comes from, for the refusals below.
LOCAL = "make sms runs it with the local configuration make run writes"
DEVELOPMENT_ONLY = f"the SMS simulator works only with FRONTDOOR_ENV=development ({LOCAL})"


def made_up_number() -> str:
    """Return a random UK mobile number from Ofcom's drama range (never a real phone)."""
    return f"+447700900{secrets.randbelow(999):03d}"


def webhook_url(env: Mapping[str, str]) -> str:
    """Return the webhook's address: ``PUBLIC_BASE_URL`` + ``/sms/twilio``, else the local web port's."""
    base = (env.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if not base:
        base = f"http://127.0.0.1:{env.get('WEB_PORT') or 8000}"
    return base + "/sms/twilio"


@dataclass(frozen=True)
class Simulator:
    """One made-up phone texting the webhook at ``url``, signing with ``token``.

    ``whatsapp`` sends as Twilio's WhatsApp channel does (``From`` and ``To``
    prefixed ``whatsapp:``).
    """

    url: str
    token: str
    sender: str
    whatsapp: bool = False
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, url: str | None = None, sender: str | None = None,
                 whatsapp: bool = False) -> Simulator:
        """Return the simulator for the local configuration in ``env``.

        Raises:
            ConfigurationError: ``FRONTDOOR_ENV`` is not ``development``, or no
                ``TWILIO_AUTH_TOKEN`` is set (``make run`` writes one).
        """
        if (env.get("FRONTDOOR_ENV") or "").strip().lower() != "development":
            raise ConfigurationError(DEVELOPMENT_ONLY)
        token = env.get("TWILIO_AUTH_TOKEN") or ""
        if not token:
            raise ConfigurationError(f"TWILIO_AUTH_TOKEN is not set ({LOCAL})")
        return cls(url or webhook_url(env), token, sender or made_up_number(), whatsapp)

    def fields(self, body: str) -> dict[str, str]:
        """Return Twilio's form fields for one inbound message with a fresh MessageSid."""
        prefix = WHATSAPP if self.whatsapp else ""
        return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32,
                "From": prefix + self.sender, "To": prefix + SERVICE_NUMBER, "Body": body,
                "NumMedia": "0", "ApiVersion": "2010-04-01"}

    def send(self, body: str) -> list[str]:
        """Post ``body`` as a signed inbound message; return the reply messages (none is possible).

        Raises:
            Unavailable: the webhook could not be reached, refused the
                signature (its token or public address differs) or failed.
        """
        fields = self.fields(body)
        signature = RequestValidator(self.token).compute_signature(self.url, fields)
        try:
            response = httpx.post(self.url, data=fields, headers={"X-Twilio-Signature": signature},
                                  timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise Unavailable(f"the webhook at {self.url} could not be reached ({type(exc).__name__}); "
                              "is the web app running (make run)?") from exc
        if response.status_code == 403:
            raise Unavailable(f"the webhook at {self.url} refused the signature: the web app's "
                              "TWILIO_AUTH_TOKEN or PUBLIC_BASE_URL differs from this one")
        if response.status_code != 200:
            raise Unavailable(f"the webhook at {self.url} answered HTTP {response.status_code}")
        try:
            root = ElementTree.fromstring(response.content)
        except ElementTree.ParseError as exc:
            raise Unavailable(f"the webhook at {self.url} did not answer with TwiML") from exc
        return [message.text or "" for message in root.iter("Message")]
