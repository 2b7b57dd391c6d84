"""The Twilio adapter of the core's SMS port (:class:`frontdoor.ports.SmsSender`).

Reads ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM_NUMBER``;
sends with ``twilio.rest.Client(...).messages.create``. UK numbers written the
national way (``020 7946 0100``) are turned into E.164 (``+442079460100``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from frontdoor.errors import ConfigurationError, InvalidInput, Unavailable
from frontdoor.fields import parse_phone


def e164(number: str) -> str:
    """Return ``number`` in E.164 form (``+`` and digits); a number without a country code is a UK one.

    Raises:
        InvalidInput: it is not a phone number.
    """
    return parse_phone(number or "").e164


class TwilioSms:
    """Send text messages from the Front Door number through Twilio."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str, *,
                 client: Client | None = None) -> None:
        self.from_number = e164(from_number)
        self.client = client or Client(account_sid, auth_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TwilioSms | None:
        """Return the adapter for the account in ``env``, or None when Twilio is not configured.

        Raises:
            ConfigurationError: only some of the three variables are set, or the
                from-number is not a phone number.
        """
        names = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
        values = [env.get(name) or "" for name in names]
        if not values[0] and not values[2]:  # the auth token alone only checks webhooks (make run writes one)
            return None
        if not all(values):
            missing = ", ".join(n for n, v in zip(names, values) if not v)
            raise ConfigurationError(f"SMS alerts need all of {', '.join(names)}; missing {missing}")
        try:
            return cls(*values)
        except InvalidInput as exc:
            raise ConfigurationError("TWILIO_FROM_NUMBER is not a phone number") from exc

    def send_sms(self, to: str, body: str) -> str | None:
        """Send ``body`` to ``to``; return Twilio's message SID.

        Raises:
            Unavailable: the number is not valid, or Twilio refused the message
                or could not be reached.
        """
        try:
            message: Any = self.client.messages.create(to=e164(to), from_=self.from_number, body=body)
        except InvalidInput as exc:
            raise Unavailable(f"SMS not sent: {to!r} is not a phone number") from exc
        except (TwilioException, OSError) as exc:
            raise Unavailable(f"SMS not sent: {type(exc).__name__}: {exc}") from exc
        except Exception as exc:
            raise Unavailable(f"SMS not sent: {type(exc).__name__}: {exc}") from exc
        return getattr(message, "sid", None)
