"""deploy/: the Compose file, the images, the systemd units and the multi-instance endpoints.

None of it is started here (no container runtime in the test environment); these tests check what
can be checked without one: the files parse, every long-running service has a health check and
a restart policy, every setting the processes read is in deploy/env.example, the images install
only from the hashed locks, and the units name commands that exist (``systemd-analyze verify``).
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
COMMON = UNITS / "frontdoor-.service.d" / "10-common.conf"

#: Files whose environment reads must all be covered by env.example.
READERS = [ROOT / "frontdoor" / "config.py", ROOT / "frontdoor" / "controller.py", ROOT / "web" / "settings.py",
           *sorted((ROOT / "frontdoor" / "adapters").glob("*.py")), *sorted((ROOT / "outbound").glob("*.py")),
           ROOT / "actions" / "serve.py", ROOT / "bot" / "frontdoor_tracker.py"]
#: Settings a live multi-machine service must set although the code has a fallback for one machine.
MUST_SET = {"SECRET_KEY", "FRONTDOOR_DATA_KEYS", "FRONTDOOR_PSEUDONYM_KEY", "DATABASE_URL", "FRONTDOOR_HOME",
            "PUBLIC_BASE_URL", "RASA_URL", "RASA_TOKEN", "ACTION_SERVER_URL", "REDIS_URL", "TWILIO_AUTH_TOKEN",
            "RASA_TRACKER_HOST", "RASA_TRACKER_DB", "RASA_TRACKER_USER", "RASA_TRACKER_PASSWORD", "SANIC_HOST"}
#: Read without a default, yet rightly left unset: another setting gives the same thing.
MAY_STAY_UNSET = {"RASA_TRACKER_URL": "the RASA_TRACKER_* settings give the tracker store's URL",
                  "FRONTDOOR_CLOCK_START": "refused in production",
                  "FRONTDOOR_IMAP_HOST": "e-mail intake is optional",
                  "FRONTDOOR_IMAP_USER": "e-mail intake is optional",
                  "FRONTDOOR_IMAP_PASSWORD": "e-mail intake is optional",
                  "ROUTING_TABLE": "the packaged table until the partnership has its own",
                  "FRONTDOOR_WORKFLOW": "the packaged workflow until the partnership has its own",
                  "FRONTDOOR_LEXICON": "the packaged lexicon until the partnership extends it"}
ONE_SHOT = {"migrate"}
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)(?::?[-?][^}]*)?\}")


def env_example() -> tuple[dict[str, str], set[str]]:
    """Return the settings env.example sets (name to value) and the names it shows commented out."""
    values: dict[str, str] = {}
    mentioned: set[str] = set()
    for line in (DEPLOY / "env.example").read_text().splitlines():
        match = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if match:
            mentioned.add(match.group(2))
            if not match.group(1):
                values[match.group(2)] = match.group(3)
    return values, mentioned | set(values)


def environment_reads() -> dict[str, bool]:
    """Return every environment variable the processes read, mapped to whether some read has no default."""
    from frontdoor.controller import CONTROLLER_ENV
    from web.settings import KEYS

    reads: dict[str, bool] = {name: False for name, _ in CONTROLLER_ENV.values()}
    reads.update(dict.fromkeys(KEYS, False))  # web.settings reads them into `values`
    for path in READERS:
        tree = ast.parse(path.read_text(), str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            name, bare = _read(node)
            if name is None:
                continue
            parent = parents.get(node)
            # `X or default` gives a default; `X or None` does not.
            defaulted = not bare or (isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or)
                                     and not (isinstance(parent.values[-1], ast.Constant)
                                              and parent.values[-1].value is None))
            reads[name] = reads.get(name, False) or not defaulted
    return reads


def _is_environment(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id in ("env", "environ", "values")) or (
        isinstance(node, ast.Attribute) and node.attr == "environ")


def _read(node: ast.AST) -> tuple[str | None, bool]:
    """Return the variable an AST node reads from the environment (None if none) and whether it has no default."""
    def constant(arg: ast.expr) -> str | None:
        return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.isupper() else None

    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and _is_environment(node.func.value) and node.args:
        return constant(node.args[0]), len(node.args) == 1
    if isinstance(node, ast.Subscript) and _is_environment(node.value) and isinstance(node.ctx, ast.Load):
        return constant(node.slice), True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_number" \
            and len(node.args) >= 3:
        return constant(node.args[1]), False
    return None, False


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_compose_service_has_a_health_check_and_a_restart_policy() -> None:
    services = compose()["services"]
    assert {"postgres", "redis", "actions", "web", "worker"} <= set(services)
    assert len([name for name in services if name.startswith("rasa-")]) >= 2
    for name, service in services.items():
        assert service.get("restart") in ("always", "unless-stopped", "on-failure"), name
        if name in ONE_SHOT:
            assert service["restart"] == "on-failure" and "healthcheck" not in service, name
            continue
        check = service.get("healthcheck") or {}
        assert check.get("test") and check.get("interval"), f"{name} has no health check"


def test_the_health_checks_ask_what_each_server_offers() -> None:
    services = compose()["services"]
    checks = {name: " ".join(service["healthcheck"]["test"]) for name, service in services.items()
              if name not in ONE_SHOT}
    assert "pg_isready" in checks["postgres"]
    assert "redis-cli ping" in checks["redis"]
    assert "/healthz" in checks["web"]
    assert "127.0.0.1:5055/health" in checks["actions"]
    for name in (n for n in services if n.startswith("rasa-")):
        assert "/status?token=" in checks[name] and "RASA_TOKEN" in checks[name]


def test_compose_starts_the_procfile_commands_with_volumes_and_the_migration_first() -> None:
    document = compose()
    services = document["services"]
    procfile = (ROOT / "Procfile").read_text()
    assert "python -m outbound.worker" in procfile and services["worker"]["command"][-2:] == ["-m", "outbound.worker"]
    assert "web:create_app()" in procfile and services["web"]["command"][-1] == "web:create_app()"
    assert "-m actions.serve --actions actions" in procfile and services["actions"]["command"][1:4] == [
        "-m", "actions.serve", "--actions"]
    for name in (n for n in services if n.startswith("rasa-")):
        command = " ".join(services[name]["command"])
        assert "--endpoints \"$$RASA_ENDPOINTS\"" in command and "--enable-api --auth-token" in command
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("web", "worker", "actions"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "postgres-data" in document["volumes"] and "redis-data" in document["volumes"]
    assert any(str(v).endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])
    assert document["networks"]["backend"].get("internal") is True
    assert [port.split(":")[0] for port in services["web"]["ports"]] == ["127.0.0.1"]


def test_every_variable_compose_and_the_units_use_is_in_env_example() -> None:
    values, _ = env_example()
    texts = [(DEPLOY / "compose.yaml").read_text(), COMMON.read_text(),
             *(path.read_text() for path in UNITS.glob("*.service"))]
    used = {name for text in texts for name in VARIABLE.findall(text)}
    assert used, "no ${VAR} found: the pattern is wrong"
    assert used - set(values) == set()
    for name in compose()["services"]["postgres"]["environment"]:
        assert name in values


def test_every_setting_the_processes_read_is_in_env_example() -> None:
    values, mentioned = env_example()
    reads = environment_reads()
    assert {"SECRET_KEY", "DATABASE_URL", "FRONTDOOR_IMAP_HOST", "SMTP_HOST", "FRONTDOOR_RETENTION_DAYS"} <= set(reads)
    assert sorted(set(reads) - mentioned) == []
    without_default = {name for name, bare in reads.items() if bare}
    unset = sorted((without_default | MUST_SET) - set(values) - set(MAY_STAY_UNSET))
    assert unset == [], "read without a default but not set in env.example"


def test_env_example_holds_no_secret_only_how_to_make_one() -> None:
    values, _ = env_example()
    for name in ("SECRET_KEY", "FRONTDOOR_DATA_KEYS", "FRONTDOOR_PSEUDONYM_KEY", "RASA_TOKEN", "POSTGRES_PASSWORD",
                 "REDIS_PASSWORD", "RASA_TRACKER_PASSWORD", "RASA_REDIS_PASSWORD", "TWILIO_AUTH_TOKEN", "SMTP_PASSWORD"):
        assert values[name] == "CHANGE-ME", name
    for url in ("DATABASE_URL", "REDIS_URL"):
        assert ":CHANGE-ME@" in values[url]
    text = (DEPLOY / "env.example").read_text()
    assert text.count("Make one with:") >= 5
    assert values["FRONTDOOR_ENV"] == "production" and values["RASA_ENDPOINTS"] == "deploy/endpoints.multi.yml"
    assert "frontdoor.env" in (DEPLOY / ".gitignore").read_text().split()


@pytest.mark.parametrize(("dockerfile", "python", "lock"), [("Dockerfile", "3.11", "app.lock"),
                                                            ("Dockerfile.bot", "3.10", "bot.lock")])
def test_the_images_install_only_from_the_hashed_locks(dockerfile: str, python: str, lock: str) -> None:
    text = (DEPLOY / dockerfile).read_text()
    logical = re.sub(r"\\\n", " ", text)
    assert re.search(rf"^FROM python:{re.escape(python)}-", text, re.M)
    installs = re.findall(r"pip install ([^&\n]*)", logical)
    assert installs
    for install in installs:
        assert "--require-hashes" in install or "--no-deps --no-build-isolation -e ." in install, install
    assert any(f"-r constraints/{lock}" in line for line in installs)
    assert any("-r constraints/pip.lock" in line for line in installs)
    assert re.search(r"^USER frontdoor$", text, re.M), "the image runs as root"
    for source in re.findall(r"^COPY (\S+)", text, re.M):
        assert (ROOT / source).exists(), source
    assert (DEPLOY / f"{dockerfile}.dockerignore").read_text().count(".venv") == 1


def test_the_bot_image_trains_the_model_as_make_does() -> None:
    makefile = (ROOT / "Makefile").read_text()
    text = re.sub(r"\\\n\s*", "", (DEPLOY / "Dockerfile.bot").read_text())
    train = "rasa train --config bot/config.yml --domain bot/domain --data bot/data data/nlu"
    assert train in re.sub(r"\\\n\s*", "", makefile).replace("$(BOT)/bin/", "")
    assert f".venv/bot/bin/{train}" in text and "--fixed-model-name frontdoor" in text
    assert "PYTHONPATH=/srv/frontdoor/bot" in text


def test_the_endpoints_share_an_encrypted_postgresql_tracker_store_and_a_redis_lock_store() -> None:
    endpoints = yaml.safe_load((DEPLOY / "endpoints.multi.yml").read_text())
    tracker, lock = endpoints["tracker_store"], endpoints["lock_store"]
    assert tracker["type"] == yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text())["tracker_store"]["type"]
    assert tracker["dialect"] == "postgresql"
    assert lock["type"] == "redis" and str(lock["key_prefix"]).isalnum()
    values, _ = env_example()
    used = set(VARIABLE.findall((DEPLOY / "endpoints.multi.yml").read_text()))
    assert used and used <= set(values), "Rasa refuses to start when a ${VAR} of its endpoints is unset"


BOT_PYTHON = ROOT / ".venv" / "bot" / "bin" / "python"
CHECK_KEYS = """
import inspect, os, sys
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.core.utils import read_endpoints_from_path
endpoints = read_endpoints_from_path(sys.argv[1])
tracker, lock = endpoints.tracker_store, endpoints.lock_store
sql = set(inspect.signature(SQLTrackerStore.__init__).parameters)
redis = set(inspect.signature(RedisLockStore.__init__).parameters)
unknown = (set(tracker.kwargs) - sql) | (set(lock.kwargs) - redis)
assert not unknown, f"keys Rasa 3.6 does not know: {unknown}"
assert tracker.url == "db.internal" and tracker.kwargs["port"] == "5432" and "host" in sql
store = LockStore.create(lock)  # Redis is reached only when a lock is taken
assert isinstance(store, RedisLockStore) and store.key_prefix == "frontdoor:lock:", store.key_prefix
print("ok")
"""


@pytest.mark.skipif(not BOT_PYTHON.exists(), reason="the bot environment is not built (make bot)")
def test_rasa_3_6_reads_the_endpoints_with_keys_it_knows() -> None:
    values, _ = env_example()
    env = {**values, "RASA_TRACKER_HOST": "db.internal", "RASA_TRACKER_PORT": "5432", "PATH": "/usr/bin:/bin",
           "RASA_TELEMETRY_ENABLED": "false", "HOME": str(ROOT / "var")}
    done = subprocess.run([str(BOT_PYTHON), "-c", CHECK_KEYS, str(DEPLOY / "endpoints.multi.yml")], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]


def unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read([COMMON, path])  # systemd reads the drop-in after the unit; what is checked here is set once
    return parser


def test_every_unit_is_hardened_restarted_and_reads_the_environment_file() -> None:
    services = sorted(UNITS.glob("*.service"))
    assert {p.name for p in services} >= {"frontdoor-web.service", "frontdoor-actions.service",
                                           "frontdoor-worker.service", "frontdoor-rasa@.service"}
    for path in services:
        settings = dict(unit(path)["Service"])
        assert settings["Restart"] == "on-failure" and settings["User"] == "frontdoor"
        assert settings["NoNewPrivileges"] == settings["PrivateTmp"] == "yes"
        assert settings["ProtectSystem"] == "strict"
        assert settings["ReadWritePaths"] == "/var/lib/frontdoor"
        assert settings["ExecStart"].startswith("/opt/frontdoor/.venv/"), path.name
        assert path.name == "frontdoor-migrate.service" or unit(path)["Install"]["WantedBy"] == "frontdoor.target"
    values, _ = env_example()
    assert values["FRONTDOOR_HOME"] == "/var/lib/frontdoor"
    files = re.findall(r"^EnvironmentFile=(.*)$", COMMON.read_text(), re.M)
    assert files == ["/etc/frontdoor/frontdoor.env", "-/etc/frontdoor/machine.env"], "the machine's own file is read last"
    assert not any("EnvironmentFile" in path.read_text() for path in services), "set once, in the drop-in"


def test_the_units_run_the_procfile_commands() -> None:
    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if ": " in line)
    def command(name: str) -> str:
        return unit(UNITS / name)["Service"]["ExecStart"].replace("/opt/frontdoor/", "")
    assert command("frontdoor-worker.service") == procfile["worker"]
    assert command("frontdoor-actions.service") == procfile["actions"].replace("$ACTION_PORT", "5055")
    web = command("frontdoor-web.service")
    assert web.startswith(".venv/app/bin/gunicorn --bind ${WEB_BIND}") and web.endswith("web:create_app()")
    assert "%%(t)s" in web, "a % in a unit must be written %%"
    rasa = command("frontdoor-rasa@.service")
    expected = procfile["rasa"].split("PYTHONPATH=bot ", 1)[1]
    for old, new in (("$RASA_ENDPOINTS", "${RASA_ENDPOINTS}"), ("127.0.0.1", "${RASA_INTERFACE}"),
                     ("$RASA_PORT", "%i"), ("$RASA_TOKEN", "${RASA_TOKEN}")):
        expected = expected.replace(old, new)
    assert rasa == expected
    assert unit(UNITS / "frontdoor-rasa@.service")["Service"]["Environment"] == "PYTHONPATH=/opt/frontdoor/bot"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_verifies_the_units_against_this_checkout(tmp_path: Path) -> None:
    """The units, moved from /opt/frontdoor to this checkout, load cleanly and name commands that exist."""
    if not (ROOT / ".venv" / "bot" / "bin" / "rasa").exists():
        pytest.skip("the bot environment is not built (make bot)")
    shutil.copytree(UNITS, tmp_path, dirs_exist_ok=True)
    for path in [*tmp_path.glob("*.service"), *tmp_path.glob("*.target"), *tmp_path.glob("*.d/*.conf")]:
        path.write_text(path.read_text().replace("/opt/frontdoor", str(ROOT)))
    names = [p.name.replace("@.", "@5005.") for p in sorted(tmp_path.iterdir()) if p.is_file()]
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), done.stderr + done.stdout
