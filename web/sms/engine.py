"""Adapter: the web shell's Rasa client as the core's ConversationEngine port."""

from __future__ import annotations

from frontdoor.errors import Unavailable
from frontdoor.ports import BotReply
from web.rasa_client import RasaClient


class RasaEngine:
    """Rasa over its REST channel, as :class:`frontdoor.ports.ConversationEngine`."""

    def __init__(self, client: RasaClient) -> None:
        self._client = client

    def converse(self, conversation_id: str, text: str, *, channel: str, timeout: float,
                 medium: str | None = None) -> list[BotReply]:
        """Send one message; return the replies with their button titles as options.

        The action server of the conversation's Rasa instance is checked first:
        without it Rasa still answers, but with a form that cannot run, so the
        message is better captured directly.

        Raises:
            Unavailable: Rasa or the action server is down, too slow or
                answered nonsense.
        """
        if not self._client.actions_ready(timeout=min(0.5, timeout), session_id=conversation_id):
            raise Unavailable("the action server is not answering")
        messages = self._client.send(conversation_id, text, channel=channel, timeout=timeout, medium=medium)
        return [BotReply(m.text, tuple(b.title for b in m.buttons)) for m in messages]
