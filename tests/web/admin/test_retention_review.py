"""The retention review list: administrators keep a referral (reason and date) or let it be deleted."""

from __future__ import annotations

from sqlalchemy import select

from frontdoor.store.models import AuditEntry, Referral


def post(client, csrf_token, path, **data):
    token = csrf_token(client.get("/inbox/admin/retention").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def due_for_review(core, clock, reference, spoc_email="bexley.spoc@frontdoor.example"):
    """Close ``reference`` with a note and an SVPP referral and move past its six years."""
    spoc = core.staff.find(spoc_email)
    core.workflow.add_note(spoc, reference, "Spoke to the school")
    core.workflow.record_outcomes(spoc, reference, ["referred_svpp", "no_further_action"])
    clock.advance(days=2191)
    core.retention.purge()


def test_the_list_is_for_administrators_only(client, sign_in, referrals):
    sign_in(client, "bexley")
    assert client.get("/inbox/admin/retention").status_code == 403


def test_an_empty_list_says_so(admin_client, html):
    page = html(admin_client.get("/inbox/admin/retention"))
    assert page.by_id("retention-empty").text == "Nothing is waiting for review."
    assert page.find("nav", cls="admin-nav").find("a", href="/inbox/admin/retention").text == "Retention review"


def test_keep_with_a_reason_and_a_date(client, sign_in, admin, html, csrf_token, core, clock, referrals):
    ref = referrals["amber"]
    due_for_review(core, clock, ref)
    admin_client = client
    sign_in(admin_client, "admin")  # after the years went by
    page = html(admin_client.get("/inbox/admin/retention"))
    row = page.by_id("retention-reviews").find("tr", **{"data-reference": ref})
    assert row.attrs["data-state"] == "pending"
    assert "1 notes or questions" in row.text and "Serious Violence Prevention Panel" in row.text
    assert "Spoke to the school" not in page.text  # no content, only what the decision needs

    response = post(admin_client, csrf_token, f"/inbox/admin/retention/{ref}/keep", reason="", until="2040-01-01")
    assert response.status_code == 303
    page = html(admin_client.get("/inbox/admin/retention"))
    assert page.find("div", cls="flash-error").text.startswith(f"{ref} not kept: Give a reason")

    post(admin_client, csrf_token, f"/inbox/admin/retention/{ref}/keep", reason="Sibling open", until="someday")
    assert "must be a date" in html(admin_client.get("/inbox/admin/retention")).find("div", cls="flash-error").text

    post(admin_client, csrf_token, f"/inbox/admin/retention/{ref}/keep", reason="Sibling's case open",
         until="2040-01-01")
    page = html(admin_client.get("/inbox/admin/retention"))
    assert page.find("div", cls="flash-success").text == f"{ref} kept; it comes up for review again on 2040-01-01."
    assert page.by_id("retention-empty")
    page = html(admin_client.get("/inbox/admin/retention?all=1"))
    row = page.by_id("retention-reviews").find("tr", **{"data-reference": ref})
    assert row.attrs["data-state"] == "kept" and "Sibling's case open" in row.text
    with core.db.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "retention.keep")).all()
    assert (entry.reference, entry.actor, entry.detail) == (ref, "admin@frontdoor.example", "until=2040-01-01")


def test_let_it_be_deleted(client, sign_in, admin, html, csrf_token, core, clock, referrals):
    ref = referrals["amber"]
    due_for_review(core, clock, ref)
    admin_client = client
    sign_in(admin_client, "admin")
    response = post(admin_client, csrf_token, f"/inbox/admin/retention/{ref}/release")
    assert response.status_code == 303
    page = html(admin_client.get("/inbox/admin/retention"))
    assert page.find("div", cls="flash-success").text == f"{ref} will be deleted by the next retention purge."
    core.retention.purge()
    with core.db.session() as session:
        assert session.scalar(select(Referral.id).where(Referral.reference == ref)) is None
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.reference == ref)))
    assert "retention.release" in actions
    assert admin_client.post(f"/inbox/admin/retention/{ref}/release").status_code == 400  # no CSRF token
