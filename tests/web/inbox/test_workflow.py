"""The SPOC workflow through the pages: urgency, assignment, transfer, copies, outcome, timeline, filters."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.workflow_config import WorkflowConfig

try:  # `python -m pytest` from the repository root
    from tests.web.conftest import PASSWORD
except ImportError:  # plain `pytest`
    from conftest import PASSWORD  # type: ignore[no-redef]


def page_of(client, html, reference):
    response = client.get(f"/inbox/r/{reference}")
    assert response.status_code == 200
    return html(response)


def post(client, csrf_token, reference, action, **data):
    """Post ``data`` to the referral's ``action`` with the page's CSRF token."""
    token = csrf_token(client.get(f"/inbox/r/{reference}").get_data(as_text=True))
    return client.post(f"/inbox/r/{reference}/{action}", data={"csrf_token": token, **data})


def flash_text(page, kind="success"):
    return page.find("div", cls=f"flash-{kind}").text


def timeline(page):
    return [(li.attrs["data-action"], li.text) for li in page.by_id("timeline-events").find_all("li")]


# --- the page ---------------------------------------------------------------------------------------------
def test_the_owner_sees_every_action_form_with_labels_and_csrf(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = page_of(client, html, referrals["amber"])
    actions = page.by_id("actions")
    for form_id in ("acknowledge-form", "note-form", "urgency-form", "assign-form", "transfer-form",
                    "copy-form", "close-form"):
        form = actions.find("form", id=form_id)
        assert form.attrs["method"] == "post"
        assert form.find("input", name="csrf_token").attrs["value"]
        for control in form.find_all("select") + form.find_all("textarea"):
            assert form.find("label", for_=control.attrs["id"]), control.attrs["id"]
    urgency_options = [o.attrs["value"] for o in page.by_id("new-urgency").find_all("option")]
    assert urgency_options == ["", "red", "green"]  # not the one it already has
    transfer = page.by_id("transfer-form")
    groups = [g.attrs["label"] for g in transfer.find_all("optgroup")]
    assert "London Borough of Bromley" in groups and "Partnership" in groups
    values = [o.attrs["value"] for o in transfer.find_all("option")]
    assert "bromley-community-safety" in values and "bexley-community-safety" not in values
    assert "checked" in page.by_id("keep-copy").attrs
    assignees = [o.text for o in page.by_id("assignee").find_all("option")]
    assert assignees == ["Nobody", "bexley.spoc (bexley.spoc@frontdoor.example) (you)"]
    copy_values = [o.attrs["value"] for o in page.by_id("copy-inbox").find_all("option")]
    assert "bexley-mash" not in copy_values and "hackney-community-safety" in copy_values  # MASH has one
    outcomes = [o.text for o in page.by_id("outcome").find_all("option")]
    assert outcomes == ["Choose an outcome"] + [o.label for o in WorkflowConfig.load().vocabulary("bexley")]
    assert {"Referred to MASH / children's social care", "Referred to the Serious Violence Prevention Panel",
            "Passed to police as intelligence", "Referred to early help or a youth service",
            "Signposted to support services", "No further action"} <= set(outcomes)
    assert page.by_id("assigned-to").text == "Nobody yet"


def test_people_sections_are_labelled_by_role(client, sign_in, referrals, html):
    sign_in(client, "police")
    page = page_of(client, html, referrals["red"])
    assert page.by_id("people-at-risk-heading").text == "At risk / subject of concern"
    assert page.by_id("people-exploiters-heading").text == "Alleged exploiters / persons of concern"
    assert page.by_id("people-reporter-heading").text == "Reporter"
    assert "Big T" in page.by_id("people-exploiters").text and "Big T" not in page.by_id("people-at-risk").text
    assert "Sam Pupil" not in page.by_id("people-exploiters").text


def test_a_copy_holder_gets_only_the_note_form_and_can_add_a_note(client, sign_in, referrals, html,
                                                                  csrf_token):
    sign_in(client, "bexley")
    ref = referrals["red"]
    page = page_of(client, html, ref)
    assert "add notes" in page.by_id("copy-banner").text
    assert page.by_id("copy-notes").find("form", id="note-form")
    for form_id in ("urgency-form", "assign-form", "transfer-form", "copy-form", "close-form"):
        assert page.find_all("form", id=form_id) == []
    assert page.by_id("copies").find_all("button") == []  # no withdrawing copies either

    response = post(client, csrf_token, ref, "note", note="We know his older brother")
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page) == "Note added."
    action, text = timeline(page)[-1]
    assert action == "note" and "We know his older brother" in text
    assert "by bexley.spoc, Bexley Community Safety gangs SPOC" in text and "@" not in text
    assert response.headers["Location"] == f"/inbox/r/{ref}#copy-notes"
    assert flash_text(page) == page.by_id("copy-notes").find("div", cls="flash").text


@pytest.mark.parametrize(
    ("action", "data"),
    [("urgency", {"urgency": "green", "reason": "not so bad"}), ("assign", {"assignee": "1"}),
     ("transfer", {"inbox": "bexley-community-safety", "reason": "ours"}),
     ("copies", {"inbox": "hackney-community-safety"}), ("copies/remove", {"inbox": "bexley-mash"}),
     ("close", {"outcome": "signposted"})],
)
def test_a_copy_holder_cannot_work_it(client, sign_in, referrals, html, csrf_token, core, staff, action, data):
    sign_in(client, "bexley")
    ref = referrals["red"]
    response = post(client, csrf_token, ref, action, **data)
    assert response.status_code == 403
    assert "info-only copy" in html(response).by_id("error-page").text
    detail = core.queries.get(core.staff.find(staff["police"]), ref)
    assert detail.urgency == "red" and detail.inbox.id == "met-se-gangs" and detail.status == "new"
    assert [e.action for e in detail.events] == ["created"]


@pytest.mark.parametrize("action", ["urgency", "assign", "transfer", "copies", "copies/remove"])
def test_another_inbox_gets_a_404(client, sign_in, referrals, csrf_token, action):
    sign_in(client, "bexley")
    token = csrf_token(client.get(f"/inbox/r/{referrals['amber']}").get_data(as_text=True))
    response = client.post(f"/inbox/r/{referrals['bromley']}/{action}",
                           data={"csrf_token": token, "urgency": "red", "reason": "x", "inbox": "bexley-mash"})
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["urgency", "assign", "transfer", "copies", "copies/remove"])
def test_actions_need_the_csrf_token(client, sign_in, referrals, core, staff, action):
    sign_in(client, "bexley")
    response = client.post(f"/inbox/r/{referrals['amber']}/{action}",
                           data={"urgency": "red", "reason": "x", "inbox": "bromley-community-safety"})
    assert response.status_code == 400
    detail = core.queries.get(core.staff.find(staff["bexley"]), referrals["amber"])
    assert [e.action for e in detail.events] == ["created"]


# --- urgency --------------------------------------------------------------------------------------------------
def test_change_urgency_with_a_reason(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = post(client, csrf_token, ref, "urgency", urgency="red", reason="She was seen with a knife")
    assert response.status_code == 303 and response.headers["Location"] == f"/inbox/r/{ref}#actions"
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page).startswith("Urgency changed to Red")
    assert page.by_id("urgency-heading").text == "Why it is Red"
    reasons = [li.text for li in page.by_id("urgency-reasons").find_all("li")]
    assert len(reasons) >= 2 and reasons[-1].endswith(": She was seen with a knife")
    assert "due in" in page.by_id("referral-summary").text
    action, text = timeline(page)[-1]
    assert action == "urgency_changed" and "Amber to Red: She was seen with a knife" in text
    assert "Urgency changed" in text and "by bexley.spoc, Bexley Community Safety gangs SPOC" in text


@pytest.mark.parametrize(
    ("data", "error_id", "message"),
    [({"urgency": "red", "reason": "  "}, "urgency-reason-error", "Give a reason"),
     ({"urgency": "", "reason": "worse"}, "new-urgency-error", "Choose red, amber or green")],
)
def test_change_urgency_errors_show_on_the_form(client, sign_in, referrals, html, csrf_token, data, error_id,
                                                message):
    sign_in(client, "bexley")
    response = post(client, csrf_token, referrals["amber"], "urgency", **data)
    assert response.status_code == 400
    page = html(response)
    assert message in page.by_id(error_id).text
    assert page.by_id(error_id).attrs["role"] == "alert"
    assert page.find("title").text.startswith("Error: ")
    assert page.by_id("urgency-reason").text == data["reason"].strip()


# --- assignment -------------------------------------------------------------------------------------------------
def test_reassign_to_a_colleague(client, sign_in, referrals, html, csrf_token, core):
    colleague = core.staff.add("colleague@frontdoor.example", ["bexley-community-safety"], name="Col League",
                               password=PASSWORD)
    sign_in(client, "bexley")
    ref = referrals["amber"]
    assert "Col League (colleague@frontdoor.example)" in [
        o.text for o in page_of(client, html, ref).by_id("assignee").find_all("option")]
    response = post(client, csrf_token, ref, "assign", assignee=str(colleague.id))
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page) == "Assigned to Col League (colleague@frontdoor.example)."
    assert page.by_id("assigned-to").text == "Col League (colleague@frontdoor.example)"
    selected = [o.attrs["value"] for o in page.by_id("assignee").find_all("option") if "selected" in o.attrs]
    assert selected == [str(colleague.id)]
    assert timeline(page)[-1][0] == "assigned"
    assert html(client.get("/inbox/?assigned=me")).by_id("queue-empty")

    response = post(client, csrf_token, ref, "assign", assignee="")
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page) == "Assigned to nobody."
    assert page.by_id("assigned-to").text == "Nobody yet"


def test_take_it_yourself_and_filter_assigned_to_me(client, sign_in, referrals, html, csrf_token, core, staff):
    sign_in(client, "bexley")
    me = core.staff.find(staff["bexley"])
    response = post(client, csrf_token, referrals["green"], "assign", assignee=str(me.id))
    assert response.status_code == 303
    queue = html(client.get("/inbox/?assigned=me"))
    assert [r.attrs["data-reference"] for r in queue.by_id("queue").find_all("tr", cls="referral-row")] == [
        referrals["green"]]
    selected = [o for o in queue.by_id("filter-assigned").find_all("option") if "selected" in o.attrs]
    assert [o.attrs["value"] for o in selected] == ["me"]


def test_reassign_to_someone_outside_the_inbox_is_refused(client, sign_in, referrals, html, csrf_token, core,
                                                          staff):
    sign_in(client, "bexley")
    outsider = core.staff.find(staff["bromley"])
    response = post(client, csrf_token, referrals["amber"], "assign", assignee=str(outsider.id))
    assert response.status_code == 400
    page = html(response)
    assert "Only members of Bexley Community Safety gangs SPOC" in page.by_id("assignee-error").text
    assert page.by_id("assigned-to").text == "Nobody yet"


# --- transfer ------------------------------------------------------------------------------------------------------
def test_transfer_to_another_borough_keeps_a_copy(client, sign_in, referrals, html, csrf_token, app):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = post(client, csrf_token, ref, "transfer", inbox="bromley-community-safety",
                    reason="Family moved to Penge", keep_copy="yes")
    assert response.status_code == 303 and response.headers["Location"] == f"/inbox/r/{ref}#copy-notes"
    page = html(client.get(response.headers["Location"]))
    assert "Transferred to Bromley Community Safety gangs SPOC" in flash_text(page)
    assert page.by_id("copy-banner")
    assert page.by_id("owning-inbox").attrs["data-inbox"] == "bromley-community-safety"
    assert "bexley-community-safety" in [li.attrs["data-inbox"] for li in page.by_id("copies").find_all("li")]
    action, text = timeline(page)[-1]
    assert action == "transferred" and "Family moved to Penge" in text

    other = app.test_client()
    sign_in(other, "bromley")
    queue = html(other.get("/inbox/"))
    rows = queue.by_id("queue").find_all("tr", cls="referral-row")
    assert next((r.attrs["data-reference"], r.attrs["data-copy"], r.attrs["data-status"]) for r in rows) == (
        ref, "false", "new")


def test_transfer_without_a_copy_goes_back_to_the_queue(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["green"]
    response = post(client, csrf_token, ref, "transfer", inbox="bromley-community-safety", reason="Lives there")
    assert response.status_code == 303 and response.headers["Location"] == "/inbox/"
    page = html(client.get("/inbox/"))
    assert f"Referral {ref} transferred to Bromley Community Safety gangs SPOC" in flash_text(page)
    assert client.get(f"/inbox/r/{ref}").status_code == 404


@pytest.mark.parametrize(
    ("data", "error_id"),
    [({"inbox": "bromley-community-safety", "reason": ""}, "transfer-reason-error"),
     ({"inbox": "", "reason": "moved"}, "transfer-inbox-error"),
     ({"inbox": "atlantis", "reason": "moved"}, "transfer-inbox-error")],
)
def test_transfer_errors_show_on_the_form(client, sign_in, referrals, html, csrf_token, data, error_id):
    sign_in(client, "bexley")
    response = post(client, csrf_token, referrals["amber"], "transfer", **data)
    assert response.status_code == 400
    page = html(response)
    assert page.by_id(error_id).attrs["role"] == "alert"
    assert page.by_id("transfer-reason").text == data["reason"].strip()
    assert "checked" not in page.by_id("keep-copy").attrs  # what was sent: the box was not ticked
    assert page.by_id("owning-inbox").attrs["data-inbox"] == "bexley-community-safety"


# --- copies ---------------------------------------------------------------------------------------------------------
def test_send_and_withdraw_a_copy(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = post(client, csrf_token, ref, "copies", inbox="bromley-community-safety")
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page) == "Info-only copy sent to Bromley Community Safety gangs SPOC."
    copies = page.by_id("copies")
    item = next(li for li in copies.find_all("li") if li.attrs["data-inbox"] == "bromley-community-safety")
    button = item.find("button")
    assert "Withdraw copy" in button.text and "from Bromley Community Safety gangs SPOC" in button.text

    response = post(client, csrf_token, ref, "copies/remove", inbox="bromley-community-safety")
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert flash_text(page) == "Info-only copy withdrawn."
    assert "bromley-community-safety" not in [li.attrs["data-inbox"] for li in page.by_id("copies").find_all("li")]
    assert [a for a, _ in timeline(page)][-2:] == ["copied", "copy_removed"]


def test_a_copy_for_an_unknown_inbox_is_an_error_on_the_form(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    response = post(client, csrf_token, referrals["amber"], "copies", inbox="")
    assert response.status_code == 400
    assert "Choose an inbox" in html(response).by_id("copy-inbox-error").text


# --- outcome and close --------------------------------------------------------------------------------------------
def test_close_with_an_outcome_from_the_list(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = post(client, csrf_token, ref, "close", outcome="referred_svpp", note="Panel on Thursday")
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert page.by_id("referral-status").text == "Closed: Referred to the Serious Violence Prevention Panel"
    for form_id in ("urgency-form", "assign-form", "transfer-form", "close-form"):
        assert page.find_all("form", id=form_id) == []
    assert timeline(page)[-1][0] == "closed"


# --- the queue ----------------------------------------------------------------------------------------------------
def rows(page):
    """The references of the page's rows: the member's own, then copies for information."""
    return [r.attrs["data-reference"] for r in page.find_all("tr", cls="referral-row")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("kind=tip", ["green"]), ("kind=concern", ["amber", "red"]), ("scope=copies", ["red"]),
     ("scope=owned", ["amber", "green"]), ("scope=owned&urgency=green", ["green"]),
     ("assigned=unassigned", ["amber", "green", "red"]), ("assigned=me", [])],
)
def test_queue_filters_through_the_query(client, sign_in, referrals, html, query, expected):
    sign_in(client, "bexley")
    response = client.get(f"/inbox/?{query}")
    assert response.status_code == 200
    page = html(response)
    assert (rows(page) if expected else []) == [referrals[name] for name in expected]
    for pair in query.split("&"):
        key, value = pair.split("=")
        chosen = [o.attrs["value"] for o in page.by_id(f"filter-{key}").find_all("option") if "selected" in o.attrs]
        assert chosen == [value]


@pytest.mark.parametrize("query", ["kind=rumour", "scope=theirs", "assigned=someone"])
def test_queue_refuses_unknown_filters(client, sign_in, referrals, query):
    sign_in(client, "bexley")
    assert client.get(f"/inbox/?{query}").status_code == 400


def test_the_filter_form_has_labelled_fields(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    form = html(client.get("/inbox/")).by_id("filters")
    assert form.attrs["method"] == "get"
    for name in ("inbox", "urgency", "status", "kind", "assigned", "scope"):
        select = form.find("select", name=name)
        assert form.find("label", for_=select.attrs["id"])


def test_queue_pages_keep_the_filters(client, sign_in, referrals, html, core, monkeypatch):
    from web.inbox import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    sign_in(client, "bexley")
    first = html(client.get("/inbox/?scope=owned&urgency=&status=all"))
    assert rows(first) == [referrals["amber"]]
    nxt = first.by_id("next-page").attrs["href"]
    assert nxt.startswith("/inbox/?") and "scope=owned" in nxt and "status=all" in nxt and "page=2" in nxt
    assert "urgency" not in nxt  # empty filters are left out
    second = html(client.get(nxt))
    assert rows(second) == [referrals["green"]]
    assert "scope=owned" in second.by_id("previous-page").attrs["href"]
    assert second.find_all(id="next-page") == []


@pytest.mark.parametrize(
    ("action", "data"),
    [("urgency", {"urgency": "red", "reason": "\x00\x01\x02"}),
     ("urgency", {"urgency": "red", "reason": "x" * 6000}),
     ("urgency", {"urgency": "\x00", "reason": "worse"}),
     ("assign", {"assignee": "１２"}), ("assign", {"assignee": "9" * 40}), ("assign", {"assignee": "-1"}),
     ("transfer", {"inbox": "bromley-community-safety", "reason": "x" * 6000}),
     ("transfer", {"inbox": "\x00", "reason": "moved"}),
     ("copies", {"inbox": "x" * 5000})],
)
def test_odd_workflow_forms_are_client_errors(client, sign_in, referrals, csrf_token, core, staff, action, data):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = post(client, csrf_token, ref, action, **data)
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    detail = core.queries.get(core.staff.find(staff["bexley"]), ref)
    assert [e.action for e in detail.events] == ["created"]


def test_the_out_of_hours_contact_can_acknowledge_from_the_page(client, sign_in, core, clock, html, csrf_token):
    """A young person's red self-referral on a Saturday night: Bexley YOS is closed, the police SPOC is on duty."""
    clock.set(datetime(2026, 12, 5, 23, 30, tzinfo=ZoneInfo("Europe/London")))
    submission = core.submissions.submit(ReferralDraft(
        kind=Kind.SELF_REFERRAL, channel=Channel.WEB, area="Erith", immediate_danger=True,
        description="They are outside my flat with knives and said they will stab me tonight",
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)]))
    assert submission.out_of_hours_name
    sign_in(client, "police")
    queue = client.get("/inbox/").get_data(as_text=True)
    assert "Out of hours: you are on duty" in queue
    page = page_of(client, html, submission.reference)
    assert "you are the contact on duty" in page.by_id("duty-banner").text
    assert page.find_all(id="copy-banner") == []
    assert "Met South East BCU gangs SPOC" in page.by_id("summary-out-of-hours").text
    for form_id in ("urgency-form", "assign-form", "transfer-form", "close-form"):
        assert page.find_all("form", id=form_id) == []
    response = post(client, csrf_token, submission.reference, "acknowledge")
    assert response.status_code == 303
    page = html(client.get(response.headers["Location"]))
    assert page.by_id("referral-status").text == "Acknowledged"
    action, text = timeline(page)[-1]
    assert action == "acknowledged" and "Acknowledged out of hours by Met South East BCU gangs SPOC" in text
