"""Text answers: trimmed, free of NUL characters and no longer than a limit."""

from __future__ import annotations

import re
from collections.abc import Mapping

from frontdoor.extraction import normalise
from frontdoor.fields.problems import Problems

#: Longest answer to a free-text question, and to a short one (names, places, phones).
MAX_TEXT = 4_000
MAX_SHORT = 200


def clean_text(value: str, *, collapse: bool = False) -> str:
    """Return ``value`` trimmed and without NUL characters.

    With ``collapse`` it is also normalised (see :func:`frontdoor.extraction.normalise`)
    and each run of white space becomes one space.
    """
    if collapse:
        return re.sub(r"\s+", " ", normalise(value)).strip()
    return value.replace("\x00", "").strip()


def text_answer(data: Mapping[str, object], key: str, problems: Problems, label: str,
                limit: int = MAX_SHORT, *, collapse: bool = False) -> str | None:
    """Return the text answer ``data[key]`` cleaned (see :func:`clean_text`), or None when blank.

    A value that is not text, or is longer than ``limit`` characters, is
    recorded in ``problems`` (the message starts with ``label``) and None returned.
    """
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add(key, f"{label} must be text.")
        return None
    cleaned = clean_text(value, collapse=collapse)
    if len(cleaned) > limit:
        problems.add(key, f"{label} is too long (at most {limit} characters).")
        return None
    return cleaned or None


def required_text(data: Mapping[str, object], key: str, problems: Problems, label: str, missing: str,
                  limit: int = MAX_SHORT, *, collapse: bool = False) -> str | None:
    """Return the text answer ``data[key]`` as :func:`text_answer` does; a blank one records ``missing``."""
    value = text_answer(data, key, problems, label, limit, collapse=collapse)
    if not value:
        problems.add(key, missing)
    return value
