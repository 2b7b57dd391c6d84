"""The referral detail JSON carries the casework (lead agency, actions, review date, basis for sharing), with the
API's access rules."""

from __future__ import annotations

from datetime import timedelta


def test_the_casework_shows_in_the_api_to_owners_and_copy_holders_only(client, core, staff, referrals, clock):
    tokens = {name: core.staff.issue_token(email) for name, email in staff.items()}
    police = core.staff.find(staff["police"])
    ref = referrals["red"]
    core.casework.set_lead_agency(police, ref, "police_gangs")
    core.casework.add_action(police, ref, "Strategy discussion", "inbox:bexley-mash", clock() + timedelta(days=1))
    core.casework.set_review(police, ref, clock() + timedelta(days=7))
    core.casework.record_basis(police, ref, "refused", "safeguarding_child", "Parent refused", "partnership-isa")

    for who in ("police", "bexley"):
        detail = client.get(f"/api/referrals/{ref}", headers={"Authorization": f"Bearer {tokens[who]}"}).get_json()
        assert detail["reference"] == ref
        assert (detail["lead_agency"], detail["lead_agency_label"]) == ("police_gangs", "Police gangs SPOC")
        assert detail["review_at"] == (clock() + timedelta(days=7)).isoformat()
        [action] = detail["actions"]
        assert (action["title"], action["owner"], action["done_at"], action["overdue"]) == (
            "Strategy discussion", "inbox:bexley-mash", None, False)
        assert detail["sharing"]["consent"] == "refused" and detail["sharing"]["reason"] == "Parent refused"
        assert detail["sharing"]["agreement"] == "partnership-isa"
    response = client.get(f"/api/referrals/{ref}", headers={"Authorization": f"Bearer {tokens['bromley']}"})
    assert response.status_code == 404
