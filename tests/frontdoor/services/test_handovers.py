"""The handover service on SQLite and PostgreSQL: submit, route, need-to-know, PDF audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from frontdoor.errors import InvalidInput, NotFound
from frontdoor.handover import HandoverAnswers
from frontdoor.model import Channel, Kind, ReferralDraft
from frontdoor.services import Core
from frontdoor.store.models import AuditEntry, Referral
from frontdoor.views import Principal
from tests.frontdoor.handover.sample import answers as sample


def answers(**changes: object) -> HandoverAnswers:
    """The sample answers with ``changes``, as the service takes them."""
    return HandoverAnswers(**sample(**changes))

BEXLEY = Principal(1, "bexley.spoc@council.example", "Bexley SPOC", False, frozenset({"bexley-community-safety"}))
HACKNEY = Principal(2, "hackney.spoc@council.example", "Hackney SPOC", False,
                    frozenset({"hackney-community-safety"}))
BROMLEY = Principal(3, "bromley.spoc@council.example", "Bromley SPOC", False,
                    frozenset({"bromley-community-safety"}))


def audit_actions(core: Core, reference: str) -> list[tuple[str, str]]:
    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.reference == reference)
                               .order_by(AuditEntry.id)).all()
        return [(row.actor, row.action) for row in rows]


def test_submit_stores_a_handover_owned_by_the_destination_with_a_copy_to_the_origin(core: Core):
    # A planned move with no risks or orders that show threats (those would make it red).
    result = core.handovers.submit_handover(answers(court_orders=None, risks_to_person=None, risks_from_person=None),
                                            actor=HACKNEY.email)
    assert result.submission.inbox_id == "bexley-community-safety"
    assert result.copies == ("hackney-community-safety",)
    assert result.copy_names == ("Hackney Integrated Gangs Unit",)
    assert result.submission.urgency.value == "green"
    assert result.visible_to(HACKNEY) and result.visible_to(BEXLEY) and not result.visible_to(BROMLEY)

    owner = core.queries.get(BEXLEY, result.reference)
    assert owner.kind == Kind.HANDOVER.value and not owner.is_copy
    assert owner.details["from_area"] == "hackney" and owner.details["to_area"] == "bexley"
    assert json.loads(owner.details["agencies"])[1]["name"] == "St Giles Trust caseworker"
    assert [p.role for p in owner.people] == ["vulnerable_adult_at_risk", "reporter"]
    assert "Relocation handover without threats" in owner.reasons

    origin = core.queries.get(HACKNEY, result.reference)
    assert origin.is_copy and origin.inbox.id == "bexley-community-safety"

    with pytest.raises(NotFound):
        core.queries.get(BROMLEY, result.reference)
    actions = audit_actions(core, result.reference)
    assert ("reporter:staff", "referral.create") in actions
    assert (HACKNEY.email, "handover.start") in actions
    assert (BROMLEY.email, "referral.view.denied") in actions


def test_the_risk_details_are_encrypted_at_rest(core: Core):
    result = core.handovers.submit_handover(answers())
    with core.db.engine.connect() as connection:
        raw = connection.execute(text(f"SELECT details FROM {Referral.__tablename__} WHERE reference = :ref"),
                                 {"ref": result.reference}).scalar_one()
    assert "firearm" not in str(raw) and "St Giles" not in str(raw)


def test_an_urgent_move_because_of_threats_is_red(core: Core):
    result = core.handovers.submit_handover(answers(move="urgent", urgent_because="threats_or_violence",
                                                    move_date=None))
    detail = core.queries.get(BEXLEY, result.reference)
    assert detail.urgency == "red"
    assert "Urgent relocation because of threats or violence" in detail.reasons


def test_invalid_answers_store_nothing(core: Core):
    with pytest.raises(InvalidInput) as caught:
        core.handovers.submit_handover(answers(to_area="hackney"))
    assert caught.value.field == "to_area"
    assert core.handovers.problems(answers(to_area="hackney")) == {
        "to_area": "The area moved to must differ from the area moved from."}
    with core.db.session() as session:
        assert session.scalars(select(Referral)).all() == []


def test_a_repeated_submission_with_the_same_key_is_stored_once(core: Core):
    first = core.handovers.submit_handover(answers(), source_key="handover:test:1")
    second = core.handovers.submit_handover(answers(), source_key="handover:test:1")
    assert first.reference == second.reference


def test_chat_channel_submissions_use_the_same_service(core: Core):
    result = core.handovers.submit_handover(answers(), channel=Channel.WEB)
    assert core.queries.get(BEXLEY, result.reference).channel == "web"


def test_the_pdf_is_for_those_who_can_see_it_and_is_audited(core: Core):
    result = core.handovers.submit_handover(answers())
    pdf = core.handovers.handover_pdf(HACKNEY, result.reference)
    assert pdf.content.startswith(b"%PDF-") and pdf.filename == f"handover-{result.reference}.pdf"
    assert (HACKNEY.email, "handover.pdf") in audit_actions(core, result.reference)
    with pytest.raises(NotFound):
        core.handovers.handover_pdf(BROMLEY, result.reference)
    assert (BROMLEY.email, "handover.pdf") not in audit_actions(core, result.reference)


def test_there_is_no_handover_pdf_for_other_kinds(core: Core):
    concern = core.submissions.submit(ReferralDraft(kind=Kind.CONCERN, channel=Channel.WEB, area="Sidcup",
                                                  description="Running drugs for older boys."))
    with pytest.raises(NotFound):
        core.handovers.handover_pdf(BEXLEY, concern.reference)
    assert (BEXLEY.email, "handover.pdf.denied") in audit_actions(core, concern.reference)


def test_the_longest_handover_the_form_allows_is_stored_whole(core: Core):
    rows = [{"agency": "police", "name": "N" * 200, "phone": "020 7946 0000 " * 2,
             "email": "e" * 180 + "@police.example"} for _ in range(12)]
    long = answers(agencies=rows, person_name="Zoë Ægir-Ó’Brien", **dict.fromkeys(("court_orders", "positive_requirements", "risks_to_person", "risks_from_person", "aspirations"), "x" * 4000))
    result = core.handovers.submit_handover(long)
    detail = core.queries.get(BEXLEY, result.reference)
    assert len(json.loads(detail.details["agencies"])) == 12
    assert detail.people[0].name == "Zoë Ægir-Ó'Brien"  # quotes normalised, letters kept
    assert core.handovers.handover_pdf(BEXLEY, result.reference).content.startswith(b"%PDF-")


def test_a_handover_is_triaged_and_routed_once(core: Core, monkeypatch: pytest.MonkeyPatch):
    def no_second_triage(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the handover path triaged and routed a second time")

    monkeypatch.setattr(core.submissions, "assess", no_second_triage)
    result = core.handovers.submit_handover(answers(court_orders=None, risks_to_person=None, risks_from_person=None))
    assert result.copies == result.submission.copies == ("hackney-community-safety",)


# --- the basis for sharing, recorded from the consent answer ----------------------------------------
@pytest.mark.parametrize(("changes", "recorded"), [
    ({}, ("given", "consent", None)),
    ({"consent": "not_consented", "consent_reason": "He is at risk of serious harm in Hackney"},
     ("refused", "safeguarding_adult", "He is at risk of serious harm in Hackney")),
    ({"consent": "not_asked", "consent_reason": "Moved in an emergency; not yet seen",
      "person_role": "young_person_at_risk", "date_of_birth": "2010-06-15"},
     ("not_asked", "safeguarding_child", "Moved in an emergency; not yet seen")),
    ({"consent": "not_consented", "consent_reason": "Risk to others in the new area",
      "person_role": "alleged_exploiter"},
     ("refused", "public_interest", "Risk to others in the new area")),
])
def test_the_consent_answer_is_the_handovers_basis_for_sharing(core: Core, changes: dict[str, str],
                                                                recorded: tuple[str, str, str | None]):
    result = core.handovers.submit_handover(answers(**changes))
    sharing = core.casework.get(BEXLEY, result.reference).sharing
    assert (sharing.consent, sharing.basis, sharing.reason) == recorded
    assert sharing.agreement is None  # the referrer is no agency of the table: the SPOC chooses one
    assert core.casework.get(HACKNEY, result.reference).sharing == sharing  # the origin's copy carries it
    assert ("system", "referral.sharing") in audit_actions(core, result.reference)
