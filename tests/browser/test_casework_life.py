"""In a real browser, on a laptop (1280×800) and on a phone (390×844, touch): a SPOC works a referral through its
whole life from the inbox's pages alone.

Triage and assign (acknowledge, hand it on, take it back), the status, the basis for sharing, the lead agency, an
action with an owner and a due date, the review date, a related referral confirmed with its chronology, outcomes from
the area's vocabulary, a question to the professional who reported and the e-mails they asked for (through the
worker to a real local SMTP server), close, and reopen with a reason. After each action the SPOC is back at the
section they acted in, with the message there, and the timeline names them rather than their e-mail address.

One web app serves both viewports (``serving`` in tests/browser/conftest.py); each viewport has its own SPOC and
its own pair of referrals about one young person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from frontdoor.adapters.smtp import SmtpSettings
from frontdoor.bootstrap import worker_for
from frontdoor.config import Settings
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from tests.browser.conftest import LAPTOP, PASSWORD, PHONE, WebApp, serving, signed_in
from tests.outbound.fakes import QUIET, SMTP_PASSWORD, SMTP_USER, Mailbox, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings(QUIET)]

TEAM = "Bexley Community Safety gangs SPOC"
COLLEAGUE = ("colleague.life@spoc.example", "Casey Colleague")
REPORTER = "designated.lead@school.example.org"
#: The most of the screen's height the staff header may take (on a phone, 12% of 844 px).
HEADER_SHARE = 0.12


@dataclass(frozen=True)
class Case:
    """One viewport's SPOC and the two referrals about one young person (``earlier`` is proposed as related)."""

    email: str
    name: str
    reference: str
    earlier: str


@dataclass
class Life:
    """The served app, its local SMTP server and each viewport's case."""

    app: WebApp
    mailbox: Mailbox
    cases: dict[str, Case]


def concern(name: str, description: str) -> ReferralDraft:
    """Return a concern from a designated safeguarding lead who asked to be told what happens."""
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup", description=description,
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=name, age=15, school="Sidcup School")],
        reporter=ReporterDraft(role=ReporterRole.TEACHER, organisation="Sidcup School", name="Ms Lead",
                               email=REPORTER, feedback=True),
    )


@pytest.fixture(scope="module")
def life(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Life]:
    """The web app with related-referral matching and e-mail to a local SMTP server, seeded for both viewports."""
    home: Path = tmp_path_factory.mktemp("life")
    with smtp_server() as mailbox:
        settings = Settings(
            database_url=f"sqlite:///{home / 'frontdoor.db'}", sla=SlaPolicy(holidays=bank_holidays()), home=home,
            data_keys=(generate_key(),), pseudonym_key=bytes.fromhex("5a" * 32),
            smtp=SmtpSettings(host=mailbox.host, port=mailbox.port, user=SMTP_USER, password=SMTP_PASSWORD,
                              starttls=False, from_address="frontdoor@alerts.example"))
        with serving(settings) as app:
            core = app.core
            core.staff.add(COLLEAGUE[0], ["bexley-community-safety"], name=COLLEAGUE[1], password=PASSWORD)
            cases = {}
            for viewport, young_person in (("laptop", "Tyler Brooks"), ("phone", "Riley Morgan")):
                email, name = f"{viewport}.life@spoc.example", f"{viewport.title()} SPOC"
                core.staff.add(email, ["bexley-community-safety"], name=name, password=PASSWORD)
                earlier = core.submissions.submit(concern(young_person, "He has new trainers and cash")).reference
                reference = core.submissions.submit(concern(
                    young_person, "He keeps going missing overnight and is running drugs for older boys")).reference
                cases[viewport] = Case(email, name, reference, earlier)
            yield Life(app, mailbox, cases)


def no_sideways_scroll(tab: Page) -> None:
    """Assert that nothing on the page needs scrolling sideways: it is no wider than the window.

    On a phone the window is the viewport: a wider page is zoomed out to fit (and the layout viewport widens).
    """
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert tab.viewport_size is not None
    window = tab.viewport_size["width"]
    assert width <= window, f"the page is {width} px wide in a {window} px window"


def settled_at(tab: Page, section: Locator) -> None:
    """Wait until ``section`` is at the top of the window (less the scroll padding), or in view at the page's end."""
    assert tab.viewport_size is not None
    where: list[float] = []
    for _ in range(50):
        where = section.evaluate(
            """e => [e.getBoundingClientRect().top,
                     parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop || 0)
                       + parseFloat(getComputedStyle(e).scrollMarginTop || 0),
                     window.scrollY + window.innerHeight - document.documentElement.scrollHeight]""")
        top, padding, from_end = where
        if abs(top - padding) < 8 or (from_end > -2 and 0 <= top < tab.viewport_size["height"]):
            return
        tab.wait_for_timeout(100)
    raise AssertionError(f"the section is not where the page came back to (top, padding, from the end): {where}")


def came_back(tab: Page, anchor: str, message: str | re.Pattern[str]) -> None:
    """Assert the page came back to section ``anchor`` with the success ``message`` in it, in view."""
    expect(tab).to_have_url(re.compile(f"#{anchor}$"))
    flash = tab.locator(f"#{anchor} .flash-success")
    expect(flash).to_contain_text(message)
    settled_at(tab, tab.locator(f"#{anchor}"))
    expect(flash).to_be_in_viewport()
    no_sideways_scroll(tab)


def last_event(tab: Page, action: str, case: Case) -> Locator:
    """Return the newest timeline entry, checked to be ``action`` by the SPOC's name and team."""
    last = tab.locator("#timeline-events li").last
    expect(last).to_have_attribute("data-action", action)
    expect(last).to_contain_text(f"by {case.name}, {TEAM}")
    return last


def mail_to_reporter(life: Life) -> list[Message]:
    """Run the worker's jobs as the worker process does; return the messages the reporter has had."""
    worker = worker_for(life.app.core, sweep_every=0)
    worker.run_once()  # the sweep queues each message
    worker.run_once()  # ... and the worker sends it
    return [message for recipients, message in life.mailbox.messages if recipients == [REPORTER]]


def subjects(messages: list[Message], reference: str) -> list[str]:
    """Return the subjects of the messages about ``reference``, oldest first."""
    return [str(m["Subject"]) for m in messages if reference in str(m["Subject"])]


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_a_spoc_works_a_referral_from_start_to_finish(browser: Browser, life: Life, viewport: str) -> None:
    case = life.cases[viewport]
    phone = viewport == "phone"
    tab = signed_in(browser, life.app, case.email, PHONE, is_mobile=True, has_touch=True) if phone else signed_in(
        browser, life.app, case.email, LAPTOP)
    # --- the queue -------------------------------------------------------------------------------
    header = tab.locator(".site-header").bounding_box()
    screen = PHONE if phone else LAPTOP
    assert header is not None and header["height"] <= HEADER_SHARE * screen["height"], header
    no_sideways_scroll(tab)
    # The staff links: in the bar on a laptop; behind a menu on a phone, where the bar is one short row.
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    menu = tab.locator("#staff-menu summary")
    dashboard = tab.get_by_role("navigation", name="Inbox").get_by_role("link", name="Dashboard")
    if phone:
        expect(dashboard).to_be_hidden()
        menu.click()
        expect(tab.locator("#signed-in")).to_contain_text(case.name)
        expect(dashboard).to_be_visible()
        menu.click()
    else:
        expect(menu).to_be_hidden()
        expect(dashboard).to_be_visible()
    row = tab.locator(f"#queue tr.referral-row[data-reference='{case.reference}']")
    expect(row.locator(".subject-name")).to_have_text(re.compile("Tyler Brooks|Riley Morgan"))
    # The reference is read whole, not cut short, on either screen.
    assert row.locator(".reference-cell").evaluate("e => e.scrollWidth <= e.clientWidth")
    row.locator("a.reference").click()
    expect(tab.locator("#referral-heading")).to_contain_text(case.reference)
    no_sideways_scroll(tab)

    # --- triage and assign -----------------------------------------------------------------------
    tab.get_by_role("button", name="Acknowledge").click()
    came_back(tab, "actions", "It is assigned to you")
    expect(tab.locator("#assigned-to")).to_contain_text(case.name)
    last_event(tab, "acknowledged", case)

    tab.locator("#act-assign summary").click()
    tab.get_by_label("Assign to").select_option(label=f"{COLLEAGUE[1]} ({COLLEAGUE[0]})")
    tab.get_by_role("button", name="Assign", exact=True).click()
    came_back(tab, "actions", f"Assigned to {COLLEAGUE[1]}")
    expect(tab.locator("#assigned-to")).to_contain_text(COLLEAGUE[1])
    tab.locator("#act-assign summary").click()
    tab.get_by_label("Assign to").select_option(label=f"{case.name} ({case.email}) (you)")
    tab.get_by_role("button", name="Assign", exact=True).click()
    came_back(tab, "actions", f"Assigned to {case.name}")
    expect(tab.locator("#assigned-to")).to_contain_text(case.name)

    for status in ("In progress", "Awaiting a partner"):
        tab.get_by_label("Set the status").select_option(label=status)
        tab.get_by_role("button", name="Set status").click()
        came_back(tab, "workflow", "Status changed to")
        expect(tab.locator("#workflow-status")).to_contain_text(status)
        expect(tab.locator("#referral-status")).to_have_text(status)
        last_event(tab, "status", case)

    # --- the basis for sharing -------------------------------------------------------------------
    tab.locator("#page-contents").get_by_role("link", name="Basis for sharing").click()  # far down the page
    settled_at(tab, tab.locator("#sharing"))
    sharing = tab.locator("#sharing-form")
    sharing.get_by_label("Consent", exact=True).select_option(label="Consent not asked")
    sharing.get_by_label("Basis for sharing").select_option("safeguarding_child")
    sharing.get_by_label("Reason (why consent").fill("Asking would put him at more risk from the older boys.")
    sharing.get_by_label("Information-sharing agreement").select_option(
        label="Partnership safeguarding information-sharing agreement (demo)")
    tab.get_by_role("button", name="Record the basis for sharing").click()
    came_back(tab, "sharing", "Basis for sharing recorded.")
    expect(tab.locator("#sharing-basis-label")).to_contain_text("Safeguarding a child")
    expect(tab.locator("#sharing-agreement")).to_have_text(
        "Partnership safeguarding information-sharing agreement (demo)")

    # --- lead agency, an action, the review date -------------------------------------------------
    tab.get_by_label("Lead agency", exact=True).select_option(label="Police gangs SPOC")
    tab.get_by_role("button", name="Set lead agency").click()
    came_back(tab, "casework", "Lead agency recorded.")
    expect(tab.locator("#lead-agency")).to_have_text("Police gangs SPOC")
    last_event(tab, "lead_agency", case)

    due = date.today() + timedelta(days=7)
    tab.get_by_label("What is to be done").fill("Home visit with the youth worker")
    tab.get_by_label("Owner").select_option(label=f"{COLLEAGUE[1]} ({COLLEAGUE[0]})")
    tab.get_by_label("Due", exact=True).fill(due.isoformat())
    tab.get_by_role("button", name="Add action").click()
    came_back(tab, "casework", "Action added.")
    action = tab.locator("#case-actions li", has_text="Home visit with the youth worker")
    expect(action).to_contain_text(COLLEAGUE[1])
    action.get_by_role("button", name="Mark done").click()
    came_back(tab, "casework", "Action marked done.")
    expect(action).to_have_class(re.compile("case-action--done"))

    tab.get_by_label("Review on").fill((due + timedelta(days=21)).isoformat())
    tab.get_by_role("button", name="Set review date").click()
    came_back(tab, "casework", "Review date recorded.")
    expect(tab.locator("#review-date time")).to_be_visible()

    # --- a related referral and the chronology ---------------------------------------------------
    proposal = tab.locator(f"#related-proposals li[data-reference='{case.earlier}']")
    expect(proposal).to_contain_text("same name and age")
    proposal.get_by_role("button", name="Related: link them").click()
    came_back(tab, "related", f"Linked with {case.earlier}")
    expect(tab.locator(f"#related-linked li[data-reference='{case.earlier}']")).to_be_visible()
    chronology = tab.locator("#related-chronology li").evaluate_all("items => items.map(i => i.dataset.reference)")
    assert set(chronology) == {case.earlier, case.reference}, chronology

    # --- outcomes from the area's vocabulary -----------------------------------------------------
    tab.get_by_label("Referred to the Serious Violence Prevention Panel").check()
    tab.get_by_label("Strategy discussion or s47 enquiry").check()
    tab.get_by_role("button", name="Record outcomes").click()
    came_back(tab, "workflow", "Outcomes recorded.")
    expect(tab.locator("#outcome-list li")).to_have_count(2)
    last_event(tab, "outcome", case)

    # --- tell the professional -------------------------------------------------------------------
    tab.get_by_label("Question", exact=True).last.fill("Is he in school this week?")
    tab.get_by_role("button", name="E-mail the question").click()
    came_back(tab, "casework", "Question e-mailed.")
    received = mail_to_reporter(life)
    assert subjects(received, case.reference) == [
        f"Front Door referral {case.reference}: picked up",
        f"Front Door referral {case.reference}: a question from {TEAM}"]
    assert "Is he in school this week?" in received[-1].get_content()

    # --- close and reopen ------------------------------------------------------------------------
    tab.locator("#act-close summary").click()
    tab.get_by_label("Outcome", exact=True).select_option(label="Referred to MASH / children's social care")
    tab.get_by_label("Closing comment (optional)").fill("MASH strategy meeting on Friday.")
    tab.get_by_role("button", name="Close referral").click()
    came_back(tab, "actions", "Referral closed: Referred to MASH / children's social care.")
    expect(tab.locator("#referral-status")).to_have_text("Closed: Referred to MASH / children's social care")
    last_event(tab, "closed", case)
    assert subjects(mail_to_reporter(life), case.reference)[-1] == f"Front Door referral {case.reference}: closed"

    tab.get_by_label("Why reopen it?").fill("Police found him in Margate last night.")
    tab.get_by_role("button", name="Reopen referral").click()
    came_back(tab, "workflow", "Referral reopened.")
    expect(tab.locator("#referral-status")).to_have_text("Reopened")
    expect(last_event(tab, "reopened", case)).to_contain_text("Police found him in Margate last night.")

    # The timeline names people, never their e-mail addresses.
    expect(tab.locator("#timeline-events")).not_to_contain_text("@spoc.example")
    tab.context.close()
