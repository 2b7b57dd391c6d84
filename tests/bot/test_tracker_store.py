"""The encrypted tracker store (bot/frontdoor_tracker.py), run in the bot environment with Rasa's own classes.

A tracker with a canary sentence and slot is saved to a real SQLite file; the
file must not contain the canary, the store must read it back whole, rows from
before encryption must still be read, and a store without keys must refuse to start.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bot" / "bin" / "python"
CANARY = "canary-7f3a: the blue door on Harrow Road"

SCRIPT = r'''
import asyncio, json, sqlite3, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from frontdoor_tracker import EncryptedSQLTrackerStore

path, canary = sys.argv[1], sys.argv[2]
domain = Domain.from_dict({"slots": {"tip_place": {"type": "text", "mappings": [{"type": "custom"}]}}})
store = EncryptedSQLTrackerStore(domain=domain, dialect="sqlite", db=path)
tracker = DialogueStateTracker.from_events("conv-1", [
    ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
    UserUttered(canary, {"name": "report_tip", "confidence": 1.0}), SlotSet("tip_place", canary)],
    domain.slots)
asyncio.run(store.save(tracker))
# A row written by plain Rasa before encryption was turned on.
with sqlite3.connect(path) as db:
    db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
               ("conv-1", "bot", 9e9, json.dumps({"event": "bot", "text": "an old reply", "timestamp": 9e9})))
back = asyncio.run(store.retrieve("conv-1"))
# A store that has opened nothing yet (another Rasa process) decrypts what this one remembers.
fresh = asyncio.run(EncryptedSQLTrackerStore(domain=domain, dialect="sqlite", db=path).retrieve("conv-1"))
texts = [e.text for e in back.events if getattr(e, "text", None)]
assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in back.events]
print(json.dumps({"texts": texts, "slot": back.get_slot("tip_place")}))
'''


def bot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if not PYTHON.exists():
        pytest.fail(f"the bot environment is missing ({PYTHON}); run `make bot`")
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_events_are_sealed_at_rest_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    env = {**os.environ, "PYTHONPATH": "bot", "FRONTDOOR_DATA_KEYS": Fernet.generate_key().decode()}
    done = bot("-c", SCRIPT, str(path), CANARY, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = done.stdout.strip().splitlines()[-1]
    assert CANARY in result and "an old reply" in result
    for file in tmp_path.iterdir():  # the database and any journal beside it
        raw = file.read_bytes()
        assert CANARY.encode() not in raw and b"Harrow Road" not in raw, file.name


def test_without_a_key_the_store_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FRONTDOOR_DATA_KEYS"}
    env["PYTHONPATH"] = "bot"
    done = bot("-c", SCRIPT, str(tmp_path / "tracker.db"), CANARY, env=env)
    assert done.returncode != 0
    assert "needs FRONTDOOR_DATA_KEYS" in done.stderr
    assert not (tmp_path / "tracker.db").exists() or CANARY.encode() not in (tmp_path / "tracker.db").read_bytes()


def test_a_new_tracker_database_is_private(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": "bot", "FRONTDOOR_DATA_KEYS": Fernet.generate_key().decode()}
    done = bot("-c", SCRIPT, str(tmp_path / "tracker.db"), CANARY, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    for file in tmp_path.iterdir():
        assert file.stat().st_mode & 0o077 == 0, file.name
