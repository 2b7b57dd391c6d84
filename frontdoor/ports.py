"""Ports: what the core needs from the outside world, as protocols.

Shells provide the adapters (the web shell's Rasa client is a
:class:`ConversationEngine`); tests provide fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class BotReply:
    """One message of the conversation engine's answer: text and reply options."""

    text: str
    options: tuple[str, ...] = ()


class ConversationEngine(Protocol):
    """A conversation engine (Rasa) reached over the network."""

    def converse(self, conversation_id: str, text: str, *, channel: str, timeout: float) -> list[BotReply]:
        """Send one user message and return the engine's answer.

        Raises:
            Unavailable: the engine is down, too slow or answered nonsense.
        """
        ...
