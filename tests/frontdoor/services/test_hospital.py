"""The hospital service on SQLite and PostgreSQL: submit, route, copies, red with threats, idempotency."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from frontdoor.errors import InvalidInput, Unavailable
from frontdoor.hospital import PresentationAnswers
from frontdoor.model import Channel, Kind, Urgency
from frontdoor.services import Core
from frontdoor.store.models import Job, Referral
from frontdoor.views import Principal
from tests.frontdoor.hospital.sample import answers as sample
from tests.frontdoor.services.referrals.support import audit_entries


def answers(**changes: object) -> PresentationAnswers:
    """The sample answers with ``changes``, as the service takes them."""
    return PresentationAnswers(**sample(**changes))

BEXLEY = Principal(1, "bexley.spoc@council.example", "Bexley SPOC", False, frozenset({"bexley-community-safety"}))
POLICE = Principal(2, "se.gangs@police.example", "SE gangs SPOC", False, frozenset({"met-se-gangs"}))
MASH = Principal(3, "mash@bexley.example", "Bexley MASH", False, frozenset({"bexley-mash"}))
TRIAGE = Principal(4, "triage@partnership.example", "Partnership triage", False, frozenset({"partnership-triage"}))


def stored(core: Core) -> list[Referral]:
    with core.db.session() as session:
        return list(session.scalars(select(Referral)).all())


def test_a_stab_victim_goes_to_the_areas_community_safety_spoc_with_a_police_copy(core: Core):
    submission = core.hospital.submit_presentation(answers())
    assert submission.inbox_id == "bexley-community-safety"
    assert submission.area_name == "London Borough of Bexley"
    # Any stab or gunshot wound to a child is red (DESIGN §4).
    assert submission.urgency is Urgency.RED and submission.reasons == ("A child with a stab or gunshot wound",)

    owner = core.queries.get(BEXLEY, submission.reference)
    assert owner.kind == Kind.HEALTH.value and owner.channel == "web" and not owner.is_copy
    assert [c.id for c in owner.copies][:2] == ["met-se-gangs", "bexley-mash"]
    assert [p.role for p in owner.people] == ["young_person_at_risk", "reporter"]
    reporter = owner.people[1]
    assert reporter.reporter_role == "health" and reporter.organisation == "Queen Elizabeth Hospital, A&E"
    assert owner.details["injury"] == "Stab wound" and owner.details["patient_consent"] == "Patient agreed"
    assert owner.consent_to_contact is True

    assert core.queries.get(POLICE, submission.reference).is_copy
    assert core.queries.get(MASH, submission.reference).is_copy


def test_continuing_threats_make_it_red_and_queue_an_alert(core: Core):
    submission = core.hospital.submit_presentation(answers(continuing_threats="yes"))
    assert submission.urgency is Urgency.RED
    assert "Continuing threats to a patient after a violent injury" in submission.reasons
    detail = core.queries.get(BEXLEY, submission.reference)
    assert detail.urgency == "red" and "continuing_threats" in detail.indicators
    with core.db.session() as session:
        jobs = session.scalars(select(Job)).all()
    assert [job.payload["reference"] for job in jobs] == [submission.reference], "a red referral alerts the SPOC"


def test_an_adult_patient_is_copied_to_the_police_only(core: Core):
    submission = core.hospital.submit_presentation(answers(age="24", injury="gunshot"))
    detail = core.queries.get(BEXLEY, submission.reference)
    assert [c.id for c in detail.copies] == ["met-se-gangs"]
    assert [p.role for p in detail.people] == ["vulnerable_adult_at_risk", "reporter"]


def test_an_unknown_area_goes_to_partnership_triage(core: Core):
    submission = core.hospital.submit_presentation(answers(area=None, place=None))
    assert submission.inbox_id == "partnership-triage" and submission.area_name is None
    assert core.queries.get(TRIAGE, submission.reference).kind == "health"


def test_a_repeated_submission_with_the_same_key_is_stored_once(core: Core):
    first = core.hospital.submit_presentation(answers(), source_key="chat:sender:1")
    second = core.hospital.submit_presentation(answers(), source_key="chat:sender:1")
    assert first.reference == second.reference
    assert len(stored(core)) == 1
    third = core.hospital.submit_presentation(answers(), source_key="chat:sender:2")
    assert third.reference != first.reference


def test_invalid_answers_store_nothing(core: Core):
    with pytest.raises(InvalidInput) as caught:
        core.hospital.submit_presentation(answers(injury=None))
    assert caught.value.field == "injury"
    assert core.hospital.problems(answers(referrer_name=None)) == {
        "referrer_name": "Give your name, so the team knows who to contact."}
    assert stored(core) == []


def test_assess_stores_nothing(core: Core):
    assessment = core.hospital.assess(answers(continuing_threats=True))
    assert assessment.triage.urgency is Urgency.RED
    assert assessment.route.inbox == "bexley-community-safety" and "met-se-gangs" in assessment.route.copies
    assert stored(core) == []


def test_the_channel_is_kept(core: Core):
    submission = core.hospital.submit_presentation(answers(), channel=Channel.STAFF)
    assert core.queries.get(BEXLEY, submission.reference).channel == "staff"


def test_the_patients_details_are_encrypted_at_rest(core: Core):
    submission = core.hospital.submit_presentation(answers(discharge_concerns="Rival group waits at the bus stop"))
    with core.db.engine.connect() as connection:
        raw = connection.execute(text(f"SELECT details, description FROM {Referral.__tablename__} "
                                      "WHERE reference = :ref"), {"ref": submission.reference}).one()
    assert "bus stop" not in str(raw[0]) and "bus stop" not in str(raw[1])
    assert "bus stop" in core.queries.get(BEXLEY, submission.reference).details["discharge_concerns"]


def test_the_core_builds_the_service_once(core: Core):
    assert core.hospital is core.hospital


def test_the_submission_carries_its_copies_without_triaging_twice(core: Core, monkeypatch: pytest.MonkeyPatch):
    def no_second_triage(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the submit path triaged and routed a second time")

    monkeypatch.setattr(core.submissions, "assess", no_second_triage)
    first = core.hospital.submit_presentation(answers(), source_key="chat:sender:copies")
    again = core.hospital.submit_presentation(answers(), source_key="chat:sender:copies")
    owner = core.queries.get(BEXLEY, first.reference)
    assert first.copies == again.copies == tuple(c.id for c in owner.copies if c.id != first.inbox_id)
    assert first.copies[:2] == ("met-se-gangs", "bexley-mash")
    assert first.copy_names == tuple(core.table.inboxes[i].name for i in first.copies)


# --- the basis for sharing, recorded from the consent answer ----------------------------------------
def sharing_events(core: Core, reference: str) -> list[tuple[str, str]]:
    detail = core.queries.get(BEXLEY, reference)
    return [(e.actor, e.body or "") for e in detail.events if e.action == "sharing_basis"]


def test_a_patients_consent_is_the_basis_for_sharing_under_the_hospital_agreement(core: Core):
    submission = core.hospital.submit_presentation(answers())
    sharing = core.casework.get(BEXLEY, submission.reference).sharing
    assert (sharing.consent, sharing.basis, sharing.reason, sharing.agreement) == (
        "given", "consent", None, "hospital-isa")
    assert sharing.agreement_label == "Hospital emergency departments information-sharing agreement (demo)"
    # The copies carry it.
    assert core.casework.get(POLICE, submission.reference).sharing == sharing
    assert core.casework.get(MASH, submission.reference).sharing == sharing
    [entry] = audit_entries(core, "referral.sharing", submission.reference)
    assert (entry.actor, entry.detail) == ("system", "given consent hospital-isa")
    assert sharing_events(core, submission.reference) == [
        ("system", "Basis for sharing, from the referrer's answers: Consent given; Consent (UK GDPR Article 6(1)(a) "
                   "and 9(2)(a)); Hospital emergency departments information-sharing agreement (demo)")]


@pytest.mark.parametrize(("age", "basis"), [("16", "safeguarding_child"), ("19", "public_interest"),
                                            (None, "public_interest")])
def test_a_patient_who_declined_is_shared_without_consent_with_the_reason(core: Core, age: str | None, basis: str):
    reason = "Risk of serious harm: the group that stabbed him knows where he lives"
    submission = core.hospital.submit_presentation(answers(consent="not_consented", consent_reason=reason, age=age))
    sharing = core.casework.get(POLICE, submission.reference).sharing
    assert (sharing.consent, sharing.basis, sharing.reason) == ("refused", basis, reason)
    assert sharing.agreement is not None
    [entry] = audit_entries(core, "referral.sharing", submission.reference)
    assert reason not in (entry.detail or "")  # never the reason in the audit log


@pytest.mark.parametrize("consent", ["not_consented", "not_asked"])
def test_no_reason_records_no_basis_for_the_spoc_to_record(core: Core, consent: str):
    submission = core.hospital.submit_presentation(answers(consent=consent))
    sharing = core.casework.get(BEXLEY, submission.reference).sharing
    assert sharing.basis is None and sharing.consent is None
    assert audit_entries(core, "referral.sharing") == [] and sharing_events(core, submission.reference) == []


def test_the_spoc_can_change_the_basis_recorded_from_the_form(core: Core):
    submission = core.hospital.submit_presentation(answers())
    view = core.casework.record_basis(BEXLEY, submission.reference, "refused", "safeguarding_child",
                                      "He withdrew his agreement on the ward", "partnership-isa")
    assert (view.sharing.consent, view.sharing.basis, view.sharing.agreement) == (
        "refused", "safeguarding_child", "partnership-isa")
    assert [(e.actor, e.detail) for e in audit_entries(core, "referral.sharing", submission.reference)] == [
        ("system", "given consent hospital-isa"), (BEXLEY.email, "refused safeguarding_child partnership-isa")]


def test_a_repeated_submission_records_the_basis_once(core: Core):
    first = core.hospital.submit_presentation(answers(), source_key="hospital:test:basis")
    second = core.hospital.submit_presentation(answers(), source_key="hospital:test:basis")
    assert first.reference == second.reference
    assert len(sharing_events(core, first.reference)) == 1


def test_the_referral_is_stored_when_the_basis_cannot_be_recorded(core: Core, monkeypatch: pytest.MonkeyPatch):
    def down(*_args: object) -> None:
        raise Unavailable("The database is unavailable; please try again.")

    monkeypatch.setattr(core.casework, "_record_reported", down)
    submission = core.hospital.submit_presentation(answers())
    assert core.casework.get(BEXLEY, submission.reference).sharing.basis is None
