"""Status and outcomes on the referral page: the owner's controls, several outcomes, reopening with a reason."""

from __future__ import annotations

from tests.web.inbox.test_workflow import page_of, post


def test_the_owner_sees_its_areas_outcomes_as_checkboxes(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    section = page_of(client, html, referrals["amber"]).by_id("workflow")
    assert section.by_id("workflow-status").text == "Status: New"
    form = section.by_id("outcomes-form")
    assert form.find("input", name="csrf_token").attrs["value"]
    boxes = [box.attrs["value"] for box in form.find_all("input", type="checkbox")]
    assert "referred_svpp" in boxes and "no_further_action" in boxes and "marac" not in boxes
    for box in form.find_all("input", type="checkbox"):
        assert form.find("label", for_=box.attrs["id"])
    assert section.find_all("form", id="status-form") == []  # acknowledge it first
    assert section.find_all("form", id="reopen-form") == []


def test_a_bromley_referral_is_not_offered_the_bexley_panel(client, sign_in, referrals, html):
    sign_in(client, "bromley")
    form = page_of(client, html, referrals["bromley"]).by_id("outcomes-form")
    boxes = [box.attrs["value"] for box in form.find_all("input", type="checkbox")]
    assert "referred_svpp" not in boxes and "marac" in boxes


def test_set_status_record_outcomes_close_and_reopen(client, sign_in, referrals, html, csrf_token, core):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    post(client, csrf_token, ref, "acknowledge")
    response = post(client, csrf_token, ref, "status", status="awaiting_partner")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/inbox/r/{ref}#workflow")
    page = html(client.get(f"/inbox/r/{ref}"))
    assert page.find("div", cls="flash-success").text == "Status changed to awaiting partner."
    assert page.by_id("workflow-status").text == "Status: Awaiting a partner"
    assert [o.attrs["value"] for o in page.by_id("status-choice").find_all("option")] == ["in_progress"]

    token = csrf_token(client.get(f"/inbox/r/{ref}").get_data(as_text=True))
    response = client.post(f"/inbox/r/{ref}/outcomes", data={
        "csrf_token": token, "outcome": ["referred_svpp", "strategy_discussion"], "note": "Panel Thursday"})
    assert response.status_code == 303
    page = html(client.get(f"/inbox/r/{ref}"))
    assert [li.attrs["data-outcome"] for li in page.by_id("outcome-list").find_all("li")] == [
        "strategy_discussion", "referred_svpp"]
    assert page.by_id("workflow-status").text == "Status: Awaiting a partner"  # neither closes it

    post(client, csrf_token, ref, "outcomes", outcome="no_further_action")
    page = html(client.get(f"/inbox/r/{ref}"))
    assert page.find("div", cls="flash-success").text == "Outcomes recorded. The referral is closed."
    assert page.by_id("workflow-status").text == "Status: Closed (No further action)"
    assert page.find_all("form", id="outcomes-form") == [] and page.find_all("form", id="status-form") == []

    post(client, csrf_token, ref, "reopen", reason="  ")
    page = html(client.get(f"/inbox/r/{ref}"))
    assert page.find("div", cls="flash-error").text.startswith("Not reopened: Give a reason")
    post(client, csrf_token, ref, "reopen", reason="Seen with the same group again")
    page = html(client.get(f"/inbox/r/{ref}"))
    assert page.by_id("workflow-status").text == "Status: Reopened"
    events = [li.attrs["data-action"] for li in page.by_id("timeline-events").find_all("li")]
    assert events[-5:] == ["status", "outcome", "outcome", "closed", "reopened"]
    assert core.queries.get(core.staff.find("bexley.spoc@frontdoor.example"), ref).status == "reopened"


def test_a_refused_outcome_comes_back_with_the_reason(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bromley")
    ref = referrals["bromley"]
    post(client, csrf_token, ref, "outcomes", outcome="referred_svpp")
    page = html(client.get(f"/inbox/r/{ref}"))
    assert page.find("div", cls="flash-error").text == (
        "Outcomes not recorded: Choose an outcome from the list for this referral's area.")
    assert page.find_all("ul", id="outcome-list") == []


def test_a_copy_holder_sees_the_outcomes_but_no_controls(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    section = page_of(client, html, referrals["red"]).by_id("workflow")  # an info-only copy
    assert section.find_all("form", id="outcomes-form") == [] and section.find_all("form", id="status-form") == []
    assert post(client, csrf_token, referrals["red"], "outcomes", outcome="no_further_action").status_code == 403
    assert post(client, csrf_token, referrals["red"], "status", status="in_progress").status_code == 403


def test_the_queue_filters_by_the_new_statuses(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["green"]
    post(client, csrf_token, ref, "acknowledge")
    post(client, csrf_token, ref, "status", status="in_progress")
    page = html(client.get("/inbox/?status=in_progress"))
    assert ref in page.text and referrals["amber"] not in page.text
    assert client.get("/inbox/?status=reopened").status_code == 200
