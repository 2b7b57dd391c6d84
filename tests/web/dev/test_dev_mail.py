"""``/dev/mail``: served only in development; puts a written e-mail into e-mail intake."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from frontdoor.services import Core
from frontdoor.store.models import Referral
from web.rasa_client import RasaClient

REFERENCE = re.compile(r'id="outcome-reference">(FD-[A-Z0-9]{4}-[A-Z0-9]{4})<')


@pytest.fixture
def dev_client(make_app: Callable[..., Flask], rasa_client: RasaClient):  # type: ignore[no-untyped-def]
    return make_app(rasa_client, FRONTDOOR_ENV="development").test_client()


@pytest.mark.parametrize("environment", ["production", "test"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_outside_development_the_page_does_not_exist(make_app: Callable[..., Flask], rasa_client: RasaClient,
                                                     environment: str, method: str) -> None:
    app = make_app(rasa_client, FRONTDOOR_ENV=environment)
    response = getattr(app.test_client(), method)("/dev/mail", data={"message": "hello"})
    assert response.status_code == 404
    assert app.test_client().get("/dev/mail/progress?sent=x").status_code == 404
    assert app.test_client().get("/dev/static/mail.js").status_code == 404


def inbox_of(core: Core, reference: str) -> str:
    with core.db.session() as session:
        return session.execute(select(Referral.inbox_id).where(Referral.reference == reference)).scalar_one()


def test_an_email_naming_a_place_becomes_a_referral_there_and_shows_the_reply(dev_client, core: Core) -> None:
    page = dev_client.post("/dev/mail", data={
        "sender": "worried.resident@example.com", "subject": "Dealing",
        "message": "Older boys are dealing drugs to year 9 kids by the station in Margate every evening."}).get_data(
        as_text=True)
    found = REFERENCE.search(page)
    assert found, page
    assert inbox_of(core, found.group(1)) == "thanet-community-safety"
    assert "There is no mailbox to deliver to" in page  # without FRONTDOOR_IMAP_*, straight to intake
    assert f"Front Door referral {found.group(1)}: received" in page  # the reply the sender gets
    assert "by the station in Margate" not in page  # the reply repeats nothing of what they wrote


def test_a_known_school_domain_routes_an_email_that_names_no_place(dev_client, core: Core) -> None:
    page = dev_client.post("/dev/mail", data={
        "message": "A pupil in year 10 has new expensive trainers and is being collected by older men in cars."
    }).get_data(as_text=True)  # from the page's default sender, a Bromley school
    found = REFERENCE.search(page)
    assert found, page
    assert inbox_of(core, found.group(1)) == "bromley-community-safety"


def test_an_automatic_reply_is_not_a_referral_and_bad_input_is_explained(dev_client) -> None:
    page = dev_client.post("/dev/mail", data={"sender": "MAILER-DAEMON@example.com",
                                              "message": "Delivery failed"}).get_data(as_text=True)
    assert "It was not made a referral" in page and not REFERENCE.search(page)
    page = dev_client.post("/dev/mail", data={"sender": "not an address", "message": "x"}).get_data(as_text=True)
    assert "Give one e-mail address" in page
    page = dev_client.post("/dev/mail", data={"message": "  "}).get_data(as_text=True)
    assert "Type the e-mail to send." in page
