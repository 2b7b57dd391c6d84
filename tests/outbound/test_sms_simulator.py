"""The local stand-in for Twilio: what it posts, and what it refuses."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from frontdoor.errors import ConfigurationError, Unavailable
from outbound.sms_simulator import SERVICE_NUMBER, Simulator, made_up_number, webhook_url
from tests.support.stack import free_port

DEVELOPMENT = {"FRONTDOOR_ENV": "development", "TWILIO_AUTH_TOKEN": "local-token"}


def test_made_up_numbers_are_drama_numbers_never_the_services() -> None:
    numbers = {made_up_number() for _ in range(200)}
    assert all(n.startswith("+447700900") and len(n) == 13 for n in numbers)
    assert SERVICE_NUMBER not in numbers


def test_the_webhook_is_the_public_address_else_the_local_port() -> None:
    assert webhook_url({"PUBLIC_BASE_URL": "http://127.0.0.1:8123/"}) == "http://127.0.0.1:8123/sms/twilio"
    assert webhook_url({"WEB_PORT": "8200"}) == "http://127.0.0.1:8200/sms/twilio"
    assert webhook_url({}) == "http://127.0.0.1:8000/sms/twilio"


def test_fields_are_twilios_and_whatsapp_is_prefixed() -> None:
    sms = Simulator("http://x/sms/twilio", "t", "+447700900001").fields("hi")
    assert sms["From"] == "+447700900001" and sms["To"] == SERVICE_NUMBER and sms["Body"] == "hi"
    assert sms["MessageSid"].startswith("SM") and len(sms["MessageSid"]) == 34
    whatsapp = Simulator("http://x/sms/twilio", "t", "+447700900001", whatsapp=True).fields("hi")
    assert whatsapp["From"] == "whatsapp:+447700900001" and whatsapp["To"] == "whatsapp:" + SERVICE_NUMBER
    assert whatsapp["MessageSid"] != sms["MessageSid"]
    signature = RequestValidator("t").compute_signature("http://x/sms/twilio", whatsapp)
    assert RequestValidator("t").validate("http://x/sms/twilio", whatsapp, signature)


@pytest.mark.parametrize("environment", ["production", "test", "", "Production"])
def test_outside_development_it_is_refused(environment: str) -> None:
    with pytest.raises(ConfigurationError, match="only with FRONTDOOR_ENV=development"):
        Simulator.from_env({**DEVELOPMENT, "FRONTDOOR_ENV": environment})


def test_without_a_token_it_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="TWILIO_AUTH_TOKEN"):
        Simulator.from_env({"FRONTDOOR_ENV": "development"})


def test_nothing_listening_is_unavailable_with_a_hint() -> None:
    simulator = Simulator.from_env(DEVELOPMENT, url=f"http://127.0.0.1:{free_port()}/sms/twilio")
    with pytest.raises(Unavailable, match="is the web app running"):
        simulator.send("hello")
