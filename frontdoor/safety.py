"""The one home of the safety wording: the 999 advice, the safety lines and every emergency number.

Everything is read from ``data/safety.yaml`` on first use. Channels take their
words from here: the web chat renders them into its page, the SMS service and
the handover PDF call :func:`line`, the action server fills its prompts with
:func:`fill`, and the bot's responses name the numbers as slots
(:func:`slots`) set at the start of each session.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from frontdoor.errors import ConfigurationError

#: The channels a line has a text for.
CHANNELS = ("web", "sms")


@dataclass(frozen=True)
class Number:
    """An emergency or helpline number: its key (``childline``), who answers and the number as written."""

    key: str
    name: str
    number: str

    @property
    def digits(self) -> str:
        """The number's digits only (``08001111``), for a ``tel:`` link."""
        return re.sub(r"\D", "", self.number)


@dataclass(frozen=True)
class Wording:
    """The parsed ``safety.yaml``: the numbers by key, and each line's text by channel."""

    numbers: Mapping[str, Number]
    lines: Mapping[str, Mapping[str, str]]


def _parse(data: Any) -> Wording:
    """Return the wording in ``data``; raise ConfigurationError when its shape is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("numbers"), dict) \
            or not isinstance(data.get("lines"), dict):
        raise ConfigurationError("safety.yaml needs 'numbers' and 'lines'")
    numbers: dict[str, Number] = {}
    for key, entry in data["numbers"].items():
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("number"):
            raise ConfigurationError(f"safety.yaml: number {key!r} needs a name and a number")
        numbers[str(key)] = Number(str(key), str(entry["name"]), str(entry["number"]))
    values = {key: n.number for key, n in numbers.items()}
    lines: dict[str, dict[str, str]] = {}
    for key, entry in data["lines"].items():
        if not isinstance(entry, dict) or not entry.get("text"):
            raise ConfigurationError(f"safety.yaml: line {key!r} needs a text")
        texts = {channel: str(entry.get(channel) or entry["text"]) for channel in CHANNELS}
        try:
            lines[str(key)] = {channel: " ".join(text.format(**values).split()) for channel, text in texts.items()}
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigurationError(f"safety.yaml: line {key!r} names an unknown number: {exc}") from exc
    return Wording(numbers, lines)


@lru_cache(maxsize=1)
def wording() -> Wording:
    """Return the safety wording from ``data/safety.yaml`` (read once).

    Raises:
        ConfigurationError: the file is missing or malformed, or a line names an unknown number.
    """
    try:
        text = resources.files("frontdoor.data").joinpath("safety.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read safety.yaml: {exc}") from exc
    return _parse(data)


def numbers() -> dict[str, str]:
    """Return each number as written, by key: ``{"emergency": "999", "childline": ..., ...}``."""
    return {key: n.number for key, n in wording().numbers.items()}


def number(key: str) -> Number:
    """Return the number ``key`` (``emergency``, ``police``, ``crimestoppers``, ``childline``, ``gangline``).

    Raises:
        KeyError: no such number.
    """
    return wording().numbers[key]


def line(key: str, channel: str = "web") -> str:
    """Return the line ``key`` (``danger_advice``, ``safety_line``, ``safety_numbers``) for ``channel``.

    Raises:
        KeyError: no such line.
    """
    texts = wording().lines[key]
    return texts["sms"] if channel == "sms" else texts["web"]


def slots() -> dict[str, str]:
    """Return the numbers and the safety lines by name, as the bot's slots and prompt fields.

    A line's web text is under its key (``safety_line``), its SMS text under the key and ``_sms``.
    """
    values = numbers()
    for key, texts in wording().lines.items():
        values[key] = texts["web"]
        values[f"{key}_sms"] = texts["sms"]
    return values


class _Keep(dict[str, str]):
    """Format values that leave a field they do not know as it was (``{reference}`` stays)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, channel: str = "web") -> str:
    """Return ``text`` with its number and safety-line fields filled for ``channel``; other fields stay.

    Raises:
        ValueError: ``text`` has a malformed field.
    """
    names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    if not names & (set(numbers()) | set(wording().lines)):
        return text
    values = _Keep(numbers())
    values.update({key: line(key, channel) for key in wording().lines})
    return text.format_map(values)
