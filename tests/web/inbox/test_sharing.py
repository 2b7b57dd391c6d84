"""The basis for sharing on the referral page when the referrer's consent answer gave it: filled in for the
owner, who can change it, and shown to the copy holders."""

from __future__ import annotations

from frontdoor.hospital import PresentationAnswers
from tests.frontdoor.hospital.sample import answers
from tests.web.inbox.test_casework import post

REASON = "Risk of serious harm: the group that stabbed him knows where he lives"


def test_a_hospital_presentation_arrives_with_its_basis_for_sharing(client, sign_in, core, staff, html):
    ref = core.hospital.submit_presentation(PresentationAnswers(**answers(
        consent="not_consented", consent_reason=REASON))).reference
    sign_in(client, "bexley")
    page = client.get(f"/inbox/r/{ref}")
    tree = html(page)
    assert tree.by_id("sharing-consent").text == "Consent refused"
    assert "Safeguarding a child" in tree.by_id("sharing-basis-label").text
    assert tree.by_id("sharing-reason").text == REASON
    assert tree.by_id("sharing-agreement").text == "Hospital emergency departments information-sharing agreement (demo)"
    assert tree.by_id("sharing-from-form") and tree.by_id("sharing-form")
    assert "Basis for sharing, from the referrer's answers" in tree.by_id("timeline-events").text

    # The police gangs SPOC's copy carries it, without the form.
    sign_in(client, "police")
    tree = html(client.get(f"/inbox/r/{ref}"))
    assert tree.by_id("sharing-reason").text == REASON and tree.find_all(id="sharing-form") == []

    # The owner changes it.
    sign_in(client, "bexley")
    response = post(client, client.get(f"/inbox/r/{ref}"), f"/inbox/r/{ref}/sharing", consent="given",
                    basis="consent", reason="", agreement="hospital-isa")
    assert response.status_code == 303
    assert html(client.get(f"/inbox/r/{ref}")).by_id("sharing-consent").text == "Consent given"
