"""The referral page and its actions: acknowledge, add a note, close."""

from __future__ import annotations

import pytest


def facts(element):
    """{term: description} of the description lists inside ``element``."""
    return {dt.text: dt.parent.find("dd").text for dt in element.find_all("dt")}


def page_of(client, html, reference):
    response = client.get(f"/inbox/r/{reference}")
    assert response.status_code == 200
    return html(response)


def test_the_page_shows_triage_reasons_indicators_and_routing(client, sign_in, referrals, html):
    sign_in(client, "police")
    page = page_of(client, html, referrals["red"])

    heading = page.by_id("referral-heading")
    assert heading.tag == "h1" and heading.text == f"Referral {referrals['red']}"
    assert page.by_id("urgency-heading").text == "Why it is Red"
    assert [li.text for li in page.by_id("urgency-reasons").find_all("li")] == [
        "Weapon together with threats or intent to use it",
        "Serious violence or injury (stabbed, shot or beaten), recent or ongoing",
    ]
    assert {li.attrs["data-code"] for li in page.by_id("indicators").find_all("li")} >= {"weapon", "threats"}
    assert page.by_id("owning-inbox").attrs["data-inbox"] == "met-se-gangs"
    assert [li.attrs["data-inbox"] for li in page.by_id("copies").find_all("li")] == [
        "bexley-community-safety", "bexley-mash", "bexley-education"]
    assert "Red concern or tip: Police gangs SPOC" in page.by_id("routing-reasons").text
    assert "threatening to come back with a knife" in page.by_id("description-text").text
    assert page.find_all(id="copy-banner") == []
    assert "due in 1h" in page.by_id("referral-summary").text


def test_people_are_grouped_by_role_and_never_mixed(client, sign_in, referrals, html):
    sign_in(client, "police")
    page = page_of(client, html, referrals["red"])

    people = page.by_id("people")
    assert [h.text for h in people.find_all("h3")] == [
        "At risk / subject of concern", "Alleged exploiters / persons of concern", "Reporter",
        "Others (witnesses)"]
    at_risk = page.by_id("people-at-risk")
    assert [p.attrs["data-role"] for p in at_risk.find_all("div", cls="person")] == ["young_person_at_risk"]
    assert "Sam Pupil" in at_risk.text and "Erith Academy" in at_risk.text and "Big T" not in at_risk.text
    assert facts(at_risk) == {"Age": "15", "School": "Erith Academy", "Known to social care": "Yes",
                              "Looked-after child": "Not known", "Parent or carer aware": "Not known"}

    exploiters = page.by_id("people-exploiters")
    assert [p.attrs["data-role"] for p in exploiters.find_all("div", cls="person")] == ["alleged_exploiter"]
    assert "Big T" in exploiters.text and "Drives a black car" in exploiters.text
    assert "Sam Pupil" not in exploiters.text

    reporter = page.by_id("people-reporter")
    assert "Ms Teacher" in reporter.text
    assert facts(reporter) == {"Role": "Teacher or school staff", "Organisation": "Erith Academy",
                               "Email": "teacher@school.example"}

    others = page.by_id("people-others")
    assert "Corner Shop Owner" in others.text and "Sam Pupil" not in others.text


def test_an_anonymous_report_says_so(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = page_of(client, html, referrals["green"])
    assert "Anonymous report" in page.by_id("people-reporter").text
    assert "No one at risk was described" in page.by_id("people-at-risk").text


def test_an_info_only_copy_has_a_banner_and_no_work_forms(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = page_of(client, html, referrals["red"])
    banner = page.by_id("copy-banner")
    assert "Info-only copy" in banner.text
    assert "Met South East BCU gangs SPOC" in banner.text
    assert page.find_all(id="actions") == []
    assert page.find_all("form", id="acknowledge-form") == []
    # A copy holder may add a note, nothing else (see test_workflow.py).
    assert page.by_id("copy-notes").find("form", id="note-form")
    for form in ("close-form", "urgency-form", "assign-form", "transfer-form", "copy-form"):
        assert page.find_all("form", id=form) == []


def test_the_owner_sees_the_work_forms(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = page_of(client, html, referrals["amber"])
    actions = page.by_id("actions")
    assert [h.text for h in actions.find_all("h3")] == [
        "Acknowledge", "Add a note", "Change urgency", "Assign", "Transfer to another inbox",
        "Send an info-only copy", "Close with an outcome"]
    assert actions.find("form", id="acknowledge-form").find("button").text == "Acknowledge"
    note_form = actions.find("form", id="note-form")
    assert note_form.find("label", for_="note").text == "Note"
    assert note_form.find("button").text == "Add note"
    close_form = actions.find("form", id="close-form")
    assert close_form.find("label", for_="outcome").text == "Outcome"
    options = [o.attrs["value"] for o in close_form.find("select", id="outcome").find_all("option")]
    assert options[0] == "" and "signposted" in options and "no_further_action" in options
    assert close_form.find("label", for_="close-note").text == "Closing comment (optional)"
    assert close_form.find("button").text == "Close referral"
    for form in (actions.find("form", id="acknowledge-form"), note_form, close_form):
        assert form.attrs["method"] == "post"
        assert form.find("input", name="csrf_token")


@pytest.mark.parametrize("reference_name", ["bromley", None])
def test_a_referral_that_is_not_visible_is_a_404(client, sign_in, referrals, html, reference_name):
    sign_in(client, "bexley")
    reference = referrals[reference_name] if reference_name else "FD-NOPE-NOPE"
    response = client.get(f"/inbox/r/{reference}")
    assert response.status_code == 404
    assert html(response).by_id("error-page").attrs["data-status"] == "404"
    assert "Sign out" in response.get_data(as_text=True)


def test_references_are_forgiving(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    sloppy = referrals["amber"].lower().replace("-", "")
    assert page_of(client, html, sloppy).by_id("referral-heading").attrs["data-reference"] == referrals["amber"]


def _post(client, html, csrf_token, path, referral_page, **data):
    token = csrf_token(client.get(referral_page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def test_acknowledge(client, sign_in, referrals, html, csrf_token, core, staff):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/acknowledge", f"/inbox/r/{ref}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/inbox/r/{ref}#actions"  # back to where the member was

    page = html(client.get(response.headers["Location"]))
    flash = page.by_id("actions").find("div", cls="flash-success")  # at the anchor, not above the page
    assert "Referral acknowledged" in flash.text and "assigned to you" in flash.text
    assert page.by_id("referral-status").text == "Acknowledged"
    assert page.find_all("form", id="acknowledge-form") == []
    assert "clock stopped" in page.by_id("referral-summary").text
    # Acknowledging assigns it to whoever acknowledged it; the timeline names them and their inbox.
    member = core.staff.find(staff["bexley"])
    assert page.by_id("assigned-to").text == f"{member.name} ({member.email})"
    timeline = page.by_id("timeline").text
    assert "Acknowledged" in timeline and f"by {member.name}, Bexley Community Safety gangs SPOC" in timeline
    assert f"Assigned to {member.name}, who acknowledged it" in timeline
    assert staff["bexley"] not in timeline  # names, not e-mail addresses

    again = client.post(f"/inbox/r/{ref}/acknowledge", data={"csrf_token": csrf_token(str(client.get(
        f"/inbox/r/{ref}").get_data(as_text=True)))})
    assert again.status_code == 303
    flash = html(client.get(f"/inbox/r/{ref}")).find("div", cls="flash-error")
    assert "Already acknowledged" in flash.text and flash.attrs["role"] == "alert"


def test_add_a_note(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    note = "Spoke to the DSL <b>today</b>; مرحبا 👍"
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/note", f"/inbox/r/{ref}", note=note)
    assert response.status_code == 303
    body = client.get(f"/inbox/r/{ref}").get_data(as_text=True)
    page = html(body)
    assert "Note added" in page.find("div", cls="flash-success").text
    assert note in page.by_id("timeline").text
    assert "<b>today</b>" not in body


@pytest.mark.parametrize(("note", "error"), [("   ", "cannot be empty"), ("x" * 5001, "too long")])
def test_a_bad_note_is_shown_again_with_the_error(client, sign_in, referrals, html, csrf_token, note, error):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/note", f"/inbox/r/{ref}", note=note)
    assert response.status_code == 400
    page = html(response)
    assert error in page.by_id("note-error").text
    box = page.by_id("note")
    assert box.attrs["aria-invalid"] == "true"
    assert box.text == " ".join(note.split())


def test_close_with_an_outcome(client, sign_in, referrals, html, csrf_token):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/close", f"/inbox/r/{ref}",
                     outcome="referred_mash", note="MASH accepted")
    assert response.status_code == 303
    page = html(client.get(f"/inbox/r/{ref}"))
    assert "Referral closed: Referred to MASH / children's social care." in page.find("div", cls="flash").text
    assert page.by_id("referral-status").text == "Closed: Referred to MASH / children's social care"
    assert "MASH accepted" in page.by_id("timeline").text
    assert page.find_all("form", id="close-form") == []


@pytest.mark.parametrize("outcome", ["", "made_up"])
def test_closing_needs_a_listed_outcome(client, sign_in, referrals, html, csrf_token, outcome):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/close", f"/inbox/r/{ref}",
                     outcome=outcome, note="keep me")
    assert response.status_code == 400
    page = html(response)
    assert "Choose an outcome" in page.by_id("outcome-error").text
    assert page.by_id("close-note").text == "keep me"
    assert page.by_id("referral-status").text == "New"


def test_closing_twice_is_refused_politely(client, sign_in, referrals, html, csrf_token, core, staff):
    sign_in(client, "bexley")
    ref = referrals["amber"]
    token = csrf_token(client.get(f"/inbox/r/{ref}").get_data(as_text=True))
    core.workflow.close(core.staff.find(staff["bexley"]), ref, "signposted")
    response = client.post(f"/inbox/r/{ref}/close", data={"csrf_token": token, "outcome": "no_further_action"})
    assert response.status_code == 303
    assert "Already closed" in html(client.get(f"/inbox/r/{ref}")).find("div", cls="flash-error").text


@pytest.mark.parametrize(
    ("action", "data"),
    [("acknowledge", {}), ("close", {"outcome": "signposted"})],
)
def test_work_on_an_info_only_copy_is_refused(client, sign_in, referrals, html, csrf_token, core, staff,
                                              action, data):
    sign_in(client, "bexley")
    ref = referrals["red"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/{action}", f"/inbox/r/{ref}", **data)
    assert response.status_code == 403
    assert "info-only copy" in html(response).by_id("error-page").text
    detail = core.queries.get(core.staff.find(staff["police"]), ref)
    assert detail.status == "new"
    assert [e.action for e in detail.events] == ["created"]


@pytest.mark.parametrize("action", ["acknowledge", "note", "close"])
def test_work_on_an_invisible_referral_is_a_404(client, sign_in, referrals, html, csrf_token, action):
    sign_in(client, "bexley")
    ref = referrals["bromley"]
    response = _post(client, html, csrf_token, f"/inbox/r/{ref}/{action}", "/inbox/",
                     note="x", outcome="signposted")
    assert response.status_code == 404
