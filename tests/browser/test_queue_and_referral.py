"""In a real browser, on a laptop (1280×800) and a phone (390×844): the queue read at a glance and
the referral page with its summary and actions first, returning to the same place after an action.

Only the web app runs (``web_app`` in tests/browser/conftest.py); the browser is Debian's chromium.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from tests.browser.conftest import LAPTOP, PASSWORD, PHONE, WebApp, signed_in

pytestmark = [pytest.mark.browser]

SPOC = "bexley.queue@spoc.example"
#: How many lines each element's text takes: its text's boxes, their tops more than 10 px apart.
LINES = """els => els.map(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const tops = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.push(rect.top);
  }
  tops.sort((a, b) => a - b);
  return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 10).length;
})"""


def at_actions(tab: Page) -> None:
    """Wait until the actions' top is at the top of the window, less the scroll padding (the scroll is smooth)."""
    top = None
    padding = tab.locator("#actions").evaluate(
        "e => parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop || 0)"
        " + parseFloat(getComputedStyle(e).scrollMarginTop || 0)")
    for _ in range(50):
        top = tab.locator("#actions").evaluate("e => e.getBoundingClientRect().top")
        if abs(top - padding) < 8:
            return
        tab.wait_for_timeout(100)
    raise AssertionError(f"the actions are {top} px from the top of the window")
POLICE = "police.queue@spoc.example"


def concern(description: str, area: str, name: str, age: int) -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, area=area, description=description,
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name=name, age=age, school="Sidcup School"),
                PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T", age=24)],
        reporter=ReporterDraft(role=ReporterRole.SOCIAL_WORKER, organisation="Bexley Children's Services",
                               name="Ms Social Worker"),
    )


@pytest.fixture
def seeded(web_app: WebApp) -> dict[str, str]:
    """A SPOC of Bexley community safety with four referrals of their own and the police's red one as a copy."""
    core = web_app.core
    core.staff.add(SPOC, ["bexley-community-safety"], name="Bexley Queue SPOC", password=PASSWORD)
    core.staff.add(POLICE, ["met-se-gangs"], name="Police SPOC", password=PASSWORD)
    texts = {
        "red": ("He carries a blade and they threatened him; he goes missing for days and is running drugs "
                "to Margate for older boys who took his phone", "Erith", "Alexandrina Montgomery-Smythe", 15),
        "amber": ("She keeps going missing overnight and is running drugs for older boys; new phones and "
                  "cash she cannot explain", "Sidcup", "Jo Pupil", 14),
        "amber2": ("He keeps going missing from school and has new trainers and cash", "Bexleyheath",
                   "Sam Learner", 13),
        "green": ("He has new trainers and hangs around with older lads", "Sidcup", "Kim Young", 12),
    }
    made = {name: core.submissions.submit(concern(*values)).reference for name, values in texts.items()}
    return made


def row(tab: Page, reference: str):
    return tab.locator(f"tr.referral-row[data-reference='{reference}']")


def test_on_a_laptop_each_referral_is_one_line_and_own_work_comes_first(browser: Browser, web_app: WebApp,
                                                                      seeded: dict[str, str]) -> None:
    tab = signed_in(browser, web_app, SPOC, LAPTOP)
    mine = tab.locator("#queue tr.referral-row")
    copies = tab.locator("#copies-queue tr.referral-row")
    expect(mine.first).to_be_visible()
    # The police's red referral is a copy for information, below the SPOC's own work.
    assert seeded["red"] in copies.evaluate_all("rows => rows.map(r => r.dataset.reference)")
    assert seeded["red"] not in mine.evaluate_all("rows => rows.map(r => r.dataset.reference)")
    assert tab.locator("#mine").bounding_box()["y"] < tab.locator("#copies-for-information").bounding_box()["y"]
    # Filters are open on a laptop.
    expect(tab.locator("#filters")).to_be_visible()
    expect(tab.locator("#filters-fold summary")).to_be_hidden()

    # One line per referral: every row the height of its badge line, the clock and summary unwrapped.
    heights = tab.locator("tr.referral-row").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert len(heights) >= 4 and max(heights) < 56, heights
    # ... and no cell's text runs to a second line (the clock, the summary, reporter, assignee).
    lines = tab.locator("tr.referral-row > *").evaluate_all(LINES)
    assert max(lines) == 1, lines
    clock = tab.locator("tr.referral-row .sla-clock").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)")
    assert max(clock) < 30, clock
    table = tab.locator("#queue").bounding_box()
    assert table["x"] + table["width"] <= LAPTOP["width"]  # no sideways scrolling
    red = row(tab, seeded["red"])
    expect(red.locator(".subject-name")).to_have_text("Alexandrina Montgomery-Smythe")
    expect(red.locator(".cell-reporter")).to_have_text("Social worker")
    expect(red.locator(".sla-clock")).to_have_text(re.compile(r"^due in "))
    expect(red).not_to_contain_text("blade")  # never the description
    tab.context.close()


def test_on_a_phone_the_filters_fold_away_and_the_queue_is_on_the_first_screen(
        browser: Browser, web_app: WebApp, seeded: dict[str, str]) -> None:
    tab = signed_in(browser, web_app, SPOC, PHONE)
    expect(tab.locator("#filters")).to_be_hidden()
    summary = tab.locator("#filters-fold summary")
    expect(summary).to_be_visible()
    first = tab.locator("#queue tr.referral-row").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"]  # work, not filters, on the first screen
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    summary.click()
    expect(tab.locator("#filters")).to_be_visible()
    tab.get_by_label("Urgency").select_option("green")
    tab.get_by_role("button", name="Apply filters").click()
    expect(tab).to_have_url(re.compile(r"urgency=green"))
    expect(tab.locator("#filters-fold summary")).to_contain_text("1 on")
    expect(tab.locator("tr.referral-row")).to_have_count(1)
    tab.context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_referral_page_puts_summary_and_actions_first_and_comes_back_to_them(
        browser: Browser, web_app: WebApp, seeded: dict[str, str], viewport: dict[str, int]) -> None:
    tab = signed_in(browser, web_app, SPOC, viewport)
    row(tab, seeded["amber"]).locator("a.reference").click()
    expect(tab.locator("#summary-subject")).to_contain_text("Jo Pupil, 14")
    # Summary and actions before the long detail; on a laptop the acknowledge button is on the first screen.
    actions = tab.locator("#actions")
    assert actions.bounding_box()["y"] < tab.locator("#referral-details").bounding_box()["y"]
    assert tab.locator("#referral-summary").bounding_box()["y"] < tab.locator("#description").bounding_box()["y"]
    acknowledge = tab.get_by_role("button", name="Acknowledge")
    if viewport is LAPTOP:
        assert acknowledge.bounding_box()["y"] + acknowledge.bounding_box()["height"] < viewport["height"]

    # Acknowledge: back at the actions (not the top of the page), assigned to the SPOC.
    acknowledge.click()
    expect(tab).to_have_url(re.compile(r"#actions$"))
    expect(tab.locator("#actions .flash-success")).to_contain_text("It is assigned to you")
    expect(tab.locator("#assigned-to")).to_contain_text("Bexley Queue SPOC")
    expect(tab.locator("#actions .flash-success")).to_be_in_viewport()
    at_actions(tab)
    if viewport is PHONE:
        assert tab.evaluate("window.scrollY") > 0  # the page scrolled to the actions

    # A note from the folded form: back at the same place, and the timeline names the SPOC and inbox.
    tab.locator("#act-note summary").click()
    tab.get_by_label("Note").fill("Spoke to the school; mum is aware.")
    tab.get_by_role("button", name="Add note").click()
    expect(tab).to_have_url(re.compile(r"#actions$"))
    expect(tab.locator("#actions .flash-success")).to_have_text("Note added.")
    at_actions(tab)
    expect(tab.locator("#actions .flash-success")).to_be_in_viewport()
    last = tab.locator("#timeline-events li").last
    expect(last).to_contain_text("by Bexley Queue SPOC, Bexley Community Safety gangs SPOC")
    expect(tab.locator("#timeline-events")).not_to_contain_text(SPOC)
    tab.context.close()


def test_an_error_opens_its_form_where_the_spoc_was(browser: Browser, web_app: WebApp,
                                                   seeded: dict[str, str]) -> None:
    tab = signed_in(browser, web_app, SPOC, PHONE)
    tab.goto(f"{web_app.url}/inbox/r/{seeded['amber']}")
    tab.locator("#act-urgency summary").click()
    tab.get_by_label("New urgency").select_option("red")
    tab.get_by_role("button", name="Change urgency").click()  # no reason given
    expect(tab).to_have_url(re.compile(r"#act-urgency$"))
    expect(tab.locator("#urgency-reason-error")).to_be_visible()
    expect(tab.locator("#urgency-reason-error")).to_be_in_viewport()
    tab.context.close()
