"""scripts/procfile, which writes the Procfile `make run` starts for RASA_INSTANCES Rasa instances."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The name and command of a Procfile line, as honcho 2 reads it.
LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def write(tmp_path: Path, env: dict[str, str], procfile: str | None = None) -> tuple[str, dict[str, str], str]:
    source = tmp_path / "Procfile"
    source.write_text(procfile if procfile is not None else (ROOT / "Procfile").read_text())
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RASA_", "ACTION_", "WEB_", "FRONTDOOR_"))}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "procfile"), str(source), str(tmp_path / "out"),
                           str(tmp_path / "out.env")], env={**clean, **env}, capture_output=True, text=True,
                          timeout=30)
    if done.returncode != 0:
        return "", {}, done.stderr
    variables = {}
    for line in (tmp_path / "out.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            variables[name] = shlex.split(value)[0] if value else ""
    return (tmp_path / "out").read_text(), variables, ""


def processes(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            assert match.group(1) not in found, "a process name is used twice"
            found[match.group(1)] = match.group(2)
    return found


def test_one_instance_changes_nothing(tmp_path: Path) -> None:
    for env in ({}, {"RASA_INSTANCES": "1", "RASA_PORT": "6005"}):
        text, variables, _ = write(tmp_path, env)
        assert text == (tmp_path / "Procfile").read_text()
        assert variables == {}


def test_every_instance_has_its_own_ports_and_action_server(tmp_path: Path) -> None:
    text, variables, _ = write(tmp_path, {"RASA_INSTANCES": "3", "RASA_PORT": "5005", "ACTION_PORT": "5055",
                                          "FRONTDOOR_HOME": "/srv/fd/var"})
    found = processes(text)
    original = processes((tmp_path / "Procfile").read_text())
    assert set(found) == {"rasa", "rasa-2", "rasa-3", "actions", "actions-2", "actions-3", "web", "worker", "mail",
                          "postgres", "redis"}
    for name in ("web", "worker", "mail"):
        assert found[name] == original[name], f"the {name} line changed"
    for number, suffix in enumerate(("", "-2", "-3")):
        rasa, actions = found["rasa" + suffix], found["actions" + suffix]
        assert f"--port {5005 + number} " in rasa and "$RASA_PORT" not in rasa
        assert f"export ACTION_SERVER_URL=http://127.0.0.1:{5055 + number}/webhook;" in rasa
        assert actions == original["actions"].replace("$ACTION_PORT", str(5055 + number))
        # Rasa starts only once the tracker database and the lock store answer.
        before, _, after = rasa.partition(" && exec ")
        assert "devservers.postgres wait" in before and "devservers.redis wait" in before
        assert after == original["rasa"].replace("$RASA_PORT", str(5005 + number))
    assert found["postgres"].endswith("-m devservers.postgres serve --dir /srv/fd/var/postgres --port 5433 "
                                      "--database frontdoor_tracker")
    assert found["redis"].endswith("-m devservers.redis serve --dir /srv/fd/var/redis --port 6380")
    assert variables["RASA_URL"] == "http://127.0.0.1:5005,http://127.0.0.1:5006,http://127.0.0.1:5007"
    assert variables["ACTION_SERVER_URL"].split(",") == [f"http://127.0.0.1:{p}/webhook" for p in (5055, 5056, 5057)]
    assert variables["RASA_ENDPOINTS"] == "deploy/endpoints.multi.yml"
    assert (variables["RASA_TRACKER_HOST"], variables["RASA_TRACKER_PORT"], variables["RASA_TRACKER_DB"]) == (
        "127.0.0.1", "5433", "frontdoor_tracker")
    assert (variables["RASA_REDIS_HOST"], variables["RASA_REDIS_PORT"]) == ("127.0.0.1", "6380")


def test_stores_named_in_the_environment_are_used_and_not_started(tmp_path: Path) -> None:
    text, variables, _ = write(tmp_path, {"RASA_INSTANCES": "2", "RASA_TRACKER_HOST": "db.internal",
                                          "RASA_REDIS_HOST": "cache.internal"})
    assert "postgres" not in processes(text) and "redis" not in processes(text)
    assert "RASA_TRACKER_HOST" not in variables and "RASA_REDIS_HOST" not in variables
    assert "devservers.postgres wait" in processes(text)["rasa-2"]


def test_the_variables_file_is_read_by_the_shell(tmp_path: Path) -> None:
    write(tmp_path, {"RASA_INSTANCES": "2"})
    shown = subprocess.run(["sh", "-c", f'set -a; . "{tmp_path / "out.env"}"; echo "[$RASA_REDIS_PASSWORD][$RASA_URL]"'],
                           capture_output=True, text=True, timeout=30).stdout.strip()
    assert shown == "[][http://127.0.0.1:5005,http://127.0.0.1:5006]"


def test_impossible_settings_are_refused_saying_why(tmp_path: Path) -> None:
    for env, complaint in (({"RASA_INSTANCES": "two"}, "RASA_INSTANCES must be a whole number"),
                           ({"RASA_INSTANCES": "0"}, "RASA_INSTANCES must be from 1"),
                           ({"RASA_INSTANCES": "3", "RASA_PORT": "5005", "ACTION_PORT": "5006"}, "apart")):
        _, _, stderr = write(tmp_path, env)
        assert complaint in stderr


def test_the_makefile_runs_the_written_procfile_with_its_variables() -> None:
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/procfile Procfile var/Procfile var/procfile.env" in run
    assert ". ./var/procfile.env" in run and "honcho start -f var/Procfile" in run
