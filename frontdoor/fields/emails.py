"""E-mail addresses: the one pattern the whole tree checks them with."""

from __future__ import annotations

import re

#: An e-mail address: a local part, "@", a domain with at least one dot and a top-level domain of letters.
EMAIL_PATTERN = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
EMAIL_PROBLEM = "That e-mail address does not look right."
_EMAIL = re.compile(EMAIL_PATTERN)


def is_email(text: str) -> bool:
    """Return True when ``text`` (trimmed) is an e-mail address and nothing else."""
    return bool(_EMAIL.fullmatch(text.strip()))


def find_email(text: str) -> str | None:
    """Return the first e-mail address in ``text``, lower-cased, or None when there is none."""
    match = _EMAIL.search(text)
    return match.group(0).lower() if match else None


def remove_emails(text: str) -> str:
    """Return ``text`` with every e-mail address replaced by a space."""
    return _EMAIL.sub(" ", text)
