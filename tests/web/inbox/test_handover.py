"""Relocation handovers in the SPOC inbox: the form, starting one, and the printable summary."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from frontdoor.store.models import AuditEntry

try:  # `python -m pytest` from the repository root
    from tests.web.conftest import PASSWORD, enrol_totp
except ImportError:  # plain `pytest`
    from conftest import PASSWORD, enrol_totp  # type: ignore[no-redef]

HACKNEY_EMAIL = "hackney.spoc@frontdoor.example"


@pytest.fixture
def hackney(core, staff):
    """A SPOC of Hackney's community safety inbox (the origin in these tests), signed in as "hackney"."""
    core.staff.add(HACKNEY_EMAIL, ("hackney-community-safety",), name="hackney.spoc", password=PASSWORD)
    enrol_totp(core, HACKNEY_EMAIL)
    staff["hackney"] = HACKNEY_EMAIL
    return HACKNEY_EMAIL


def form(**changes):
    """A complete handover from Hackney to Bexley as the page posts it."""
    data = {
        "person_name": "Jay Example", "date_of_birth": "2002-06-15", "gender": "Male",
        "person_role": "vulnerable_adult_at_risk", "consent": "consented", "consent_reason": "",
        "from_area": "hackney", "to_area": "bexley", "move": "planned", "urgent_because": "",
        "move_reason": "Wants a fresh start away from former associates.", "move_date": "2026-04-01",
        "agency-1-agency": "probation", "agency-1-name": "A. Officer", "agency-1-phone": "020 7946 0101",
        "agency-1-email": "officer@probation.example",
        "agency-2-agency": "voluntary", "agency-2-name": "St Giles Trust caseworker",
        "agency-2-phone": "020 7946 0102", "agency-2-email": "",
        "agency-3-agency": "", "agency-3-name": "", "agency-3-phone": "", "agency-3-email": "",
        "court_orders": "Gang injunction: not to enter the London Borough of Hackney.",
        "positive_requirements": "Attend meetings with the gangs worker.",
        "risks_to_person": "Home address attacked with a firearm.",
        "risks_from_person": "Violence against rival group members.",
        "aspirations": "Plumbing apprenticeship.",
        "referrer_name": "Pat Referrer", "referrer_role": "probation",
        "referrer_agency": "National Probation Service", "referrer_email": "pat@probation.example",
        "referrer_phone": "020 7946 0100",
    }
    data.update(changes)
    return data


def start(client, csrf_token, **changes):
    page = client.get("/inbox/handover/new")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    form_id = next(line for line in page.get_data(as_text=True).splitlines() if 'name="form_id"' in line)
    form_id = form_id.split('value="', 1)[1].split('"', 1)[0]
    return client.post("/inbox/handover/new", data={"csrf_token": token, "form_id": form_id, **form(**changes)})


def audit(core, action):
    with core.db.session() as session:
        return [(e.actor, e.reference) for e in session.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def test_the_queue_links_to_the_form(client, sign_in, html):
    sign_in(client, "bexley")
    link = html(client.get("/inbox/")).by_id("start-handover-link")
    assert link.attrs["href"] == "/inbox/handover/new"


def test_the_form_is_accessible_without_javascript(client, sign_in, html):
    sign_in(client, "bexley")
    page = html(client.get("/inbox/handover/new"))
    handover_form = page.by_id("handover-form")
    assert handover_form.attrs["method"] == "post"
    assert handover_form.find("input", name="csrf_token").attrs["value"]
    assert not page.find_all("script")
    legends = [legend.text.strip() for legend in handover_form.find_all("legend")]
    for heading in ("The person moving", "The move", "Agencies involved", "Court orders and injunction conditions",
                    "Risks", "Their aspirations", "Who is making the handover"):
        assert heading in legends
    controls = [*handover_form.find_all("input"), *handover_form.find_all("select"),
                *handover_form.find_all("textarea")]
    for control in controls:
        if control.attrs.get("type") in ("hidden", "radio"):
            continue
        assert handover_form.find("label", for_=control.attrs["id"]), control.attrs["id"]
    for radio in handover_form.find_all("input", type="radio"):
        assert handover_form.find("label", for_=radio.attrs["id"])
    assert len(handover_form.find_all("fieldset", cls="agency-row")) == 3
    areas = [o.attrs["value"] for o in page.by_id("to-area").find_all("option")]
    assert "bexley" in areas and "hackney" in areas


def test_more_agency_rows_without_losing_answers(client, sign_in, csrf_token, html):
    sign_in(client, "bexley")
    response = start(client, csrf_token, action="more_agencies")
    assert response.status_code == 200
    page = html(response)
    assert len(page.find_all("fieldset", cls="agency-row")) == 5
    assert page.by_id("person-name").attrs["value"] == "Jay Example"
    assert page.by_id("agency-2-name").attrs["value"] == "St Giles Trust caseworker"


def test_missing_answers_show_an_error_summary_and_keep_what_was_typed(client, sign_in, csrf_token, html, core):
    sign_in(client, "bexley")
    response = start(client, csrf_token, person_name="", to_area="hackney", consent="not_asked",
                     **{"agency-3-agency": "police", "agency-3-name": "PC Jones"})
    assert response.status_code == 400
    page = html(response)
    summary = page.by_id("error-summary")
    links = {a.attrs["href"]: a.text for a in summary.find_all("a")}
    assert "#person-name" in links and "#to-area" in links and "#consent-reason" in links
    assert "#agency-3-agency" in links and "phone number or an e-mail" in links["#agency-3-agency"]
    assert "must differ" in links["#to-area"]
    assert page.by_id("person-name").attrs["aria-invalid"] == "true"
    assert page.by_id("move-reason").text == "Wants a fresh start away from former associates."
    assert page.by_id("agency-3-name").attrs["value"] == "PC Jones"
    assert "Error:" in page.find("title").text
    assert audit(core, "referral.create") == []


def test_a_spoc_of_the_origin_starts_a_handover_and_sees_its_copy(client, sign_in, csrf_token, html, hackney, core):
    sign_in(client, "hackney")
    response = start(client, csrf_token)
    assert response.status_code == 303
    reference = response.headers["Location"].rsplit("/", 1)[1]
    page = html(client.get(response.headers["Location"]))
    assert "Bexley" in page.find("div", cls="flash-success").text
    assert "info-only copy" in page.find("div", cls="flash-success").text
    assert page.by_id("copy-banner")  # Hackney reads Bexley's handover as an info-only copy
    assert page.by_id("handover-pdf").find("a").attrs["href"] == f"/inbox/r/{reference}/handover.pdf"
    assert (HACKNEY_EMAIL, reference) in audit(core, "handover.start")


def test_the_destination_owns_it(client, sign_in, csrf_token, html, hackney, app):
    sign_in(client, "hackney")
    reference = start(client, csrf_token).headers["Location"].rsplit("/", 1)[1]
    other = app.test_client()
    sign_in(other, "bexley")
    page = html(other.get(f"/inbox/r/{reference}"))
    assert page.find_all(id="copy-banner") == []
    assert page.by_id("actions")


def test_the_referral_page_shows_areas_by_name_and_one_line_per_agency(client, sign_in, csrf_token, html,
                                                                        hackney):
    sign_in(client, "hackney")
    location = start(client, csrf_token).headers["Location"]
    details = client.get(location).get_data(as_text=True)
    section = details.split('id="details"', 1)[1].split("</dl>", 1)[0]
    assert "Hackney" in section and "Bexley" in section
    assert "probation — A. Officer (020 7946 0101, officer@probation.example)" in section
    assert "[{" not in section and "&#34;agency&#34;" not in section


def test_a_double_submission_starts_one_handover(client, sign_in, csrf_token, hackney, core):
    sign_in(client, "hackney")
    page = client.get("/inbox/handover/new").get_data(as_text=True)
    token = csrf_token(page)
    form_id = page.split('name="form_id" value="', 1)[1].split('"', 1)[0]
    first = client.post("/inbox/handover/new", data={"csrf_token": token, "form_id": form_id, **form()})
    second = client.post("/inbox/handover/new", data={"csrf_token": token, "form_id": form_id, **form()})
    assert first.headers["Location"] == second.headers["Location"]
    assert len(audit(core, "referral.create")) == 1


def test_a_spoc_of_neither_area_is_told_where_it_went(client, sign_in, csrf_token, html):
    sign_in(client, "bromley")  # Hackney to Bexley: Bromley has neither inbox
    response = start(client, csrf_token)
    assert response.status_code == 303 and response.headers["Location"].endswith("/inbox/")
    message = html(client.get(response.headers["Location"])).find("div", cls="flash-success").text
    assert "Bexley" in message and "cannot open it" in message


def test_the_form_needs_a_csrf_token(client, sign_in):
    sign_in(client, "bexley")
    assert client.post("/inbox/handover/new", data=form()).status_code in (400, 403)


def test_the_form_needs_a_full_sign_in(client):
    response = client.get("/inbox/handover/new")
    assert response.status_code in (302, 303) and "/inbox/login" in response.headers["Location"]


def test_the_pdf_downloads_as_an_uncached_attachment_and_is_audited(client, sign_in, csrf_token, hackney, core):
    sign_in(client, "hackney")
    reference = start(client, csrf_token, move="urgent", urgent_because="threats_or_violence",
                      move_date="").headers["Location"].rsplit("/", 1)[1]
    response = client.get(f"/inbox/r/{reference}/handover.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="handover-{reference}.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages)
    assert reference in text and "Red" in text and "Urgent relocation because of threats or violence" in text
    assert "London Borough of Hackney" in text and "London Borough of Bexley" in text
    assert "St Giles Trust caseworker" in text and "Risks from the person" in text
    assert (HACKNEY_EMAIL, reference) in audit(core, "handover.pdf")


def test_a_spoc_of_a_third_inbox_gets_404_for_the_pdf(client, sign_in, csrf_token, hackney, core, app):
    sign_in(client, "hackney")
    reference = start(client, csrf_token).headers["Location"].rsplit("/", 1)[1]
    other = app.test_client()
    sign_in(other, "bromley")
    assert other.get(f"/inbox/r/{reference}/handover.pdf").status_code == 404
    assert other.get("/inbox/r/NOPE-123/handover.pdf").status_code == 404
    assert audit(core, "handover.pdf") == []


def test_other_kinds_have_no_pdf_link_or_pdf(client, sign_in, referrals, html):
    sign_in(client, "bexley")
    page = html(client.get(f"/inbox/r/{referrals['amber']}"))
    assert page.find_all(id="handover-pdf") == []
    assert client.get(f"/inbox/r/{referrals['amber']}/handover.pdf").status_code == 404
