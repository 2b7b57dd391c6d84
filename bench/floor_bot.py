"""The floor for a chat turn: a bare ``rasa init`` bot with one trivial custom action.

Made once with ``rasa init --no-prompt`` (Rasa's own starter bot: default
pipeline and policies, in-memory tracker store), its greeting then answered by
a custom action (``action_hello_world``) instead of a response, and retrained.
The result is cached in ``var/floor-bot`` and reused until that folder is
removed. :class:`FloorBot` starts it (Rasa and its own action server) on free
ports for the benchmark, which plays :data:`CONVERSATION` to it alternately
with Front Door's conversations, so both see the same machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.support.stack import APP_BIN, BOT_BIN, ROOT, free_port

HOME = ROOT / "var" / "floor-bot"

#: The starter bot's own intents, the greeting (the custom action) every other turn; as long as the teacher's.
CONVERSATION = [
    "hello", "I am feeling great", "hi there", "I am sad", "yes", "good morning", "perfect",
    "hey", "I am very unhappy", "no", "hello", "are you a bot?", "hi", "wonderful", "bye",
]

ACTION = '''"""The floor bot's one custom action: a greeting from the action server."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionHelloWorld(Action):
    def name(self) -> Text:
        return "action_hello_world"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="Hey! How are you?")
        return []
'''


def model(home: Path = HOME) -> Path | None:
    """Return the floor bot's trained model (None: not made yet)."""
    models = sorted((home / "models").glob("*.tar.gz"))
    return models[-1] if models and (home / ".made").exists() else None


def make(home: Path = HOME) -> Path:
    """Return the floor bot's model, making and training the bot first if it is not cached.

    Raises:
        subprocess.CalledProcessError: ``rasa init`` or ``rasa train`` failed.
    """
    made = model(home)
    if made is not None:
        return made
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    rasa = str(BOT_BIN / "rasa")
    subprocess.run([rasa, "init", "--no-prompt", "--init-dir", str(home)], cwd=home, check=True,
                   capture_output=True)
    (home / "actions" / "actions.py").write_text(ACTION)
    stories = home / "data" / "stories.yml"
    stories.write_text(stories.read_text().replace("action: utter_greet", "action: action_hello_world"))
    domain = home / "domain.yml"
    domain.write_text(domain.read_text() + "\nactions:\n  - action_hello_world\n")
    shutil.rmtree(home / "models", ignore_errors=True)
    subprocess.run([rasa, "train", "--quiet"], cwd=home, check=True, capture_output=True)
    (home / ".made").touch()
    made = model(home)
    assert made is not None
    return made


class FloorBot:
    """The floor bot running: Rasa (REST channel and HTTP API) and its action server, on free ports."""

    def __init__(self, home: Path = HOME) -> None:
        self.home = home
        self.ports = {"rasa": free_port(), "actions": free_port()}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    def start(self) -> None:
        """Start both servers and wait until they answer.

        Raises:
            RuntimeError: one did not start within three minutes.
        """
        trained = make(self.home)
        (self.home / "bench-endpoints.yml").write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.ports['actions']}/webhook\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTION_SERVER"))}
        logs = self.home / "logs"
        logs.mkdir(exist_ok=True)
        commands = {
            "actions": [str(APP_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                        "--port", str(self.ports["actions"])],
            "rasa": [str(BOT_BIN / "rasa"), "run", "--model", str(trained), "--endpoints", "bench-endpoints.yml",
                     "--interface", "127.0.0.1", "--port", str(self.ports["rasa"]), "--enable-api"],
        }
        for name, command in commands.items():
            self.processes[name] = subprocess.Popen(command, cwd=self.home, env={**env, "SANIC_HOST": "127.0.0.1"},
                                                    stdout=(logs / f"{name}.log").open("ab"),
                                                    stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.rasa_url}/status", timeout=2).json().get("model_file"):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the floor bot did not start; see {logs}")

    def stop(self) -> None:
        """Stop both servers."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
        self.processes.clear()

