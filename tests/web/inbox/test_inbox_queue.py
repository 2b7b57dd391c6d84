"""The triage queue: only the member's own and copied referrals, most urgent first."""

from __future__ import annotations

import pytest


def rows(page):
    """Every referral row of the page: the member's own, then copies for information."""
    return page.find_all("tr", cls="referral-row")


def references(table):
    return [r.attrs["data-reference"] for r in table.find("tbody").find_all("tr", cls="referral-row")]


def test_the_queue_shows_own_work_apart_from_copies_for_information(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    response = client.get("/inbox/")
    assert response.status_code == 200
    page = html(response)

    # The red copy owned by the police does not sit above the SPOC's own amber and green.
    assert page.by_id("mine-heading").text == "Mine"
    assert references(page.by_id("queue")) == [referrals["amber"], referrals["green"]]
    assert page.by_id("copies-heading").text == "Copies for information"
    assert references(page.by_id("copies-queue")) == [referrals["red"]]
    assert referrals["bromley"] not in response.get_data(as_text=True)
    assert [r.attrs["data-urgency"] for r in rows(page)] == ["amber", "green", "red"]
    assert [r.attrs["data-copy"] for r in rows(page)] == ["false", "false", "true"]
    assert page.by_id("queue").find("caption").text.startswith("Owned by your inboxes: 2 referrals")
    assert page.by_id("copies-queue").find("caption").text.startswith("Info-only copies: 1 referral,")


def test_a_row_has_urgency_clock_summary_reporter_and_assignee(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = html(client.get("/inbox/"))
    amber, green, red = rows(page)

    headers = [th.text for th in page.by_id("queue").find("thead").find_all("th")]
    assert headers == ["Urgency", "Reference", "Summary (name, age, area, main indicators)", "Reporter",
                       "Assigned to", "Response", "Status"]
    cells = [c.text for c in red.children if not isinstance(c, str)]
    assert cells[0] == "Red"  # urgency in words, not colour alone
    assert red.find("span", cls="badge").classes == {"badge", "badge-red"}
    link = red.find("a", cls="reference")
    assert link.attrs["href"] == f"/inbox/r/{referrals['red']}" and link.text == referrals["red"]
    assert "Info-only copy" not in cells[1]  # it is under the copies heading already
    summary = red.find("td", cls="cell-summary")
    assert summary.find("strong", cls="subject-name").text == "Sam Pupil"
    assert summary.find("span", cls="row-kind").text == "(Concern)"
    line = summary.find("span", cls="summary-line").text
    age, indicators, area = line.split(" · ")
    assert (age, area) == ("Age 15", "London Borough of Bexley") and indicators != "No indicators"
    assert "stabbed" not in summary.text and "knife" not in summary.text  # never the description
    assert cells[3:5] == ["Teacher or school staff", "Nobody"]
    assert red.find("span", cls="sla-clock").text == "due in 1h"
    assert "(due Wed 11 Mar 2026, 11:00)" in cells[5]  # for screen readers; the title gives it on hover
    assert red.find("td", cls="sla").attrs["title"] == "Due Wed 11 Mar 2026, 11:00"
    assert cells[6] == "New"

    amber_cells = [c.text for c in amber.children if not isinstance(c, str)]
    assert amber_cells[0] == "Amber"
    amber_line = amber.find("span", cls="summary-line").text
    assert amber_line.startswith("Age 14 · ") and amber_line.endswith(" · London Borough of Bexley")
    assert amber.find_all("strong", cls="subject-name") == []  # no name was given
    assert amber_cells[3] == "Anonymous"
    assert amber.find("span", cls="sla-clock").text == "due in 1d"
    green_cells = [c.text for c in green.children if not isinstance(c, str)]
    assert green_cells[0] == "Green" and green.find("span", cls="row-kind").text == "(Community tip)"
    assert green.find("span", cls="summary-line").text.startswith("Age not known · ")


def test_the_assignee_shows_by_name(client, sign_in, referrals, core, staff, html):
    sign_in(client, "bexley")
    core.workflow.acknowledge(core.staff.find(staff["bexley"]), referrals["amber"])
    amber = rows(html(client.get("/inbox/")))[0]
    assert amber.find("td", cls="cell-assignee").text == core.staff.find(staff["bexley"]).name


def test_the_sla_clock_counts_down_and_then_up(client, sign_in, referrals, clock, html):
    sign_in(client, "bexley")
    clock.advance(minutes=20)  # (each visit keeps the 30-minute idle session alive)
    client.get("/inbox/")
    clock.advance(minutes=20)
    red = rows(html(client.get("/inbox/")))[-1]
    assert red.find("span", cls="sla-clock").text == "due in 20m"
    assert "is-overdue" not in red.classes

    clock.advance(minutes=30)
    red = rows(html(client.get("/inbox/")))[-1]
    assert red.find("span", cls="sla-clock").text == "overdue by 10m"
    assert "is-overdue" in red.classes


def test_the_police_spoc_sees_only_their_referral_as_owner(client, sign_in, referrals, html):
    sign_in(client, "police")
    [red] = rows(html(client.get("/inbox/")))
    assert red.attrs["data-reference"] == referrals["red"]
    assert red.attrs["data-copy"] == "false"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("urgency=amber", ["amber"]),
        ("urgency=red", ["red"]),
        ("status=new", ["amber", "green", "red"]),
        ("status=all", ["amber", "green", "red"]),
        ("inbox=bexley-community-safety", ["amber", "green", "red"]),
        ("inbox=&urgency=&status=", ["amber", "green", "red"]),
    ],
)
def test_filters(client, sign_in, referrals, html, query, expected):
    sign_in(client, "bexley")
    page = html(client.get(f"/inbox/?{query}"))
    assert [r.attrs["data-reference"] for r in rows(page)] == [referrals[name] for name in expected]


def test_the_filter_form_keeps_its_choices(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = html(client.get("/inbox/?urgency=amber&status=all"))
    form = page.by_id("filters")
    assert form.attrs["method"] == "get"
    assert form.find("label", for_="filter-inbox").text == "Inbox"
    assert form.find("label", for_="filter-urgency").text == "Urgency"
    assert form.find("label", for_="filter-status").text == "Status"
    assert form.find("select", id="filter-urgency").find("option", value="amber").attrs.keys() >= {"selected"}
    assert form.find("select", id="filter-status").find("option", value="all").attrs.keys() >= {"selected"}
    options = [o.text for o in form.find("select", id="filter-inbox").find_all("option")]
    assert options == ["All my inboxes", "Bexley Community Safety gangs SPOC"]
    assert form.find("button").text == "Apply filters"


def test_closed_referrals_leave_the_open_queue(client, sign_in, referrals, core, staff, html):
    sign_in(client, "bexley")
    core.workflow.close(core.staff.find(staff["bexley"]), referrals["green"], "signposted")
    assert [r.attrs["data-reference"] for r in rows(html(client.get("/inbox/")))] == [
        referrals["amber"], referrals["red"]]
    [closed] = rows(html(client.get("/inbox/?status=closed")))
    assert closed.attrs["data-reference"] == referrals["green"]
    assert closed.find("span", cls="sla-clock").text == "clock stopped"


def test_an_empty_queue_says_so(client, sign_in, html):
    sign_in(client, "bexley")
    page = html(client.get("/inbox/"))
    assert page.by_id("queue-empty").text == "No referrals of your inboxes match these filters."
    assert page.find_all(id="copies-for-information") == []  # no copies: no empty heading


@pytest.mark.parametrize("query", ["urgency=purple", "status=lost", "page=0", "page=abc", "page=-1", "page=²",
                                   "page=99999999999999999999"])
def test_bad_filters_are_a_400_page(client, sign_in, referrals, html, query):
    sign_in(client, "bexley")
    response = client.get(f"/inbox/?{query}")
    assert response.status_code == 400
    assert html(response).by_id("error-page")


def test_someone_elses_inbox_is_not_found(client, sign_in, referrals):
    sign_in(client, "bexley")
    assert client.get("/inbox/?inbox=met-se-gangs").status_code == 404
