"""``python -m outbound.worker``: the core built from the environment, adapters plugged in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontdoor.adapters.smtp import SmtpEmail
from frontdoor.bootstrap import describe, worker_for
from frontdoor.jobs import Worker
from frontdoor.store.db import Database
from frontdoor.store.migrate import upgrade
from outbound import worker as entry
from outbound.twilio_sms import TwilioSms
from tests.outbound.fakes import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    db = Database(f"sqlite:///{tmp_path / 'frontdoor.db'}")
    upgrade(db)
    db.dispose()
    return {"DATABASE_URL": db.url, "FRONTDOOR_HOME": str(tmp_path)}


def test_build_plugs_in_twilio_and_smtp_from_the_environment(env: dict[str, str]) -> None:
    env.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_FROM_NUMBER=FROM_NUMBER,
               SMTP_HOST="127.0.0.1", SMTP_PORT="2525", SMTP_STARTTLS="false", SMTP_FROM="fd@example.org")
    core = entry.build(env)
    worker = worker_for(core)
    assert isinstance(worker, Worker) and "alert.send" in worker.handlers
    assert {"alerts.sweep", "jobs.purge"} <= {job.name for job in worker.scheduler.jobs}
    assert core.alerts is not None
    assert isinstance(core.alerts.sms, TwilioSms) and isinstance(core.alerts.email, SmtpEmail)
    assert core.alerts.email.settings.port == 2525 and not core.alerts.email.settings.starttls
    assert describe(core) == "queue=database email alerts on, SMS alerts on"


def test_without_providers_the_worker_still_runs(env: dict[str, str]) -> None:
    core = entry.build(env)
    assert "SMS alerts off" in describe(core) and "email alerts off" in describe(core)


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMTP_", "REDIS_"))}
    return subprocess.run([sys.executable, "-m", "outbound.worker", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_once_runs_one_pass_and_reports(env: dict[str, str]) -> None:
    result = _run(env, "--once")
    assert result.returncode == 0, result.stderr
    assert "alerts.sweep: 0" in result.stdout and "jobs: done=0 retried=0 failed=0" in result.stdout


def test_half_configured_twilio_is_a_clear_error(env: dict[str, str]) -> None:
    result = _run({**env, "TWILIO_ACCOUNT_SID": ACCOUNT_SID}, "--once")
    assert result.returncode == 2
    assert "missing TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER" in result.stderr
