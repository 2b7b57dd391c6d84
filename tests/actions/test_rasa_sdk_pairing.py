"""The action server's rasa-sdk against the Rasa 3.6 server it serves.

rasa-sdk is pinned in pyproject.toml; Rasa documents matching minor versions, but rasa-sdk 3.6 cannot
run on Python 3.11, so the pairing is checked here instead: Rasa 3.6's own code (in the bot environment)
builds the requests, the action server answers them over HTTP, and Rasa 3.6's own code validates the
answers, reads their events and renders their responses, as its RemoteAction does in a conversation.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pytest

from frontdoor.store.crypto import generate_key
from frontdoor.store.migrate import upgrade
from tests.actions.conftest import Conversation
from tests.support.stack import BOT_BIN, ROOT, Stack, free_port

RASA36 = Path(__file__).with_name("rasa36.py")
QUESTION = "does writing here count as telling the police?"


def pinned_rasa_sdk() -> str:
    """Return the rasa-sdk version pyproject.toml pins (``rasa-sdk==X``)."""
    found = re.search(r'"rasa-sdk==([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
    assert found, "pyproject.toml must pin rasa-sdk with =="
    return found.group(1)


def test_the_installed_rasa_sdk_is_the_pinned_one() -> None:
    assert version("rasa-sdk") == pinned_rasa_sdk()


@pytest.mark.parametrize("lock", ["app.lock", "app-test.lock", "app-dev.lock"])
def test_every_app_lock_holds_the_pinned_rasa_sdk(lock: str) -> None:
    assert f"\nrasa-sdk=={pinned_rasa_sdk()} " in (ROOT / "constraints" / lock).read_text("utf-8")


def rasa36(command: str, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run tests/actions/rasa36.py ``command`` on ``calls`` with the bot environment's Rasa."""
    python = BOT_BIN / "python"
    if not python.exists():
        pytest.skip("no bot environment (make bot)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([str(python), str(RASA36), command], input=json.dumps(calls), capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, f"Rasa 3.6 rejected it:\n{done.stderr[-3000:]}"
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The action server alone, started as the Procfile starts it, on a fresh database."""
    home = tmp_path_factory.mktemp("pairing")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "RASA_", "FRONTDOOR_"))},
           "FRONTDOOR_ENV": "test", "FRONTDOOR_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'fd.db'}",
           "FRONTDOOR_PSEUDONYM_KEY": secrets.token_hex(32), "FRONTDOOR_DATA_KEYS": generate_key(),
           "RASA_TOKEN": secrets.token_hex(16), "PYTHONUNBUFFERED": "1"}
    server = Stack(home=home, env=env, ports={name: free_port() for name in ("web", "rasa", "actions")})
    upgrade(server.core().db)
    server.start("actions")
    try:
        server.wait_ready("actions")
        yield server
    finally:
        server.stop("actions")


def calls() -> list[dict[str, Any]]:
    """Three turns: a session starting, a question answered from the domain, a message not understood."""
    question = Conversation().user(QUESTION, "report_tip", 0.9,
                                   ranking=[("ask_what_happens_next", 0.3), ("ask_privacy", 0.1)])
    return [
        {"action": "action_session_start", "sender_id": "pairing-1", "events": Conversation().events},
        {"action": "action_choose_journey", "sender_id": "pairing-2", "events": question.events},
        {"action": "action_not_understood", "sender_id": "pairing-3",
         "events": Conversation().user("lkjhsdflkjhsdfkljh", "nlu_fallback", 0.3).events},
    ]


@pytest.mark.rasa
def test_the_action_server_answers_rasa_3_6_as_rasa_3_6_expects(action_server: Stack) -> None:
    turns = calls()
    requests = rasa36("request", turns)
    for turn, made in zip(turns, requests):
        assert made["rasa"].startswith("3.6."), made["rasa"]
        body = made["request"]
        assert body["next_action"] == turn["action"] and body["version"] == made["rasa"]
        # rasa-sdk >= 3.11 answers 449 to a request without the domain; Rasa 3.6 sends it unless
        # selective domain is on in bot/endpoints.yml, and cannot handle a 449.
        assert "domain" in body and body["tracker"]["sender_id"] == turn["sender_id"]
        answer = httpx.post(f"{action_server.action_url}/webhook", json=body, timeout=60)
        assert answer.status_code == 200, answer.text
        turn["response"] = answer.json()
        assert set(turn["response"]) == {"events", "responses"}

    checked = rasa36("check", turns)
    session, journey, not_understood = checked
    # the session starts, the safety wording's slots are filled from the core, then Rasa listens
    assert session["events"][0] == "SessionStarted" and session["events"][-1] == "ActionExecuted"
    assert set(session["events"][1:-1]) == {"SlotSet"} and len(session["events"]) >= 4
    assert journey["events"] == ["SlotSet"]
    # the action names a domain response; Rasa renders it with its own generator
    assert [message["metadata"].get("utter_action") for message in journey["messages"]] == ["utter_what_happens_next"]
    assert not_understood["events"] == ["UserUtteranceReverted"] and not_understood["messages"]
    for result in checked:
        assert all(message["event"] == "bot" and message["text"] for message in result["messages"])
