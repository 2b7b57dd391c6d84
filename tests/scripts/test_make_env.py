"""scripts/make_env, which `make run` uses to write the local configuration: private, random, no published secrets."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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
                              env={**os.environ}, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "var").stat().st_mode & 0o777 == 0o700
    assert env_file.stat().st_mode & 0o777 == 0o600
    settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                    if line and not line.startswith("#"))
    assert settings["FRONTDOOR_ENV"] == "development"
    assert settings["FRONTDOOR_DEMO_PASSWORD"] != "frontdoor-demo-2026" and len(settings["FRONTDOOR_DEMO_PASSWORD"]) >= 20
    assert settings["SANIC_HOST"] == "127.0.0.1"
    again = dict(line.split("=", 1) for line in first.splitlines() if line and not line.startswith("#"))
    for secret in ("SECRET_KEY", "FRONTDOOR_PSEUDONYM_KEY", "FRONTDOOR_DATA_KEYS", "RASA_TOKEN",
                   "FRONTDOOR_DEMO_PASSWORD"):
        assert settings[secret] != again[secret], f"{secret} is not random"
