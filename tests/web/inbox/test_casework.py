"""The casework controls on the referral page (lead agency, actions, review, basis for sharing, a question by
e-mail) and the overdue list partial for the queue."""

from __future__ import annotations

from datetime import timedelta

from flask import g, render_template_string

from web.inbox.casework import template_context
from web.inbox.pages import staff_context


def post(client, page, url, **data):
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    return client.post(url, data={"csrf_token": token, **data})


def test_the_owner_sets_lead_agency_actions_and_review_from_the_page(client, sign_in, core, referrals, html,
                                                                     staff, clock):
    ref = referrals["amber"]
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{ref}")
    tree = html(page)
    assert tree.by_id("lead-agency").text == "Not set" and tree.by_id("action-form")
    assert post(client, page, f"/inbox/r/{ref}/lead-agency", lead_agency="police_gangs").status_code == 303
    me = core.staff.find(staff["bexley"])
    response = post(client, page, f"/inbox/r/{ref}/actions", title="Joint visit with police",
                    owner=f"staff:{me.id}", due_at="2026-03-12")
    assert response.status_code == 303
    assert post(client, page, f"/inbox/r/{ref}/review", review_at="2026-03-20").status_code == 303

    tree = html(client.get(f"/inbox/r/{ref}"))
    assert tree.by_id("lead-agency").text == "Police gangs SPOC"
    assert "Joint visit with police" in tree.by_id("case-actions").text
    assert "20 Mar 2026" in tree.by_id("review-date").text
    [action] = core.casework.get(me, ref).actions
    assert action.due_at.hour == 17  # close of business, London time (GMT in March)

    page = client.get(f"/inbox/r/{ref}")
    assert post(client, page, f"/inbox/r/{ref}/actions/done", action=str(action.id)).status_code == 303
    assert "done" in html(client.get(f"/inbox/r/{ref}")).by_id("case-actions").text


def test_a_bad_action_is_refused_with_a_message(client, sign_in, referrals, html):
    ref = referrals["amber"]
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{ref}")
    response = post(client, page, f"/inbox/r/{ref}/actions", title="Visit", owner="inbox:bexley-community-safety",
                    due_at="next week")
    assert response.status_code == 303
    shown = client.get(f"/inbox/r/{ref}").get_data(as_text=True)
    assert "Action not added: The due date must be a date like 2026-03-11." in shown


def test_the_basis_for_sharing_is_recorded_and_shown_to_copy_holders(client, sign_in, referrals, html):
    ref = referrals["red"]  # owned by met-se-gangs; Bexley community safety holds a copy
    sign_in(client, "police")
    page = client.get(f"/inbox/r/{ref}")
    response = post(client, page, f"/inbox/r/{ref}/sharing", consent="not_asked", basis="safeguarding_child",
                    reason="Asking would alert the exploiters", agreement="partnership-isa")
    assert response.status_code == 303

    sign_in(client, "bexley")
    tree = html(client.get(f"/inbox/r/{ref}"))
    assert tree.by_id("sharing-consent").text == "Consent not asked"
    assert "Schedule 1 paragraph 18" in tree.by_id("sharing-basis-label").text
    assert tree.by_id("sharing-reason").text == "Asking would alert the exploiters"
    assert tree.find_all(id="sharing-form") == [] and tree.find_all(id="action-form") == []
    assert post(client, client.get(f"/inbox/r/{ref}"), f"/inbox/r/{ref}/lead-agency",
                lead_agency="health").status_code == 403


def test_a_basis_without_a_reason_is_refused(client, sign_in, referrals):
    ref = referrals["amber"]
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{ref}")
    post(client, page, f"/inbox/r/{ref}/sharing", consent="refused", basis="public_interest", reason="")
    assert "Basis for sharing not recorded: Give the reason" in client.get(f"/inbox/r/{ref}").get_data(as_text=True)


def test_the_question_by_email_is_offered_when_the_reporter_gave_an_address(client, sign_in, referrals, html,
                                                                            core, staff):
    sign_in(client, "police")
    page = client.get(f"/inbox/r/{referrals['red']}")
    assert html(page).by_id("question-email-form")
    assert post(client, page, f"/inbox/r/{referrals['red']}/question-email",
                question="Which class is he in?").status_code == 303
    events = core.queries.get(core.staff.find(staff["police"]), referrals["red"]).events
    assert (events[-1].action, events[-1].body) == ("question", "Which class is he in?")
    sign_in(client, "bexley")
    assert html(client.get(f"/inbox/r/{referrals['amber']}")).find_all(id="question-email-form") == []


def test_the_overdue_partial_lists_the_members_overdue_work(app, core, referrals, staff, clock):
    me = core.staff.find(staff["bexley"])
    core.casework.add_action(me, referrals["amber"], "Visit", "inbox:bexley-community-safety",
                             clock() + timedelta(days=1))
    clock.advance(days=2)
    with app.test_request_context("/inbox/"):
        g.principal = me
        shown = render_template_string('{% include "inbox/_overdue.html" %}', **staff_context(), **template_context())
    assert referrals["amber"] in shown and "Action due" in shown
    with app.test_request_context("/inbox/"):
        g.principal = core.staff.find(staff["bromley"])
        assert render_template_string('{% include "inbox/_overdue.html" %}', **staff_context(), **template_context()).strip() == ""
