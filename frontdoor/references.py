"""Referral references that can be read over the phone or typed from an SMS.

``FD-K7M4-Q9XC``: eight characters from an alphabet without look-alikes (no
0/O, 1/I/L, U/V) in two groups of four; the last is a check character, so one
mistyped or two swapped characters are caught before anything is looked up.
"""

from __future__ import annotations

import secrets

from frontdoor.errors import InvalidInput

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
_PREFIX = "FD"
_BODY = 7


def _check(body: str) -> str:
    total = sum((index + 2) * ALPHABET.index(ch) for index, ch in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_reference() -> str:
    """Return a fresh random reference such as ``FD-K7M4-Q9XC``."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY))
    code = body + _check(body)
    return f"{_PREFIX}-{code[:4]}-{code[4:]}"


def normalise_reference(text: str) -> str:
    """Return the canonical form of a reference typed by a person.

    Case, spaces, dashes and a missing ``FD`` prefix are forgiven.

    Raises:
        InvalidInput: not a well-formed reference (wrong length, characters
            outside the alphabet, or a failed check character).
    """
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if cleaned.startswith(_PREFIX) and len(cleaned) == len(_PREFIX) + _BODY + 1:
        cleaned = cleaned[len(_PREFIX):]
    if len(cleaned) != _BODY + 1 or any(ch not in ALPHABET for ch in cleaned):
        raise InvalidInput("That does not look like a Front Door reference (FD-XXXX-XXXX).", "reference")
    if _check(cleaned[:-1]) != cleaned[-1]:
        raise InvalidInput("That reference has a typo in it; please check it.", "reference")
    return f"{_PREFIX}-{cleaned[:4]}-{cleaned[4:]}"


def is_reference(text: str) -> bool:
    """Return True when ``text`` is a well-formed reference."""
    try:
        normalise_reference(text)
    except InvalidInput:
        return False
    return True
