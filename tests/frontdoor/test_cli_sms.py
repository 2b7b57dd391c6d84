"""``frontdoor sms simulate`` against the web app served over HTTP: signed messages in, replies printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from frontdoor.cli import main
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.store.models import InboundMessage, Referral
from tests.support.live_web import LiveWeb, serving

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"FD-[A-Z0-9]{4}-[A-Z0-9]{4}")
SENDER = "+447700900321"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveWeb]:
    with serving(tmp_path_factory.mktemp("live")) as running:
        yield running


def frontdoor(live: LiveWeb, *args: str, stdin: str | None = None,
              **env: str) -> subprocess.CompletedProcess[str]:
    """Run the ``frontdoor`` command as a separate process with the app's local configuration."""
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith(("FRONTDOOR_", "TWILIO_", "PUBLIC_"))},
               **live.env, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "frontdoor.cli", *args], cwd=ROOT, env=environ, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_one_shot_messages_reach_the_webhook_and_print_its_replies(live: LiveWeb) -> None:
    done = frontdoor(live, "sms", "simulate", "--from", SENDER, "-m", "HELP",
                     "-m", "lads dealing from the flat above the chip shop on Penge high street")
    assert done.returncode == 0, done.stderr
    assert f"SMS from {SENDER} to {live.url}/sms/twilio" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "you: HELP" and lines[1].startswith("Front Door: Front Door: report gangs")
    # Rasa is not running, so the tip is taken directly: a reference and a follow-up code come back.
    reference = REFERENCE.search(done.stdout)
    assert reference and re.search(r"follow-up code \d{6}", done.stdout), done.stdout
    with live.core.db.session() as session:
        stored = session.scalars(select(InboundMessage)).all()
        assert {m.body for m in stored} >= {"HELP"}
        assert all(m.sender != SENDER and SENDER not in (m.body or "") for m in stored)
        referral = session.scalar(select(Referral).where(Referral.reference == reference.group(0)))
        assert referral is not None and referral.channel == "sms"


def test_interactive_mode_sends_each_line_until_an_empty_one(live: LiveWeb) -> None:
    done = frontdoor(live, "sms", "simulate", stdin="HELP\nSTOP\n\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Front Door: Front Door: report gangs") == 1
    assert "Front Door: (no reply)" in done.stdout  # STOP is answered with nothing


def test_a_wrong_token_is_reported_not_hidden(live: LiveWeb) -> None:
    done = frontdoor(live, "sms", "simulate", "-m", "hello", TWILIO_AUTH_TOKEN="not-the-apps-token")
    assert done.returncode == 2
    assert "refused the signature" in done.stderr and "TWILIO_AUTH_TOKEN" in done.stderr


@pytest.mark.parametrize("environment", ["production", "test", ""])
def test_outside_development_the_simulator_is_refused(environment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_ENV", environment)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "a-token")
    result = CliRunner().invoke(main, ["sms", "simulate", "-m", "hello", "--url", "http://127.0.0.1:9/sms/twilio"])
    assert result.exit_code == 2
    assert "only with FRONTDOOR_ENV=development" in result.output


def test_without_a_token_it_says_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_ENV", "development")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["sms", "simulate", "-m", "hello"])
    assert result.exit_code == 2 and "TWILIO_AUTH_TOKEN is not set" in result.output


def test_whatsapp_messages_go_as_twilio_sends_them_and_get_the_whatsapp_words(live: LiveWeb) -> None:
    done = frontdoor(live, "sms", "simulate", "--whatsapp", "--from", "+447700900654", "-m", "HELP")
    assert done.returncode == 0, done.stderr
    assert "WhatsApp from +447700900654" in done.stderr
    assert done.stdout.rstrip().endswith("Send STOP to stop messages.")
    keys = Pseudonymiser(live.core.settings.pseudonym_key or b"")
    with live.core.db.session() as session:
        senders = set(session.scalars(select(InboundMessage.sender)))
    assert keys.sender("+447700900654", "whatsapp") in senders and keys.sender("+447700900654") not in senders
