"""The staff API shows the workflow state: outcome, assignment, copies and the timeline, same access rules."""

from __future__ import annotations

import pytest


@pytest.fixture
def tokens(core, staff):
    """name → a personal API token."""
    return {name: core.staff.issue_token(email) for name, email in staff.items()}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def get(client, token, reference):
    return client.get(f"/api/referrals/{reference}", headers=auth(token))


def test_a_new_referral_has_no_outcome_and_nobody_assigned(client, tokens, referrals):
    detail = get(client, tokens["bexley"], referrals["amber"]).get_json()
    assert detail["outcome"] is None and detail["outcome_label"] is None
    assert detail["assigned_to"] is None
    assert "assignees" not in detail
    assert [c["id"] for c in detail["copies"]] == ["bexley-mash"]
    assert [(e["action"], e["actor"]) for e in detail["events"]] == [("created", "system")]


def test_the_workflow_shows_in_the_api(client, tokens, referrals, core, staff, clock):
    bexley = core.staff.find(staff["bexley"])
    bromley = core.staff.find(staff["bromley"])
    ref = referrals["amber"]
    core.workflow.reassign(bexley, ref, bexley.id)
    clock.advance(minutes=5)
    core.workflow.change_urgency(bexley, ref, "red", "Threatened at the station")
    detail = get(client, tokens["bexley"], ref).get_json()
    assert detail["assigned_to"] == {"id": bexley.id, "email": staff["bexley"], "name": "bexley.spoc"}
    assert detail["urgency"] == "red" and detail["reasons"][-1].endswith("Threatened at the station")

    core.workflow.transfer(bexley, ref, "bromley-community-safety", "Moved to Penge")
    core.workflow.close(bromley, ref, "police_intelligence")

    for who, is_copy in (("bromley", False), ("bexley", True)):
        response = get(client, tokens[who], ref)
        assert response.status_code == 200
        detail = response.get_json()
        assert detail["is_copy"] is is_copy
        assert detail["inbox"]["id"] == "bromley-community-safety"
        assert detail["status"] == "closed"
        assert detail["outcome"] == "police_intelligence"
        assert detail["outcome_label"] == "Passed to police as intelligence"
        assert detail["assigned_to"] is None  # a transfer leaves it for the new inbox to assign
        assert [c["id"] for c in detail["copies"]] == ["bexley-mash", "bexley-community-safety"]
        assert [e["action"] for e in detail["events"]] == ["created", "assigned", "urgency_changed",
                                                           "transferred", "closed"]
        assert all(e["at"].endswith("+00:00") for e in detail["events"])
        assert detail["events"][3]["actor"] == staff["bexley"]
        assert detail["events"][4]["actor"] == staff["bromley"]
    # The police inbox never had it.
    assert get(client, tokens["police"], ref).status_code == 404


def test_a_transfer_without_a_copy_takes_it_out_of_the_old_owners_api(client, tokens, referrals, core, staff):
    bexley = core.staff.find(staff["bexley"])
    ref = referrals["green"]
    assert get(client, tokens["bexley"], ref).status_code == 200
    core.workflow.transfer(bexley, ref, "bromley-community-safety", "Lives there", keep_copy=False)
    assert get(client, tokens["bexley"], ref).status_code == 404
    assert get(client, tokens["bromley"], ref).get_json()["is_copy"] is False
    listed = client.get("/api/referrals", headers=auth(tokens["bromley"])).get_json()["referrals"]
    assert ref in [r["reference"] for r in listed]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("kind=tip", ["green"]), ("scope=copies", ["red"]), ("scope=owned", ["amber", "green"]),
     ("assigned=me", []), ("assigned=unassigned&urgency=amber", ["amber"])],
)
def test_the_list_takes_the_queue_filters(client, tokens, referrals, query, expected):
    body = client.get(f"/api/referrals?{query}", headers=auth(tokens["bexley"])).get_json()
    assert [r["reference"] for r in body["referrals"]] == [referrals[name] for name in expected]


@pytest.mark.parametrize("query", ["kind=rumour", "scope=theirs", "assigned=someone"])
def test_the_list_refuses_unknown_filters(client, tokens, referrals, query):
    response = client.get(f"/api/referrals?{query}", headers=auth(tokens["bexley"]))
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_statuses_and_outcomes_show_in_the_api(client, tokens, referrals, core, staff):
    bexley = core.staff.find(staff["bexley"])
    ref = referrals["amber"]
    detail = get(client, tokens["bexley"], ref).get_json()
    assert (detail["status"], detail["status_label"], detail["outcomes"]) == ("new", "New", [])
    assert "referred_svpp" in [o["id"] for o in detail["offered"]]
    assert detail["settable_statuses"] == [] and detail["can_reopen"] is False
    core.workflow.acknowledge(bexley, ref)
    core.workflow.set_status(bexley, ref, "awaiting_partner")
    core.workflow.record_outcomes(bexley, ref, ["referred_svpp"])
    detail = get(client, tokens["bexley"], ref).get_json()
    assert (detail["status"], detail["status_label"]) == ("awaiting_partner", "Awaiting a partner")
    assert [(o["id"], o["label"], o["by"]) for o in detail["outcomes"]] == [
        ("referred_svpp", "Referred to the Serious Violence Prevention Panel", staff["bexley"])]
    assert detail["settable_statuses"] == ["in_progress"]
    core.workflow.record_outcomes(bexley, ref, ["nrm_referral", "no_further_action"])
    detail = get(client, tokens["bexley"], ref).get_json()
    assert (detail["status"], detail["outcome"], detail["outcome_label"]) == (
        "closed", "no_further_action", "No further action")
    core.workflow.reopen(bexley, ref, "Seen again at the station")
    detail = get(client, tokens["bexley"], ref).get_json()
    assert detail["status"] == "reopened" and [o["id"] for o in detail["outcomes"]] == [
        "referred_svpp", "nrm_referral", "no_further_action"]
    assert detail["outcome"] is None and detail["outcome_label"] is None
    listed = client.get("/api/referrals?status=reopened", headers=auth(tokens["bexley"])).get_json()
    assert [r["reference"] for r in listed["referrals"]] == [ref]
