"""The triage queue: only the member's own and copied referrals, most urgent first."""

from __future__ import annotations

import pytest


def rows(page):
    return page.by_id("queue").find("tbody").find_all("tr", cls="referral-row")


def test_the_queue_shows_own_and_copied_referrals_most_urgent_first(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    response = client.get("/inbox/")
    assert response.status_code == 200
    page = html(response)

    table_rows = rows(page)
    assert [r.attrs["data-reference"] for r in table_rows] == [
        referrals["red"], referrals["amber"], referrals["green"],
    ]
    assert referrals["bromley"] not in response.get_data(as_text=True)
    assert [r.attrs["data-urgency"] for r in table_rows] == ["red", "amber", "green"]
    assert [r.attrs["data-copy"] for r in table_rows] == ["true", "false", "false"]
    assert page.by_id("queue").find("caption").text.startswith("3 referrals")


def test_a_row_has_badge_link_kind_area_age_created_due_and_status(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    red, amber, green = rows(html(client.get("/inbox/")))

    headers = [th.text for th in html(client.get("/inbox/")).by_id("queue").find("thead").find_all("th")]
    assert headers == ["Urgency", "Reference", "Kind", "Area", "Age of the person at risk", "Created", "Due",
                       "Status"]
    cells = [c.text for c in red.children if not isinstance(c, str)]
    assert cells[0] == "Red"  # urgency in words, not colour alone
    assert red.find("span", cls="badge").classes == {"badge", "badge-red"}
    link = red.find("a", cls="reference")
    assert link.attrs["href"] == f"/inbox/r/{referrals['red']}" and link.text == referrals["red"]
    assert "Info-only copy" in cells[1]
    assert cells[2:5] == ["Concern", "London Borough of Bexley", "15"]
    assert cells[5] == "Wed 11 Mar 2026, 10:00"
    assert red.find("span", cls="sla-clock").text == "due in 1h"
    assert cells[7] == "New"

    amber_cells = [c.text for c in amber.children if not isinstance(c, str)]
    assert amber_cells[0] == "Amber" and amber_cells[4] == "14"
    assert amber.find("span", cls="sla-clock").text == "due in 1d"
    green_cells = [c.text for c in green.children if not isinstance(c, str)]
    assert green_cells[0] == "Green" and green_cells[2] == "Community tip" and green_cells[4] == "Not known"
    assert "Info-only copy" not in green_cells[1]


def test_the_sla_clock_counts_down_and_then_up(client, sign_in, referrals, clock, html):
    sign_in(client, "bexley")
    clock.advance(minutes=20)  # (each visit keeps the 30-minute idle session alive)
    client.get("/inbox/")
    clock.advance(minutes=20)
    red = rows(html(client.get("/inbox/")))[0]
    assert red.find("span", cls="sla-clock").text == "due in 20m"
    assert "is-overdue" not in red.classes

    clock.advance(minutes=30)
    red = rows(html(client.get("/inbox/")))[0]
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
        ("status=new", ["red", "amber", "green"]),
        ("status=all", ["red", "amber", "green"]),
        ("inbox=bexley-community-safety", ["red", "amber", "green"]),
        ("inbox=&urgency=&status=", ["red", "amber", "green"]),
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
        referrals["red"], referrals["amber"]]
    [closed] = rows(html(client.get("/inbox/?status=closed")))
    assert closed.attrs["data-reference"] == referrals["green"]
    assert closed.find("span", cls="sla-clock").text == "clock stopped"


def test_an_empty_queue_says_so(client, sign_in, html):
    sign_in(client, "bexley")
    page = html(client.get("/inbox/"))
    assert page.by_id("queue-empty").text == "No referrals match these filters."


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
