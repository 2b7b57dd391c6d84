"""The Twilio SMS adapter, through the real twilio client, against a local stand-in for Twilio's API."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from twilio.rest import Client

from frontdoor.errors import ConfigurationError, InvalidInput, Unavailable
from outbound.twilio_sms import TwilioSms, e164
from tests.outbound.fakes import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, free_port, point_at, twilio_api


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with twilio_api() as fake:
        yield fake


def sender(fake: FakeTwilio) -> TwilioSms:
    return TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, client=point_at(Client(ACCOUNT_SID, AUTH_TOKEN), fake))


def test_a_message_is_posted_with_the_accounts_basic_auth(twilio: FakeTwilio) -> None:
    sid = sender(twilio).send_sms("020 7946 0100", "Front Door: RED referral FD-ABCD-2345")
    assert sid and sid.startswith("SM")
    [request] = twilio.requests
    assert request.method == "POST" and request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.authorization == f"Basic {expected}"
    assert request.form == {"To": "+442079460100", "From": FROM_NUMBER,
                            "Body": "Front Door: RED referral FD-ABCD-2345"}


def test_refusals_and_outages_are_unavailable(twilio: FakeTwilio) -> None:
    twilio.status = 400
    with pytest.raises(Unavailable, match="SMS not sent"):
        sender(twilio).send_sms("020 7946 0100", "hello")
    down = FakeTwilio(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(Unavailable, match="SMS not sent"):
        sender(down).send_sms("020 7946 0100", "hello")
    with pytest.raises(Unavailable, match="not a phone number"):
        sender(twilio).send_sms("call the office", "hello")


@pytest.mark.parametrize(("number", "expected"), [
    ("020 7946 0100", "+442079460100"),
    ("07700 900123", "+447700900123"),
    ("+44 (0)20 7946 0100".replace("(0)", ""), "+442079460100"),
    ("0044 20 7946 0100", "+442079460100"),
    ("+1 415-555-0100", "+14155550100"),
])
def test_numbers_become_e164(number: str, expected: str) -> None:
    assert e164(number) == expected


@pytest.mark.parametrize("number", ["", "12", "phone me", "+0123456789"])
def test_non_numbers_are_refused(number: str) -> None:
    with pytest.raises(InvalidInput):
        e164(number)


def test_configuration_from_the_environment() -> None:
    assert TwilioSms.from_env({}) is None
    assert TwilioSms.from_env({"TWILIO_AUTH_TOKEN": AUTH_TOKEN}) is None  # make run's local token: no SMS alerts
    adapter = TwilioSms.from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                                  "TWILIO_FROM_NUMBER": "07700 900000"})
    assert adapter is not None and adapter.from_number == "+447700900000"
    with pytest.raises(ConfigurationError, match="missing TWILIO_FROM_NUMBER"):
        TwilioSms.from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    with pytest.raises(ConfigurationError, match="TWILIO_FROM_NUMBER"):
        TwilioSms.from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                            "TWILIO_FROM_NUMBER": "the office"})
