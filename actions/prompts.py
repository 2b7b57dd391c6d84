"""The action server's words: form questions and messages from ``prompts.yml``.

Kept as data so they can be reviewed and changed without code, and rendered
here rather than by Rasa so each channel gets a suitable form (buttons in the
web chat; the SMS shell turns buttons into short numbered replies).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from frontdoor import safety


@lru_cache(maxsize=1)
def _prompts() -> dict[str, Any]:
    text = resources.files("actions").joinpath("prompts.yml").read_text("utf-8")
    return yaml.safe_load(text)


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
    """Return the prompt keys of ``group`` in file order."""
    return list(_prompts()[group])
