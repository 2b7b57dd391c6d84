"""Pure helpers of the web chat: checking input, safety wording, shaping transcripts.

Nothing here talks to Rasa or Flask, so every rule can be tested directly.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from frontdoor import safety
from frontdoor.errors import InvalidInput
from frontdoor.services.followup import PLACEHOLDER, defang
from web.rasa_client import BotMessage, Button, Turn

MAX_MESSAGE = 2000
GREETING = "/greet"
SESSION_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

#: What the chat says round the safety wording (the wording itself is frontdoor/safety.py's).
UNAVAILABLE = "Sorry, the chat is unavailable right now. Please try again in a few minutes."
EMPTY_REPLY = "Sorry, something went wrong on our side — please try again."
PRIVACY = "We don't store your IP address. Council and police safeguarding teams see what you tell us. {safety_line}"
TOO_LONG = "That message is too long — please keep messages under 2,000 characters."
EMPTY = "Please type a message before pressing Send."


def safety_line() -> str:
    """Return every emergency number in one line: the chat's answer whenever the bot cannot give one."""
    return safety.line("safety_numbers")


def unavailable_text() -> str:
    """Return what the chat says when Rasa cannot be reached (with every emergency number)."""
    return f"{UNAVAILABLE}\n\n{safety_line()}"


def empty_reply_text() -> str:
    """Return what the chat says when Rasa answered nothing (with every emergency number)."""
    return f"{EMPTY_REPLY}\n\n{safety_line()}"


def privacy_note() -> str:
    """Return the privacy statement shown at the top of every public page (it ends with the safety line)."""
    return safety.fill(PRIVACY)


#: The wording constants other modules import, computed from frontdoor/safety.py when first asked for.
_LAZY = {"SAFETY_LINE": safety_line, "UNAVAILABLE_TEXT": unavailable_text,
         "EMPTY_REPLY_TEXT": empty_reply_text, "PRIVACY_NOTE": privacy_note}


def __getattr__(name: str) -> str:
    """Return ``SAFETY_LINE``, ``UNAVAILABLE_TEXT``, ``EMPTY_REPLY_TEXT`` or ``PRIVACY_NOTE``.

    Raises:
        AttributeError: any other name.
    """
    if name in _LAZY:
        return _LAZY[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def page_wording() -> dict[str, Any]:
    """Return what chat.js says itself, for the page to carry as JSON (chat.js holds no copy).

    ``offline`` is :func:`unavailable_text`; ``short_numbers`` are the numbers
    without a leading 0 (999, 101) that become tap-to-call links.
    """
    return {"offline": unavailable_text(), "empty": EMPTY, "too_long": TOO_LONG,
            "short_numbers": short_numbers()}


def new_session_id() -> str:
    """Return a fresh, unguessable conversation id (24 URL-safe characters)."""
    return secrets.token_urlsafe(18)


def check_session(value: Any) -> str | None:
    """Return a client-supplied session id, or None when there is none yet.

    Raises:
        InvalidInput: not text, or not 16–64 letters, digits, ``-`` or ``_``.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not SESSION_PATTERN.match(value):
        raise InvalidInput("That chat session is not valid; please start a new chat.", "session")
    return value


def _keep(ch: str) -> bool:
    if ch in "\n\t":
        return True
    # Cc: C0/C1 control characters; Cs: lone surrogates (not encodable).
    return unicodedata.category(ch) not in ("Cc", "Cs")


def clean_message(value: Any) -> str:
    """Return the message a person typed, ready to send to Rasa.

    Line endings become ``\\n``, control characters are removed and the ends
    trimmed; emoji, markup and every script pass through unchanged (they are
    text, and are only ever shown as text).

    Raises:
        InvalidInput: not text, empty after cleaning, or over 2,000 characters.
    """
    if not isinstance(value, str):
        raise InvalidInput("The message must be text.", "message")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = defang("".join(ch for ch in text if _keep(ch)).strip())
    if not text:
        raise InvalidInput(EMPTY, "message")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(TOO_LONG, "message")
    return text


@dataclass(frozen=True)
class Shown:
    """One message as the page shows it (``kind`` ``safety`` is the 999 advice, shown apart)."""

    speaker: str  # "user" or "bot"
    text: str
    buttons: tuple[Button, ...] = field(default=())
    kind: str = "text"

    @property
    def segments(self) -> list[tuple[str, str | None]]:
        """The text in pieces, phone numbers with their ``tel:`` link (bot messages only)."""
        return phone_segments(self.text) if self.speaker == "bot" else [(self.text, None)]


def short_numbers() -> list[str]:
    """Return the emergency numbers that do not start with 0 (``["999", "101"]``), longest first."""
    return sorted((n for n in safety.numbers().values() if not n.startswith("0")), key=len, reverse=True)


def phone_pattern() -> re.Pattern[str]:
    """Return the pattern of UK phone numbers as the bot writes them: the short emergency numbers,
    or 0 followed by groups of digits ("0800 555 111", "020 7946 0123").

    chat.js builds the same pattern from the page's ``short_numbers``.
    """
    shorts = "|".join(re.escape(n) for n in short_numbers())
    return re.compile(rf"(?<![\w/-])(?:{shorts}|0\d{{2,4}}(?: ?\d{{2,4}}){{1,3}})(?![\w/-])")


def phone_segments(text: str) -> list[tuple[str, str | None]]:
    """Return ``text`` split into ``(piece, tel)`` pairs: ``tel`` is a ``tel:`` URL for a phone number, else None.

    A number counts when it is a short emergency number (:func:`short_numbers`),
    or 8 to 11 digits starting with 0.
    """
    pieces: list[tuple[str, str | None]] = []
    last = 0
    shorts = short_numbers()
    for match in phone_pattern().finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if digits not in shorts and not 8 <= len(digits) <= 11:
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], None))
        pieces.append((match.group(0), f"tel:{digits}"))
        last = match.end()
    if last < len(text) or not pieces:
        pieces.append((text[last:], None))
    return pieces


def replies(messages: Iterable[BotMessage]) -> list[Shown]:
    """Return the bot's reply messages as shown messages."""
    return [Shown("bot", m.text, m.buttons, m.kind) for m in messages]


def shown_transcript(turns: Iterable[Turn]) -> list[Shown]:
    """Return a tracker's turns as the page shows them.

    A user turn that is a button payload ("/affirm") shows the button's title
    ("Yes"); other intent triggers such as the opening ``/greet`` are hidden.
    Only the bot messages after the last user turn keep their buttons: older
    choices are history, not questions.
    """
    shown: list[Shown] = []
    offered: dict[str, str] = {}
    for turn in turns:
        if turn.speaker == "bot":
            shown.append(Shown("bot", mask_codes(turn.text), turn.buttons, turn.kind))  # never a raw placeholder
            offered.update({b.payload: b.title for b in turn.buttons})
            continue
        text = turn.text.strip()
        if text.startswith("/"):
            if text not in offered:
                continue
            text = offered[text]
        if text:
            shown.append(Shown("user", text))
        offered = {}
    last_user = max((i for i, s in enumerate(shown) if s.speaker == "user"), default=-1)
    return [s if i > last_user else Shown(s.speaker, s.text, (), s.kind) for i, s in enumerate(shown)]


CODE_SHOWN_ONCE = "(shown once, when the report was sent)"


def mask_codes(text: str) -> str:
    """Return ``text`` with follow-up code placeholders replaced by a note.

    Codes are shown once, in the reply that carried them; a transcript read
    back later never contains them.
    """
    return PLACEHOLDER.sub(CODE_SHOWN_ONCE, text)


def with_latest_replies(shown: list[Shown], latest: list[BotMessage]) -> list[Shown]:
    """Return the transcript ``shown`` with its last bot messages taken from ``latest``.

    ``latest`` is this turn's reply as sent to the person (codes revealed);
    every other bot message has its code placeholders masked.
    """
    result = [Shown(s.speaker, mask_codes(s.text), s.buttons, s.kind) if s.speaker == "bot" else s for s in shown]
    bot_positions = [i for i, s in enumerate(result) if s.speaker == "bot"][-len(latest):] if latest else []
    if len(bot_positions) == len(latest):
        for position, message in zip(bot_positions, latest):
            result[position] = Shown("bot", message.text, result[position].buttons, message.kind)
    return result
