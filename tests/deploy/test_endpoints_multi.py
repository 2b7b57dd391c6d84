"""deploy/endpoints.multi.yml with real PostgreSQL and Redis servers, read by Rasa 3.6 itself.

Two tracker stores made from the file, as two Rasa instances would make them, share one
conversation: what the first saves under the conversation's Redis lock, the second reads back
whole, and the rows in PostgreSQL do not hold what the person wrote.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet

from tests.bot.test_tracker_store import bot

pytestmark = [pytest.mark.postgres, pytest.mark.rasa]

ENDPOINTS = Path(__file__).resolve().parents[2] / "deploy" / "endpoints.multi.yml"
CANARY = "canary-5d1e: the garages behind Mill Lane"

SCRIPT = r'''
import asyncio, json, sys
import redis
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import create_tracker_store
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

endpoints = read_endpoints_from_path(sys.argv[1])
canary = sys.argv[2]
domain = Domain.from_dict({"slots": {"tip_place": {"type": "text", "mappings": [{"type": "custom"}]}}})
first = create_tracker_store(endpoints.tracker_store, domain)   # rasa-1
second = create_tracker_store(endpoints.tracker_store, domain)  # rasa-2
locks = LockStore.create(endpoints.lock_store)
raw = redis.StrictRedis(host=endpoints.lock_store.url, port=int(endpoints.lock_store.kwargs["port"]),
                        db=int(endpoints.lock_store.kwargs["db"]))

async def turn():
    async with locks.lock("conv-multi"):
        held = raw.exists("frontdoor:lock:conv-multi")
        tracker = DialogueStateTracker.from_events("conv-multi", [
            ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            UserUttered(canary, {"name": "report_tip", "confidence": 1.0}), SlotSet("tip_place", canary)],
            domain.slots)
        await first.save(tracker)
    back = await second.retrieve("conv-multi")
    return held, back

held, back = asyncio.run(turn())
store = getattr(second, "_tracker_store", second)
with store.engine.connect() as connection:
    rows = [r[0] for r in connection.exec_driver_sql("SELECT data FROM events WHERE sender_id = 'conv-multi'")]
print(json.dumps({"class": type(store).__name__, "held": bool(held),
                  "texts": [e.text for e in back.events if getattr(e, "text", None)],
                  "slot": back.get_slot("tip_place"), "rows": rows}))
'''


def test_two_instances_share_a_conversation_through_the_stores(postgres_url: str, redis_url: str) -> None:
    database = urlsplit(postgres_url)
    query = parse_qs(database.query)
    cache = urlsplit(redis_url)
    env = {**os.environ, "PYTHONPATH": "bot", "FRONTDOOR_DATA_KEYS": Fernet.generate_key().decode(),
           "RASA_TELEMETRY_ENABLED": "false", "ACTION_SERVER_URL": "http://127.0.0.1:9/webhook",
           "RASA_TRACKER_HOST": query["host"][0], "RASA_TRACKER_PORT": query["port"][0],
           "RASA_TRACKER_DB": database.path.lstrip("/"), "RASA_TRACKER_USER": database.username or "",
           "RASA_TRACKER_PASSWORD": database.password or "",
           "RASA_REDIS_HOST": cache.hostname or "", "RASA_REDIS_PORT": str(cache.port), "RASA_REDIS_DB": "1",
           "RASA_REDIS_PASSWORD": cache.password or ""}
    done = bot("-c", SCRIPT, str(ENDPOINTS), CANARY, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["class"] == "EncryptedSQLTrackerStore"
    assert result["held"], "the conversation's lock was not in Redis under the frontdoor prefix"
    assert CANARY in result["texts"] and result["slot"] == CANARY
    assert result["rows"] and not any(CANARY in row for row in result["rows"])
