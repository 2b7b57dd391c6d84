"""The dashboard page and its CSV: aggregates of the member's own inboxes only, audited."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.store.models import AuditEntry

HEADER = ["period_from", "period_to", "section", "category", "label", "measure", "value"]


@pytest.fixture
def more_referrals(core, referrals):
    """Five more Bexley referrals (Sidcup, amber) and six more Bromley ones (Penge, green) on top of ``referrals``.

    Bexley community safety then sees 8 (one of them an info-only copy); Bromley 7.
    """
    for _ in range(5):
        core.submissions.submit(ReferralDraft(
            kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
            description="She keeps going missing and is running drugs for older boys.",
            people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=14)]))
    for _ in range(6):
        core.submissions.submit(ReferralDraft(
            kind=Kind.TIP, channel=Channel.WEB, area="Penge",
            description="Older lads hanging about by the station with new trainers."))
    return referrals


def table(page, key):
    rows = page.by_id(f"table-{key}").find("tbody").find_all("tr")
    return {row.attrs["data-key"]: row.find("td").text for row in rows}


def read_csv(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def audit(core, action):
    with core.db.session() as session:
        return session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


@pytest.mark.parametrize("path", ["/inbox/dashboard", "/inbox/dashboard.csv"])
def test_the_dashboard_needs_a_signed_in_member(client, staff, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")
    assert "secret" not in response.get_data(as_text=True)


def test_the_page_shows_charts_with_tables_for_the_members_inboxes(client, sign_in, more_referrals, html):
    sign_in(client, "bexley")
    response = client.get("/inbox/dashboard")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    page = html(response)

    assert page.by_id("dashboard-total").find("strong").text == "8"
    assert "Bexley" in page.by_id("dashboard-scope").text
    assert table(page, "area") == {"bexley": "8"}  # no Bromley
    assert table(page, "urgency") == {"red": "<5", "amber": "hidden", "green": "<5"}
    assert table(page, "kind")["concern"] == "hidden" and table(page, "kind")["tip"] == "<5"
    assert table(page, "month")["2026-03"] == "8"
    for key in ("area", "kind", "indicator", "urgency", "month"):
        chart = page.by_id(f"chart-{key}")
        assert chart.tag == "svg" and chart.attrs["role"] == "img"
        assert chart.attrs["aria-labelledby"] == f"chart-{key}-title chart-{key}-desc"
    assert page.by_id("table-acknowledgement") is not None
    # The strict CSP holds: no scripts, no inline styles, no data: URIs.
    assert "<script" not in text and "style=" not in text and "data:" not in text
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # Aggregates only: no reference, no name, no description.
    for reference in more_referrals.values():
        assert reference not in text
    assert "Sam Pupil" not in text and "running drugs" not in text
    nav = page.find("nav", cls="staff-nav")
    assert any(a.attrs.get("href") == "/inbox/dashboard" for a in nav.find_all("a"))


def test_another_inboxs_numbers_are_not_included(client, sign_in, more_referrals, html):
    sign_in(client, "bromley")
    page = html(client.get("/inbox/dashboard"))
    assert page.by_id("dashboard-total").find("strong").text == "7"
    assert table(page, "area") == {"bromley": "7"}

    rows = read_csv(client.get("/inbox/dashboard.csv"))
    assert ["2025-04-01", "2026-03-11", "total", "all", "All referrals", "referrals", "7"] in rows
    assert not any(row[2] == "area" and row[3] == "bexley" for row in rows)


def test_the_csv_has_aggregate_columns_only(client, sign_in, more_referrals):
    sign_in(client, "bexley")
    response = client.get("/inbox/dashboard.csv?from=2026-01-01&to=2026-03-31")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frontdoor-dashboard-2026-01-01-to-2026-03-31.csv"')
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert all(len(row) == len(HEADER) for row in rows)
    assert {row[2] for row in rows[1:]} == {"total", "area", "kind", "indicator", "urgency", "month",
                                            "time_to_acknowledge"}
    assert {row[5] for row in rows[1:]} <= {"referrals", "judged", "within_target", "share_within_target_percent",
                                            "median_hours", "p90_hours"}
    assert ["2026-01-01", "2026-03-31", "area", "bexley", "London Borough of Bexley", "referrals", "8"] in rows
    values = {row[6] for row in rows[1:] if row[5] == "referrals"}
    assert not values & {"1", "2", "3", "4"}  # no count from 1 to 4 anywhere
    text = response.get_data(as_text=True)
    for reference in more_referrals.values():
        assert reference not in text


def test_viewing_and_exporting_are_audited(client, sign_in, core, staff, more_referrals):
    sign_in(client, "bexley")
    client.get("/inbox/dashboard")
    client.get("/inbox/dashboard.csv?from=2026-03-01")

    views, exports = audit(core, "dashboard.view"), audit(core, "dashboard.export")
    assert [(e.actor, e.reference) for e in views] == [(staff["bexley"], None)]
    assert views[0].detail == "from=2025-04-01 to=2026-03-11 scope=bexley-community-safety"
    assert [(e.actor, e.detail) for e in exports] == [
        (staff["bexley"], "from=2026-03-01 to=2026-03-11 scope=bexley-community-safety")]


def test_a_bad_period_shows_the_form_again(client, sign_in, staff, html):
    sign_in(client, "bexley")
    response = client.get("/inbox/dashboard?from=2026-03-10&to=2026-03-01")
    assert response.status_code == 400
    page = html(response)
    assert "must not be after" in page.by_id("period-error").text
    assert page.by_id("period-from").attrs["value"] == "2026-03-10"
    assert client.get("/inbox/dashboard?from=yesterday").status_code == 400
    assert client.get("/inbox/dashboard.csv?to=soon").status_code == 400
