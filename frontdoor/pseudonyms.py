"""Keyed pseudonyms for anonymous senders, and follow-up codes.

A sender's phone number is turned into ``HMAC-SHA256(server key, number)``
the moment it arrives; only that pseudonym is ever stored, logged or sent to
Rasa. Without the key the pseudonym cannot be reversed, even by trying every
UK mobile number. Follow-up codes given to anonymous reporters are stored the
same way, keyed, never in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from frontdoor.errors import ConfigurationError

_DIGITS = re.compile(r"\d+")


def normalise_number(raw: str) -> str:
    """Return a phone number in one canonical form (E.164 where it can tell).

    ``07700 900123``, ``+44 7700 900123`` and ``0044 7700 900123`` all become
    ``+447700900123``; anything else keeps its digits with a leading ``+`` if it
    had one, so two spellings of the same number get the same pseudonym.
    """
    text = (raw or "").strip()
    plus = text.startswith("+")
    digits = "".join(_DIGITS.findall(text))
    if digits.startswith("00"):
        return "+" + digits[2:]
    if not plus and digits.startswith("0") and len(digits) == 11:
        return "+44" + digits[1:]
    return ("+" if plus else "") + digits


class Pseudonymiser:
    """Keyed hashing of identifiers with the server's pseudonym key.

    Raises:
        ConfigurationError: the key is missing or shorter than 16 bytes.
    """

    def __init__(self, key: bytes) -> None:
        if not key or len(key) < 16:
            raise ConfigurationError("FRONTDOOR_PSEUDONYM_KEY must be set (at least 32 hex characters)")
        self._key = key

    def tag(self, purpose: str, value: str) -> str:
        """Return the keyed tag of ``value`` for ``purpose`` (64 hex characters)."""
        return hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()

    _mac = tag

    def sender(self, number: str, channel: str = "sms") -> str:
        """Return the pseudonym of a sender's phone number on ``channel`` (64 hex characters).

        The same phone gets a different pseudonym on WhatsApp than by SMS: each
        channel is its own conversation (its own opt-out and reply window), and
        nothing stored links a person's WhatsApp messages to their texts.
        """
        normal = normalise_number(number)
        return self._mac("sender", normal if channel == "sms" else f"{channel}:{normal}")

    def code_digest(self, reference: str, code: str) -> str:
        """Return the stored form of a follow-up ``code`` for ``reference``."""
        return self._mac("follow-up", f"{reference}:{code.strip()}")

    def code_matches(self, reference: str, code: str, digest: str | None) -> bool:
        """Return True when ``code`` is the follow-up code stored as ``digest``."""
        if not digest:
            return False
        return hmac.compare_digest(self.code_digest(reference, code), digest)


def new_followup_code() -> str:
    """Return a fresh six-digit follow-up code (easy to type on any phone)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def key_from_text(text: str | None) -> bytes:
    """Return the key bytes of a configured key (hex, or any text of 32+ characters).

    Raises:
        ConfigurationError: missing or too short.
    """
    value = (text or "").strip()
    if not value:
        raise ConfigurationError("FRONTDOOR_PSEUDONYM_KEY must be set (at least 32 hex characters)")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = value.encode("utf-8")
    if len(key) < 16:
        raise ConfigurationError("FRONTDOOR_PSEUDONYM_KEY is too short (at least 32 hex characters)")
    return key
