"""The admin area: audit log viewer, staff management, inboxes and routing."""

from __future__ import annotations

from sqlalchemy import select, text

from frontdoor.services import audit
from frontdoor.store.models import AuditEntry, Staff


def entries(core, **where):
    with core.db.session() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return [(e.actor, e.action, e.reference, e.detail) for e in session.scalars(query)]


def staff_id(core, email):
    with core.db.session() as session:
        return session.scalar(select(Staff.id).where(Staff.email == email))


def post(client, csrf_token, page, path, **data):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


# --- navigation and the guard ----------------------------------------------------------
def test_admins_see_an_admin_link_and_spocs_do_not(client, sign_in, admin, html):
    sign_in(client, "admin")
    nav = html(client.get("/inbox/")).find("nav", cls="staff-nav")
    assert nav.find("a", href="/inbox/admin/").text == "Admin"

    other = client.application.test_client()
    sign_in(other, "bexley")
    assert html(other.get("/inbox/")).find("nav", cls="staff-nav").find_all("a", href="/inbox/admin/") == []


def test_the_admin_start_page_shows_the_chain_status(admin_client, html):
    response = admin_client.get("/inbox/admin/")
    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").text == "Administration"
    assert page.by_id("chain-status").attrs["data-ok"] == "yes"
    assert "Audit chain intact" in page.by_id("chain-status").text


def test_admin_pages_need_a_signed_in_session(client, admin):
    response = client.get("/inbox/admin/staff")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")


# --- the audit log ------------------------------------------------------------------------
def test_the_audit_log_lists_entries_newest_first_with_filters(admin_client, core, referrals, html, staff):
    page = html(admin_client.get("/inbox/admin/audit"))
    rows = page.by_id("audit-entries").find("tbody").find_all("tr")
    ids = [int(r.attrs["data-entry"]) for r in rows]
    assert ids == sorted(ids, reverse=True)
    assert page.by_id("chain-status").attrs["data-ok"] == "yes"

    ref = referrals["amber"]
    filtered = html(admin_client.get(f"/inbox/admin/audit?reference={ref.lower()}"))
    rows = filtered.by_id("audit-entries").find("tbody").find_all("tr")
    assert rows and all(ref in r.text for r in rows)
    assert filtered.find("input", id="filter-reference").attrs["value"] == ref.lower()

    by_action = html(admin_client.get("/inbox/admin/audit?action=staff.add"))
    rows = by_action.by_id("audit-entries").find("tbody").find_all("tr")
    assert len(rows) == 4  # three SPOCs and the administrator
    assert all("staff.add" in r.text for r in rows)

    by_actor = html(admin_client.get("/inbox/admin/audit?actor=reporter:web"))
    assert len(by_actor.by_id("audit-entries").find("tbody").find_all("tr")) == 3


def test_the_audit_log_filters_by_date(client, sign_in, admin, clock, html):
    clock.advance(days=3)
    sign_in(client, "admin")
    client.get("/inbox/admin/")  # entries three days after the accounts were made
    day = clock.now.date().isoformat()
    later = html(client.get(f"/inbox/admin/audit?since={day}"))
    rows = later.by_id("audit-entries").find("tbody").find_all("tr")
    assert rows and all("staff.add" not in r.text for r in rows)
    earlier = html(client.get("/inbox/admin/audit?until=2026-03-11&action=staff.add"))
    assert len(earlier.by_id("audit-entries").find("tbody").find_all("tr")) == 4
    assert client.get("/inbox/admin/audit?since=yesterday").status_code == 400
    assert client.get("/inbox/admin/audit?page=0").status_code == 400


def test_the_audit_log_pages(admin_client, core, html, clock):
    with core.db.session() as session:
        for n in range(60):
            audit.record(session, at=clock(), actor="console", action="test.filler", detail=str(n))
    first = html(admin_client.get("/inbox/admin/audit?action=test.filler"))
    assert len(first.by_id("audit-entries").find("tbody").find_all("tr")) == 50
    older = first.find("a", rel="next").attrs["href"]
    assert "action=test.filler" in older and "page=2" in older
    second = html(admin_client.get(older))
    assert len(second.by_id("audit-entries").find("tbody").find_all("tr")) == 10
    assert second.find_all("a", rel="next") == []
    assert second.find("a", rel="prev")


def test_a_broken_chain_is_shown(admin_client, core, html):
    with core.db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        target = connection.scalar(text("SELECT min(id) FROM audit_log"))
        connection.execute(text("UPDATE audit_log SET detail = 'forged' WHERE id = :id"), {"id": target})
    page = html(admin_client.get("/inbox/admin/audit"))
    status = page.by_id("chain-status")
    assert status.attrs["data-ok"] == "no"
    assert f"broken at entry {target}" in status.text


def test_viewing_the_audit_log_is_audited(admin_client, core, admin):
    admin_client.get("/inbox/admin/audit?action=staff.add")
    views = entries(core, action="admin.audit_view")
    assert views == [(admin, "admin.audit_view", None, "action=staff.add offset=0")]
    assert entries(core, action="admin.audit_verify")[-1][0] == admin


# --- staff ----------------------------------------------------------------------------------
def test_the_staff_list(admin_client, html, staff):
    page = html(admin_client.get("/inbox/admin/staff"))
    rows = page.by_id("staff-list").find("tbody").find_all("tr")
    emails = [r.find("a").text for r in rows]
    assert emails == sorted(staff.values())
    bexley = next(r for r in rows if staff["bexley"] in r.text)
    assert "Bexley" in bexley.text and "SPOC" in bexley.text and "Active" in bexley.text


def test_adding_a_member_shows_the_initial_password_once(admin_client, core, html, csrf_token, admin):
    response = post(admin_client, csrf_token, "/inbox/admin/staff", "/inbox/admin/staff",
                    email="New.Spoc@Frontdoor.example", name="New Spoc",
                    inbox=["bexley-community-safety", "bexley-mash"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = html(response)
    password = page.by_id("password").text
    assert len(password) >= 12
    assert "new.spoc@frontdoor.example" in page.find("h1").parent.text

    principal = core.staff.authenticate_password("new.spoc@frontdoor.example", password)
    assert principal.inboxes == {"bexley-community-safety", "bexley-mash"}
    assert password not in admin_client.get("/inbox/admin/staff").get_data(as_text=True)
    new_id = staff_id(core, "new.spoc@frontdoor.example")
    assert (admin, "admin.staff_add", None, f"staff:{new_id}") in entries(core)
    for entry in entries(core):
        assert password not in " ".join(str(field) for field in entry)


def test_adding_a_member_with_bad_input_shows_the_form_again(admin_client, html, csrf_token, staff):
    response = post(admin_client, csrf_token, "/inbox/admin/staff", "/inbox/admin/staff",
                    email="not-an-email", name="X", inbox=["bexley-mash"])
    assert response.status_code == 400
    page = html(response)
    assert page.by_id("add-error").attrs["role"] == "alert"
    assert page.find("input", id="email").attrs["value"] == "not-an-email"

    taken = post(admin_client, csrf_token, "/inbox/admin/staff", "/inbox/admin/staff",
                 email=staff["bexley"], inbox=["bexley-mash"])
    assert taken.status_code == 409
    unknown = post(admin_client, csrf_token, "/inbox/admin/staff", "/inbox/admin/staff",
                   email="x@frontdoor.example", inbox=["nowhere"])
    assert unknown.status_code == 400


def test_deactivate_ends_sessions_and_reactivate_restores(admin_client, client, core, sign_in, html, csrf_token,
                                                          staff, admin):
    spoc = client.application.test_client()
    sign_in(spoc, "bexley")
    assert spoc.get("/inbox/").status_code == 200
    member = staff_id(core, staff["bexley"])
    page = f"/inbox/admin/staff/{member}"

    response = post(admin_client, csrf_token, page, f"{page}/active", active="0")
    assert response.status_code == 303 and response.headers["Location"] == page
    shown = html(admin_client.get(page))
    assert shown.by_id("account-status").text == "Deactivated"
    assert "deactivated" in shown.find("div", cls="flash-success").text
    assert spoc.get("/inbox/").status_code == 302  # signed out for good

    post(admin_client, csrf_token, page, f"{page}/active", active="1")
    assert html(admin_client.get(page)).by_id("account-status").text == "Active"
    actions = [e[1:] for e in entries(core) if e[0] == admin and e[1] in {"admin.deactivate", "admin.reactivate"}]
    assert actions == [("admin.deactivate", None, f"staff:{member}"), ("admin.reactivate", None, f"staff:{member}")]
    assert post(admin_client, csrf_token, page, f"{page}/active", active="maybe").status_code == 400


def test_an_admin_cannot_deactivate_themselves(admin_client, core, html, csrf_token, admin):
    me = staff_id(core, admin)
    response = post(admin_client, csrf_token, f"/inbox/admin/staff/{me}", f"/inbox/admin/staff/{me}/active",
                    active="0")
    assert response.status_code == 303
    assert "cannot deactivate your own" in html(admin_client.get(response.headers["Location"])).find(
        "div", cls="flash-error").text


def test_changing_inbox_membership(admin_client, core, html, csrf_token, staff, admin):
    member = staff_id(core, staff["bromley"])
    page = f"/inbox/admin/staff/{member}"
    response = post(admin_client, csrf_token, page, f"{page}/inboxes",
                    inbox=["bromley-community-safety", "bexley-mash"])
    assert response.status_code == 303
    assert core.staff.find(staff["bromley"]).inboxes == {"bromley-community-safety", "bexley-mash"}
    form = html(admin_client.get(page)).by_id("inboxes-form")
    ticked = {i.attrs["value"] for i in form.find_all("input", type="checkbox") if "checked" in i.attrs}
    assert ticked == {"bromley-community-safety", "bexley-mash"}
    assert (admin, "admin.staff_inboxes", None,
            f"staff:{member} inboxes=bexley-mash,bromley-community-safety") in entries(core)

    none = post(admin_client, csrf_token, page, f"{page}/inboxes")
    assert none.status_code == 303
    assert "at least one inbox" in html(admin_client.get(page)).find("div", cls="flash-error").text
    assert core.staff.find(staff["bromley"]).inboxes == {"bromley-community-safety", "bexley-mash"}


def test_resetting_two_factor_clears_the_secret(admin_client, core, clock, html, csrf_token, staff, admin):
    member = staff_id(core, staff["police"])
    with core.db.session() as session:
        row = session.get(Staff, member)
        row.totp_secret, row.totp_enrolled_at, row.totp_last_step = "JBSWY3DPEHPK3PXP", clock(), 12345
    page = f"/inbox/admin/staff/{member}"
    assert html(admin_client.get(page)).by_id("account-two-factor").text == "Set up"

    response = post(admin_client, csrf_token, page, f"{page}/reset-two-factor")
    assert response.status_code == 303
    with core.db.session() as session:
        row = session.get(Staff, member)
        assert (row.totp_secret, row.totp_enrolled_at, row.totp_last_step) == (None, None, None)
    assert html(admin_client.get(page)).by_id("account-two-factor").text == "Not set up"
    logged = [e for e in entries(core) if e[1] == "admin.staff_reset_2fa"]
    assert logged == [(admin, "admin.staff_reset_2fa", None, f"staff:{member}")]
    assert all("JBSWY3DPEHPK3PXP" not in str(e) for e in entries(core))


def test_revoking_api_tokens(admin_client, client, core, html, csrf_token, staff, referrals):
    token = core.staff.issue_token(staff["bexley"])
    api = client.application.test_client()
    assert api.get("/api/referrals", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    member = staff_id(core, staff["bexley"])
    page = f"/inbox/admin/staff/{member}"
    assert html(admin_client.get(page)).by_id("account-tokens").text == "1"

    response = post(admin_client, csrf_token, page, f"{page}/revoke-tokens")
    assert response.status_code == 303
    assert "1 API token revoked" in html(admin_client.get(page)).find("div", cls="flash-success").text
    assert api.get("/api/referrals", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert any(e[1] == "admin.staff_revoke_tokens" and e[3] == f"staff:{member} n=1" for e in entries(core))
    assert all(token not in str(e) for e in entries(core))


def test_an_unknown_staff_member_is_a_404(admin_client, csrf_token):
    assert admin_client.get("/inbox/admin/staff/99999").status_code == 404
    response = post(admin_client, csrf_token, "/inbox/admin/staff", "/inbox/admin/staff/99999/revoke-tokens")
    assert response.status_code == 404


def test_admin_forms_need_the_csrf_token(admin_client, core, staff):
    member = staff_id(core, staff["bexley"])
    response = admin_client.post(f"/inbox/admin/staff/{member}/active", data={"active": "0"})
    assert response.status_code == 400
    assert core.staff.find(staff["bexley"])  # still there
    with core.db.session() as session:
        assert session.get(Staff, member).active


# --- inboxes and routing ------------------------------------------------------------------------
def test_the_routing_page_lists_inboxes_areas_and_the_check(admin_client, core, html):
    page = html(admin_client.get("/inbox/admin/routing"))
    check = page.by_id("routing-check")
    assert check.attrs["data-ok"] == "yes"
    assert f"{len(core.table.areas)} areas, {len(core.table.inboxes)} inboxes" in check.text
    inbox_rows = page.by_id("inboxes").find("tbody").find_all("tr")
    assert {r.attrs["data-inbox"] for r in inbox_rows} == set(core.table.inboxes)
    erith_area = next(a for a in core.table.areas.values() if "Erith" in a.places)
    row = page.by_id("areas").find("tr", **{"data-area": erith_area.id})
    assert "Erith" in row.text
    assert page.find_all("form", method="post") == [] or all(
        f.attrs.get("class") == "sign-out" for f in page.find_all("form", method="post"))


def test_a_broken_routing_table_is_reported(admin_client, core, tmp_path, html, monkeypatch):
    bad = tmp_path / "routing.yaml"
    bad.write_text("areas: [not, a, table", encoding="utf-8")
    monkeypatch.setattr(core.admin, "_routing_path", str(bad))
    check = html(admin_client.get("/inbox/admin/routing")).by_id("routing-check")
    assert check.attrs["data-ok"] == "no" and "error:" in check.text


# --- refused to everyone else ---------------------------------------------------------------------
ADMIN_GETS = ["/inbox/admin/", "/inbox/admin/audit", "/inbox/admin/staff", "/inbox/admin/staff/1",
              "/inbox/admin/routing", "/inbox/admin/retention"]
ADMIN_POSTS = ["/inbox/admin/staff", "/inbox/admin/staff/1/active", "/inbox/admin/staff/1/inboxes",
               "/inbox/admin/staff/1/reset-two-factor", "/inbox/admin/staff/1/revoke-tokens",
               "/inbox/admin/retention/FD-AAAA-AAAA/keep", "/inbox/admin/retention/FD-AAAA-AAAA/release"]


def test_every_admin_page_and_action_is_refused_to_a_spoc(client, sign_in, core, staff, csrf_token, html):
    sign_in(client, "bexley")
    for path in ADMIN_GETS:
        response = client.get(path)
        assert response.status_code == 403, path
        assert html(response).by_id("error-page").attrs["data-status"] == "403"
    token = csrf_token(client.get("/inbox/").get_data(as_text=True))
    for path in ADMIN_POSTS:
        response = client.post(path, data={"csrf_token": token, "active": "0", "email": "x@y.example",
                                           "inbox": "bexley-mash"})
        assert response.status_code == 403, path
    refusals = [e for e in entries(core) if e[1] == "admin.denied"]
    assert len(refusals) == len(ADMIN_GETS) + len(ADMIN_POSTS)
    assert all(e[0] == staff["bexley"] for e in refusals)
    with core.db.session() as session:
        assert session.scalar(select(Staff).where(Staff.email == "x@y.example")) is None
        assert all(s.active for s in session.scalars(select(Staff)))


def test_the_admin_routes_are_all_covered_by_the_refusal_test(app):
    rules = {(r.rule, m) for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")
             for m in r.methods - {"HEAD", "OPTIONS"}}
    def rule(path):
        return path.replace("/1", "/<int:staff_id>").replace("/FD-AAAA-AAAA", "/<reference>")

    covered = {(rule(p), "GET") for p in ADMIN_GETS} | {(rule(p), "POST") for p in ADMIN_POSTS}
    assert rules == covered
