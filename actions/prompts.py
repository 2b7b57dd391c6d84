"""The action server's words: form questions and messages, from each journey's domain file.

A journey's words have one home, its file in ``bot/domain/``: what Rasa says
by rule under ``responses``, what the action server says under ``prompts``
(by group: a form, ``messages`` or ``journey``, then key). Shared prompts are in
``bot/domain/core.yml``. Kept as data so they can be reviewed and changed
without code, and rendered here rather than by Rasa so each channel gets a
suitable form (buttons in the web chat; the SMS shell turns buttons into
short numbered replies). The safety wording and the numbers they name come
from :mod:`frontdoor.safety`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from frontdoor import safety

#: The bot's domain files, each journey's home.
DOMAIN = Path(__file__).resolve().parents[1] / "bot" / "domain"


def load(domain: Path = DOMAIN) -> dict[str, dict[str, Any]]:
    """Return the ``prompts`` of every domain file in ``domain``, merged: group → key → prompt.

    Raises:
        ValueError: two files give the same prompt.
    """
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(domain.glob("*.yml")):
        for group, entries in (yaml.safe_load(path.read_text("utf-8")) or {}).get("prompts", {}).items():
            known = merged.setdefault(group, {})
            for key, entry in entries.items():
                if key in known:
                    raise ValueError(f"prompt {group}/{key} is given twice (again in {path.name})")
                known[key] = entry
    return merged


@lru_cache(maxsize=1)
def _prompts() -> dict[str, dict[str, Any]]:
    return load()


def _buttons(raw: list[Any] | None) -> list[dict[str, str]]:
    buttons = []
    for button in raw or []:
        if isinstance(button, str):
            buttons.append({"title": button, "payload": button})
        else:
            buttons.append({"title": str(button["title"]), "payload": str(button["payload"])})
    return buttons


def text(group: str, key: str, channel: str = "web") -> str:
    """Return the text of prompt ``group``/``key`` for ``channel`` ("web" or "sms").

    The numbers and safety lines it names (``{emergency}``, ``{safety_line}``,
    ``{danger_advice}``...) are filled from :mod:`frontdoor.safety`: the SMS
    wording when the prompt has an SMS text and the channel is SMS; other
    fields stay for :func:`say`.
    """
    entry = _prompts()[group][key]
    sms = channel == "sms" and bool(entry.get("sms"))
    return safety.fill(str(entry["sms"] if sms else entry["text"]), "sms" if sms else "web")


def say(dispatcher: CollectingDispatcher, group: str, key: str, channel: str = "web", **values: str) -> None:
    """Send the prompt ``group``/``key`` (e.g. ``concern_form``/``subject_age``).

    On SMS the short ``sms`` text is used when there is one. ``values`` fill
    ``{name}`` fields in the text. A prompt with a ``kind`` (the 999 advice is
    ``safety``) is sent as a custom payload ``{"kind", "text"}``, so the
    channels can tell it apart.

    Raises:
        KeyError: no such prompt or field (a bug, caught by the tests).
    """
    entry = _prompts()[group][key]
    message = text(group, key, channel)
    if values:
        message = message.format(**values)
    # An SMS version says its options in words ("Reply YES, NO or NOT SURE").
    buttons = [] if channel == "sms" and entry.get("sms") else _buttons(entry.get("buttons"))
    if entry.get("kind"):
        # A marked message (the 999 advice) goes as a custom payload: {"kind", "text"}.
        dispatcher.utter_message(json_message={"kind": str(entry["kind"]), "text": message})
        return
    dispatcher.utter_message(text=message, buttons=buttons)


def is_kind(message: dict[str, Any], kind: str) -> bool:
    """Return True when a dispatched message (or a tracker's bot event data) is marked ``kind``."""
    custom = message.get("custom") or message.get("json_message") or {}
    return isinstance(custom, dict) and custom.get("kind") == kind


def keys(group: str) -> list[str]:
    """Return the prompt keys of ``group`` in file order (files in name order)."""
    return list(_prompts()[group])
