"""In a real browser: a SPOC hands a referral over to another borough, whose SPOC records the outcome.

Only the web app runs (a werkzeug server thread on a migrated SQLite file with
referrals submitted through the core), so this needs neither the trained model
nor the bot environment. The browser is Debian's chromium (tests/browser/conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from tests.browser.conftest import PASSWORD, WebApp, signed_in

pytestmark = [pytest.mark.browser]

BEXLEY = "bexley.browser@spoc.example"
BROMLEY = "bromley.browser@spoc.example"


def test_transfer_to_another_borough_then_outcome_and_close(browser: Browser, web_app: WebApp) -> None:
    core = web_app.core
    core.staff.add(BEXLEY, ["bexley-community-safety"], name="Bexley SPOC", password=PASSWORD)
    core.staff.add(BROMLEY, ["bromley-community-safety"], name="Bromley SPOC", password=PASSWORD)
    reference = core.submissions.submit(ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
        description="She keeps going missing and is running drugs for older boys.",
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Jo Pupil", age=14),
                PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24)],
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Sidcup School", name="Ms Teacher"),
    )).reference

    # The Bexley SPOC finds it in the queue and hands it over to Bromley.
    bexley = signed_in(browser, web_app, BEXLEY)
    row = bexley.locator(f"tr.referral-row[data-reference='{reference}']")
    expect(row).to_have_attribute("data-copy", "false")
    row.locator("a.reference").click()
    expect(bexley.locator("#referral-heading")).to_contain_text(reference)
    expect(bexley.locator("#people-at-risk")).to_contain_text("Jo Pupil")
    expect(bexley.locator("#people-exploiters")).to_contain_text("Big T")
    expect(bexley.locator("#people-at-risk")).not_to_contain_text("Big T")
    bexley.locator("#act-transfer summary").click()  # the actions are folded, at the top
    bexley.get_by_label("Transfer to").select_option("bromley-community-safety")
    bexley.get_by_label("Reason for the transfer").fill("The family moved to Penge last week.")
    expect(bexley.get_by_label("Keep an info-only copy in Bexley Community Safety gangs SPOC")).to_be_checked()
    bexley.get_by_role("button", name="Transfer referral").click()
    expect(bexley.locator(".flash-success")).to_contain_text("Transferred to Bromley Community Safety gangs SPOC")
    expect(bexley.locator("#copy-banner")).to_contain_text("Info-only copy")
    expect(bexley.locator("#owning-inbox")).to_have_attribute("data-inbox", "bromley-community-safety")
    expect(bexley.locator("#timeline-events li").last).to_contain_text("The family moved to Penge last week.")
    expect(bexley.locator("#close-form")).to_have_count(0)
    bexley.context.close()

    # The Bromley SPOC now owns it, records the outcome and closes it.
    bromley = signed_in(browser, web_app, BROMLEY)
    bromley.goto(web_app.url + "/inbox/?scope=owned")
    row = bromley.locator(f"tr.referral-row[data-reference='{reference}']")
    expect(row).to_have_attribute("data-status", "new")
    row.locator("a.reference").click()
    expect(bromley.locator("#copy-banner")).to_have_count(0)
    expect(bromley.locator("#copies")).to_contain_text("Bexley Community Safety gangs SPOC")
    bromley.locator("#act-close summary").click()
    bromley.get_by_label("Outcome", exact=True).select_option("early_help")
    bromley.get_by_label("Closing comment (optional)").fill("Picked up by the Bromley youth service.")
    bromley.get_by_role("button", name="Close referral").click()
    expect(bromley.locator("#referral-status")).to_have_text("Closed: Referred to early help or a youth service")
    actions = bromley.locator("#timeline-events li").evaluate_all("items => items.map(i => i.dataset.action)")
    assert actions == ["created", "transferred", "closed"]
    last = bromley.locator("#timeline-events li").last
    expect(last).to_contain_text("by Bromley SPOC, Bromley Community Safety gangs SPOC")  # not the e-mail address
    expect(last).not_to_contain_text(BROMLEY)
    bromley.context.close()

    detail = core.queries.get(core.staff.find(BROMLEY), reference)
    assert (detail.status, detail.outcome, detail.inbox.id) == ("closed", "early_help", "bromley-community-safety")
