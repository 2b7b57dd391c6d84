"""``/privacy`` and ``/accessibility``: served to anyone, linked from the chat and the inbox, and the
notice states what the configuration says (controller, recipients, retention)."""

from __future__ import annotations

import dataclasses

import pytest

from frontdoor.controller import Controller

PAGES = {"/privacy": "Privacy notice", "/accessibility": "Accessibility statement for Front Door"}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_served_without_signing_in(client, html, path):
    response = client.get(path)
    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").text == PAGES[path]
    assert page.by_id("quick-exit")  # the public layout, with Quick exit and the privacy note
    assert page.by_id("demo-controller")  # the embedded default's controller is said to be an example
    assert "Set-Cookie" not in response.headers


def footer_links(page) -> dict[str, str]:
    return {a.text: a.attrs["href"] for a in page.find("footer").find("nav").find_all("a")}


def test_the_chat_links_both_pages(client, rasa, html):
    page = html(client.get("/"))
    assert footer_links(page) == {"Privacy notice": "/privacy", "Accessibility statement": "/accessibility"}
    intro = page.find("p", cls="intro")
    assert intro.find("a").attrs["href"] == "/privacy"


@pytest.mark.parametrize("path", ["/inbox/login", "/inbox/"])
def test_the_inbox_links_both_pages(client, html, staff, sign_in, path):
    if path == "/inbox/":
        sign_in(client, "bexley")
    response = client.get(path)
    assert response.status_code == 200
    assert footer_links(html(response)) == {"Privacy notice": "/privacy", "Accessibility statement": "/accessibility"}


def test_the_notice_names_the_configured_controller(make_app, rasa_client, core, html):
    controller = Controller(name="London Borough of Exampleshire", address="Town Hall, Example Road, EX2 2BB",
                            email="dp@exampleshire.example", phone="020 7946 0999",
                            dpo_name="Data Protection Officer", dpo_email="dpo@exampleshire.example")
    core.settings = dataclasses.replace(core.settings, controller=controller)
    client = make_app(rasa_client).test_client()
    page = html(client.get("/privacy"))
    assert page.by_id("controller-name").text == "London Borough of Exampleshire"
    assert "Town Hall, Example Road, EX2 2BB" in page.by_id("controller").text
    assert page.by_id("dpo-email").attrs["href"] == "mailto:dpo@exampleshire.example"
    assert not page.find_all(id="demo-controller")
    statement = html(client.get("/accessibility"))
    assert "run by London Borough of Exampleshire" in statement.find("main").text
    assert not statement.find_all(id="demo-controller")


def test_the_notice_states_the_routing_and_retention_in_force(client, core, html):
    page = html(client.get("/privacy"))
    recipients = {dt.text: dd.text for dt, dd in zip(page.by_id("recipients").find_all("dt"),
                                                     page.by_id("recipients").find_all("dd"))}
    assert "Acts on: Red concern or tip" in recipients["Police gangs SPOC"]
    assert "Child at risk (red or amber)" in recipients["Children's social care (MASH)"]
    assert "Reported by a school" in recipients["Education safeguarding"]
    assert "Vulnerable adult exploited" in recipients["Adult social care"]
    retention = page.by_id("retention").text
    assert "6 years: Referred to MASH / children's social care" in retention
    assert "1 year: Signposted to support services; No further action; any other closed report." in retention
    assert "Twilio" in page.by_id("twilio").text and "phone number" in page.by_id("twilio").text
    assert "0303 123 1113" in page.find("main").text  # the ICO


def test_the_statement_gives_the_axe_results_and_the_known_limits(client, html):
    page = html(client.get("/accessibility"))
    assert "axe-core" in page.by_id("axe-results").text
    assert "no violations" in page.by_id("axe-results").text
    assert page.by_id("known-limits").find_all("li")
    assert "Web Content Accessibility Guidelines version 2.2 AA" in page.by_id("compliance-status").text
    text = page.find("main").text
    for heading in ("How accessible this website is", "Feedback and contact information", "Enforcement procedure",
                    "Technical information about this website's accessibility", "Compliance status",
                    "Non-accessible content", "What we're doing to improve accessibility",
                    "Preparation of this accessibility statement"):
        assert heading in text
    assert "Equality and Human Rights Commission" in text and "Equality Commission for Northern Ireland" in text
