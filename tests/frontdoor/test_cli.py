"""The `frontdoor` console command: triage dry-runs, routing check, database and staff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic.script import ScriptDirectory
from argon2 import PasswordHasher
from click.testing import CliRunner, Result

from frontdoor.cli import main
from frontdoor.store.db import Database
from frontdoor.store.migrate import alembic_config

DRAFT: dict[str, Any] = {
    "kind": "concern",
    "channel": "web",
    "immediate_danger": None,
    "subject_age": 15,
    "area": "Erith",
    "reporter_role": "teacher",
    "indicators": [],
    "description": "He's been going country and carries a blade",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run every command against the packaged tables and a private database."""
    for name in ("ROUTING_TABLE", "FRONTDOOR_WORKFLOW", "FRONTDOOR_LEXICON", "DATABASE_URL", "FRONTDOOR_SLA_RED", "FRONTDOOR_SLA_AMBER",
                 "FRONTDOOR_SLA_GREEN", "FRONTDOOR_TIMEZONE", "FRONTDOOR_SQLITE_BUSY_MS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDOOR_HOME", str(tmp_path / "home"))


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def test_triage_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(DRAFT), encoding="utf-8")

    result = run("triage", str(path))

    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert set(output) == {"urgency", "reasons", "indicators", "needs_judgement", "route"}
    assert set(output["route"]) == {"inbox", "copies"}
    assert output["urgency"] == "amber"
    assert output["indicators"] == ["weapon", "county_lines"]
    assert any(r.startswith("Child criminal exploitation indicators") for r in output["reasons"])
    assert "Carrying a weapon (no immediate threat reported)" in output["reasons"]
    assert output["route"] == {"inbox": "bexley-community-safety", "copies": ["bexley-mash", "bexley-education"]}


def test_triage_stdin() -> None:
    draft = {"kind": "tip", "channel": "sms", "description": "they are outside the school with a knife right now",
             "area": "Margate"}
    result = run("triage", "-", input=json.dumps(draft))

    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["urgency"] == "red"
    assert output["route"] == {"inbox": "kent-police-gangs",
                               "copies": ["thanet-community-safety", "kent-front-door"]}
    assert isinstance(output["reasons"], list) and isinstance(output["indicators"], list)


@pytest.mark.parametrize(("at", "duty"), [
    ("2026-12-05T23:30:00+00:00", "met-se-gangs"),   # Saturday night: Bexley YOS is closed
    ("2026-12-08T14:00:00+00:00", None),             # Tuesday afternoon: open
    (None, None),                                     # no time given: hours not considered
], ids=["saturday-night", "tuesday-afternoon", "no-time"])
def test_triage_at_a_time_shows_the_out_of_hours_contact(at: str | None, duty: str | None) -> None:
    draft = {"kind": "self_referral", "channel": "web", "area": "Erith", "subject_age": 15,
             "description": "they are outside my flat with knives and said they will stab me tonight"}
    result = run("triage", "-", *(["--at", at] if at else []), input=json.dumps(draft))
    assert result.exit_code == 0, result.output
    route = json.loads(result.stdout)["route"]
    assert route["inbox"] == "bexley-yos" and route.get("out_of_hours") == duty
    assert any(r.startswith("Out of hours:") for r in route.get("reasons", [])) is (duty is not None)
    assert ("out_of_hours" in route) is (at is not None)


def test_triage_at_needs_a_zone() -> None:
    result = run("triage", "-", "--at", "2026-12-05T23:30", input=json.dumps(DRAFT))
    assert result.exit_code == 2 and "needs a zone" in result.stderr


def test_triage_unknown_area_goes_to_partnership() -> None:
    draft = {"kind": "concern", "channel": "web", "description": "worried about my nephew", "area": "Leeds"}
    output = json.loads(run("triage", "-", input=json.dumps(draft)).stdout)
    # Four words and nothing in them: too little to judge, so a person looks (never quietly green).
    assert output == {"urgency": "amber", "reasons": ["No risk indicators found: general information",
                                                      "Needs a person's judgement: too little to judge"],
                      "indicators": [], "needs_judgement": True,
                      "route": {"inbox": "partnership-triage", "copies": []}}


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "error: not valid JSON"),
    ("", "error: not valid JSON"),
    ('["a list"]', "error: A referral draft must be a JSON object"),
    ('{"kind": "concern", "channel": "web"}', "error: description is required"),
    ('{"kind": "gossip", "channel": "web", "description": "x"}', "error: kind must be one of"),
    ('{"kind": "tip", "channel": "web", "description": "x", "indicators": ["laser"]}',
     "error: Unknown indicator code 'laser'"),
], ids=["broken-json", "empty", "list", "missing-description", "bad-kind", "bad-indicator"])
def test_triage_bad_input(text: str, message: str) -> None:
    result = run("triage", "-", input=text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_triage_missing_file(tmp_path: Path) -> None:
    result = run("triage", str(tmp_path / "nope.json"))
    assert result.exit_code == 2  # click's own usage error
    assert "nope.json" in result.stderr


def test_triage_uses_the_configured_routing_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTING_TABLE", str(tmp_path / "missing.yaml"))
    result = run("triage", "-", input=json.dumps(DRAFT))
    assert result.exit_code == 2
    assert "cannot read routing table" in result.stderr


def test_routing_check() -> None:
    result = run("routing", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")
    assert "(demo routing table)" in result.stdout
    assert "out of hours: every area has a 24/7 contact" in result.stdout
    assert "Partnership out-of-hours duty team" in result.stdout


def test_routing_check_refuses_an_area_without_an_out_of_hours_contact(tmp_path: Path) -> None:
    table = yaml.safe_load(resources.files("frontdoor.data").joinpath("routing.yaml").read_text("utf-8"))
    del table["areas"]["thanet"]["out_of_hours"]
    path = tmp_path / "routing.yaml"
    path.write_text(yaml.safe_dump(table), encoding="utf-8")
    result = run("routing", "check", str(path))
    assert result.exit_code == 2
    assert "area 'thanet': needs an out_of_hours contact" in result.stderr


def test_routing_check_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text("agencies: {community_safety: CS}\ninboxes: {}\n", encoding="utf-8")
    result = run("routing", "check", str(path))
    assert result.exit_code == 2
    assert "error: partnership_inbox None is not an inbox" in result.stderr


def test_routing_check_checks_the_workflow_beside_the_table() -> None:
    result = run("routing", "check")
    assert result.exit_code == 0, result.output
    assert "workflow: 14 outcomes" in result.stdout and "referred_svpp" in result.stdout
    assert "(demo workflow)" in result.stdout


def _demo_workflow() -> dict[str, Any]:
    return yaml.safe_load(resources.files("frontdoor.data").joinpath("workflow.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda w: w["outcomes"]["referred_svpp"].update(areas=["bexleyy"]),
     "outcome 'referred_svpp': unknown area 'bexleyy' (not in the routing table)"),
    (lambda w: w["outcomes"]["marac"].pop("label"), "outcome 'marac': needs a label"),
    (lambda w: w["outcomes"]["iom"].update(closes="sometimes"), "outcome 'iom': closes must be true or false"),
    (lambda w: w["outcomes"]["iom"].update(retention_days=-3),
     "outcome 'iom': retention_days must be a positive number of days"),
    (lambda w: w["outcomes"].pop("no_further_action"), "workflow file: every area needs a 'no further action' outcome"),
])
def test_routing_check_refuses_a_broken_workflow(tmp_path: Path, change: Any, message: str) -> None:
    workflow = _demo_workflow()
    change(workflow)
    path = tmp_path / "workflow.yaml"
    path.write_text(yaml.safe_dump(workflow), encoding="utf-8")
    result = run("routing", "check", "--workflow", str(path))
    assert result.exit_code == 2
    assert f"error: {message}" in result.stderr


def test_routing_check_reads_the_configured_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "workflow.yaml"
    path.write_text("outcomes: [not, a, mapping]\n", encoding="utf-8")
    monkeypatch.setenv("FRONTDOOR_WORKFLOW", str(path))
    result = run("routing", "check")
    assert result.exit_code == 2
    assert "error: workflow file: 'outcomes' must map outcome ids" in result.stderr
    path.write_text("outcomes: [oops\n", encoding="utf-8")
    assert "cannot read workflow file" in run("routing", "check").stderr


def test_inboxes_lists_the_table() -> None:
    result = run("inboxes")
    assert result.exit_code == 0
    assert "partnership-triage" in result.stdout
    assert "bexley-mash" in result.stdout


def test_database_and_staff_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    # argon2 with its production cost takes a quarter of a second a hash; the commands'
    # wiring is what is tested here (tests/frontdoor/services/test_staff.py tests the real one).
    monkeypatch.setattr("frontdoor.services.staff.PasswordHasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

    upgraded = run("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    head = ScriptDirectory.from_config(alembic_config(Database("sqlite://"))).get_current_head()
    assert upgraded.stdout.strip() == f"database at revision {head}"

    added = run("staff", "add", "SPOC@Bexley.example.gov.uk", "--inbox", "bexley-community-safety",
                "--inbox", "bexley-mash", "--name", "Sam")
    assert added.exit_code == 0, added.output
    assert "added spoc@bexley.example.gov.uk inboxes=bexley-community-safety,bexley-mash" in added.stdout

    again = run("staff", "add", "spoc@bexley.example.gov.uk", "--inbox", "bexley-mash")
    assert again.exit_code == 2
    assert "already has an account" in again.stderr

    unknown = run("staff", "add", "x@example.org", "--inbox", "narnia")
    assert unknown.exit_code == 2
    assert "Unknown inbox 'narnia'" in unknown.stderr

    password = run("staff", "password", "spoc@bexley.example.gov.uk",
                   input="correct horse battery\ncorrect horse battery\n")
    assert password.exit_code == 0, password.output

    token = run("staff", "token", "spoc@bexley.example.gov.uk")
    assert token.exit_code == 0
    assert token.stdout.strip().startswith("fd_")

    refused = run("demo", "load", "--password", "demo-password-123")  # FRONTDOOR_ENV unset: production
    assert refused.exit_code == 2 and "FRONTDOOR_ENV=development or test" in refused.stderr
    monkeypatch.setenv("FRONTDOOR_ENV", "development")
    assert run("demo", "load").exit_code == 2  # no password given: none is made up
    demo = run("demo", "load", "--password", "demo-password-123")
    assert demo.exit_code == 0, demo.output
    assert "created bexley.spoc@frontdoor.example" in demo.stdout
    assert run("demo", "load", "--password", "demo-password-123").stdout.count("exists ") >= 9


def test_installed_console_script(tmp_path: Path) -> None:
    """The `frontdoor` entry point installed with the package runs end to end."""
    script = Path(sys.executable).parent / "frontdoor"
    assert script.exists(), f"console script not installed at {script}"
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(DRAFT), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"ROUTING_TABLE", "FRONTDOOR_LEXICON", "DATABASE_URL"}}
    env["FRONTDOOR_HOME"] = str(tmp_path / "home")

    done = subprocess.run([str(script), "triage", str(path)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert output["urgency"] == "amber"
    assert output["route"]["inbox"] == "bexley-community-safety"



def test_the_worker_command_runs_the_one_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdoor.store.db import Database
    from frontdoor.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'worker.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    database = Database(url)
    upgrade(database)
    database.dispose()
    result = run("worker", "--once")
    assert result.exit_code == 0, result.output
    # The same periodic jobs as `python -m outbound.worker`: the alert sweep included.
    assert "alerts.sweep: 0" in result.stdout and "retention.purge" in result.stdout
    assert "jobs: done=0" in result.stdout
