"""scripts/make_env, which `make run` uses to write the local configuration: private, random, no published secrets."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from frontdoor.adapters.imap import ImapSettings
from frontdoor.adapters.smtp import SmtpSettings

ROOT = Path(__file__).resolve().parents[2]


def test_the_local_configuration_is_private_and_random(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "make_env", tmp_path / "scripts" / "make_env")
    env_file = tmp_path / "var" / "frontdoor.env"
    for _ in range(2):
        if env_file.exists():
            first = env_file.read_text()
            env_file.unlink()
        done = subprocess.run(["sh", str(tmp_path / "scripts" / "make_env"), str(env_file)], cwd=tmp_path,
                              env={k: v for k, v in os.environ.items() if k != "TWILIO_AUTH_TOKEN"}, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700
    assert env_file.stat().st_mode & 0o777 == 0o600
    settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                    if line and not line.startswith("#"))
    assert settings["FRONTDOOR_ENV"] == "development"
    assert settings["FRONTDOOR_DEMO_PASSWORD"] != "frontdoor-demo-2026" and len(settings["FRONTDOOR_DEMO_PASSWORD"]) >= 20
    assert settings["SANIC_HOST"] == "127.0.0.1"
    again = dict(line.split("=", 1) for line in first.splitlines() if line and not line.startswith("#"))
    for secret in ("SECRET_KEY", "FRONTDOOR_PSEUDONYM_KEY", "FRONTDOOR_DATA_KEYS", "RASA_TOKEN", "TWILIO_AUTH_TOKEN",
                   "FRONTDOOR_DEMO_PASSWORD"):
        assert settings[secret] != again[secret], f"{secret} is not random"
    assert settings["PUBLIC_BASE_URL"] == f"http://127.0.0.1:{settings['WEB_PORT']}"
    assert len(settings["TWILIO_AUTH_TOKEN"]) == 64


def test_an_older_configuration_gets_a_local_twilio_token_and_keeps_a_set_one(tmp_path: Path) -> None:
    env_file = tmp_path / "frontdoor.env"
    env_file.write_text("FRONTDOOR_ENV=development\nWEB_PORT=8123\n")
    script = str(ROOT / "scripts" / "make_env")
    environ = {k: v for k, v in os.environ.items() if k != "TWILIO_AUTH_TOKEN"}
    for _ in range(2):  # the second run changes nothing
        done = subprocess.run(["sh", script, str(env_file)], env=environ, capture_output=True, text=True,
                              timeout=30)
        assert done.returncode == 0, done.stderr
    lines = env_file.read_text().splitlines()
    assert lines[:2] == ["FRONTDOOR_ENV=development", "WEB_PORT=8123"]
    assert "PUBLIC_BASE_URL=http://127.0.0.1:8123" in lines
    tokens = [line for line in lines if line.startswith("TWILIO_AUTH_TOKEN=")]
    assert len(tokens) == 1 and len(tokens[0]) > len("TWILIO_AUTH_TOKEN=") + 30
    kept = ("TWILIO_AUTH_TOKEN=the-real-one\nPUBLIC_BASE_URL=https://frontdoor.example.org\n"
            "SMTP_HOST=smtp.example.org\n# FRONTDOOR_IMAP_HOST=imap.example.org\n")
    env_file.write_text(kept)
    subprocess.run(["sh", script, str(env_file)], env=environ, check=True, capture_output=True, timeout=30)
    assert env_file.read_text() == kept  # set (or deliberately commented-out) settings are kept as they are


def run(script: Path, env_file: Path, dovecot: Path) -> str:
    environ = {**{k: v for k, v in os.environ.items() if k != "TWILIO_AUTH_TOKEN"}, "DOVECOT": str(dovecot)}
    done = subprocess.run(["sh", str(script), str(env_file)], env=environ, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def settings_in(env_file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in env_file.read_text().splitlines() if line and not line.startswith("#"))


def test_the_local_mailbox_and_outbox_are_configured_where_dovecot_is_installed(tmp_path: Path) -> None:
    script, dovecot = ROOT / "scripts" / "make_env", tmp_path / "dovecot"
    env_file = tmp_path / "frontdoor.env"
    run(script, env_file, dovecot)  # not installed: no mailbox, but the outbox
    settings = settings_in(env_file)
    assert "FRONTDOOR_IMAP_HOST" not in settings
    smtp = SmtpSettings.from_env(settings)
    assert smtp is not None and (smtp.host, smtp.starttls, smtp.user) == ("127.0.0.1", False, "frontdoor")
    assert len(smtp.password or "") == 64 and smtp.from_address == "frontdoor@partnership.example"

    dovecot.write_text("#!/bin/sh\n")
    dovecot.chmod(0o755)
    env_file.write_text(env_file.read_text().replace("FRONTDOOR_DATA_KEYS", "# FRONTDOOR_DATA_KEYS"))
    run(script, env_file, dovecot)
    assert "FRONTDOOR_IMAP_HOST" not in env_file.read_text()  # no data keys: no mailbox (it stores encrypted)
    env_file.write_text(env_file.read_text().replace("# FRONTDOOR_DATA_KEYS", "FRONTDOOR_DATA_KEYS"))
    said = [run(script, env_file, dovecot) for _ in range(2)]  # installed later: the next run adds it, once
    assert "added the local mailbox" in said[0] and said[1] == ""
    text = env_file.read_text()
    assert text.count("FRONTDOOR_IMAP_HOST=") == 1 and text.count("SMTP_HOST=") == 1
    imap = ImapSettings.from_env(settings_in(env_file))
    assert imap is not None and (imap.host, imap.port, imap.tls) == ("127.0.0.1", 1143, False)
    assert imap.address == "frontdoor@partnership.example" and imap.poll_seconds == 5
    assert len(imap.password) == 64 and imap.password != smtp.password

    fresh = tmp_path / "fresh.env"
    run(script, fresh, dovecot)
    assert settings_in(fresh)["FRONTDOOR_IMAP_PASSWORD"] != imap.password
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_the_local_configuration_runs_one_rasa_instance_and_two_web_workers(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "make_env", tmp_path / "scripts" / "make_env")
    env_file = tmp_path / "var" / "frontdoor.env"
    done = subprocess.run(["sh", str(tmp_path / "scripts" / "make_env"), str(env_file)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                    if line and not line.startswith("#"))
    assert settings["RASA_INSTANCES"] == "1" and settings["WEB_WORKERS"] == "2"
    assert settings["RASA_URL"] == f"http://127.0.0.1:{settings['RASA_PORT']}"
    assert settings["RASA_ENDPOINTS"] == "bot/endpoints.yml"


def test_the_written_file_runs_no_command(tmp_path: Path) -> None:
    """Backquotes in the file's text would be run by the shell while writing it (it is an unquoted here-document)."""
    script = (ROOT / "scripts" / "make_env").read_text()
    document = script.split("<<ENV", 1)[1].split("\nENV\n", 1)[0]
    assert "`" not in document
