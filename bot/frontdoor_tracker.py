"""Rasa's SQL tracker store with every event's data encrypted at rest.

Rasa keeps each conversation event as a row whose ``data`` column is the
event as JSON: every message a person typed, every slot value. This store
seals that column with Fernet (AES-128-CBC with HMAC-SHA256), using the same
keys as Front Door's own encrypted columns (``FRONTDOOR_DATA_KEYS``: newest
first; older keys still open what they sealed). The other columns — sender
id, event type, timestamp, intent and action names — hold no content and
stay readable so Rasa can query by them, and Front Door's retention can
purge by time. Rows written before encryption was turned on are still read.

Configured in ``bot/endpoints.yml`` as ``type: frontdoor_tracker.EncryptedSQLTrackerStore``
(Rasa's documented way to plug in a custom tracker store); ``bot/`` must be on
``PYTHONPATH`` (the Procfile and the tests set it). Without a key it refuses
to start, rather than store conversations readable. ``cryptography`` comes
with Rasa (pinned in ``constraints/bot.txt``).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import OrderedDict
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

#: Marks a sealed ``data`` value (anything else is a row from before encryption).
SEALED = "fd1:"
#: How many events' opened data to keep in memory (the environment's ``FRONTDOOR_TRACKER_CACHE_EVENTS``).
CACHE_EVENTS = 10_000
#: Set (to anything) by the chat-turn benchmark: log how long each read and write took (never what).
TIMING = "FRONTDOOR_TRACKER_TIMING"


def keyring(text: str | None) -> MultiFernet:
    """Return the Fernet keyring of a comma-separated key list (newest first).

    Raises:
        ValueError: no key, or a malformed one.
    """
    keys = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not keys:
        raise ValueError("the encrypted tracker store needs FRONTDOOR_DATA_KEYS (see the README)")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ValueError(f"FRONTDOOR_DATA_KEYS holds a malformed key: {exc}") from None


class EncryptedSQLTrackerStore(SQLTrackerStore):
    """An :class:`SQLTrackerStore` whose events' ``data`` is sealed with ``FRONTDOOR_DATA_KEYS``."""

    def __init__(self, *args: Any, data_keys: str | None = None, **kwargs: Any) -> None:
        self._keys = keyring(data_keys if data_keys is not None else os.environ.get("FRONTDOOR_DATA_KEYS"))
        db = kwargs.get("db")
        if kwargs.get("dialect", "sqlite") == "sqlite" and db and db != ":memory:" and not os.path.exists(db):
            # Owner-only from the start: SQLite gives its journal and WAL files the same permissions.
            os.makedirs(os.path.dirname(os.path.abspath(db)), mode=0o700, exist_ok=True)
            os.close(os.open(db, os.O_CREAT | os.O_WRONLY, 0o600))
        super().__init__(*args, **kwargs)
        self._timing = bool(os.environ.get(TIMING))
        self._opened: OrderedDict[str, str] = OrderedDict()
        self._cache_size = int(os.environ.get("FRONTDOOR_TRACKER_CACHE_EVENTS") or CACHE_EVENTS)

    def _remember(self, stored: str, text: str) -> None:
        """Keep ``text``, the opened ``stored`` value, among the most recently used (memory only)."""
        self._opened[stored] = text
        self._opened.move_to_end(stored)
        while len(self._opened) > self._cache_size:
            self._opened.popitem(last=False)

    def seal(self, text: str) -> str:
        """Return ``text`` encrypted, as stored (and remember it opened, for the next read)."""
        stored = SEALED + self._keys.encrypt(text.encode("utf-8")).decode("ascii")
        self._remember(stored, text)
        return stored

    def open(self, stored: str | None) -> str:
        """Return the JSON text of a stored ``data`` value (sealed or, from before, plain).

        Rasa reads a conversation's every event on every turn: the events
        opened lately are kept in memory (at most ``FRONTDOOR_TRACKER_CACHE_EVENTS``,
        least recently used dropped first), so each is decrypted about once.
        What is stored stays sealed.

        Raises:
            ValueError: sealed with a key no longer in ``FRONTDOOR_DATA_KEYS``.
        """
        if stored is None:
            return "{}"
        if not stored.startswith(SEALED):
            return stored
        known = self._opened.get(stored)
        if known is not None:
            self._opened.move_to_end(stored)
            return known
        try:
            text = self._keys.decrypt(stored[len(SEALED):].encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise ValueError("a tracker event was sealed with a key that is not in FRONTDOOR_DATA_KEYS") from None
        self._remember(stored, text)
        return text

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events with their data sealed (as :meth:`SQLTrackerStore.save` does)."""
        started = time.perf_counter()
        await self.stream_events(tracker)
        written = 0
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                written += 1
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=self.seal(json.dumps(data)),
                ))
            session.commit()
        logger.debug("Tracker with sender_id '%s' stored (sealed)", tracker.sender_id)
        self._took("save", started, written)

    async def _retrieve(self, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        started = time.perf_counter()
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id,
                                     fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            events = [json.loads(self.open(row.data)) for row in rows]
        self._took("retrieve", started, len(events))
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _took(self, operation: str, started: float, events: int) -> None:
        """Log how long ``operation`` took and on how many events, when the benchmark asks (:data:`TIMING`)."""
        if self._timing:
            logger.info("tracker-timing %s %.3f ms %d events", operation, (time.perf_counter() - started) * 1000,
                        events)
