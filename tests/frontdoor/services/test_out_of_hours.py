"""Out of hours: a red referral arriving while its owning team is closed reaches someone who can act.

Runs on SQLite and PostgreSQL (the ``core`` fixture), with alerts through a
real SMTP server and the twilio client (see test_alerts).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.errors import AccessDenied
from frontdoor.jobs import Worker
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.views import Principal
from outbound.twilio_sms import e164
from tests.conftest import FakeClock
from tests.frontdoor.services.test_alerts import (  # noqa: F401 - fixtures
    QUIET,
    FakeTwilio,
    Mailbox,
    alerting,
    assert_no_content,
    deliveries,
    mailbox,
    referral,
    twilio,
)

pytestmark = pytest.mark.filterwarnings(QUIET)

LONDON = ZoneInfo("Europe/London")
SATURDAY_NIGHT = datetime(2026, 12, 5, 23, 30, tzinfo=LONDON)
TUESDAY_AFTERNOON = datetime(2026, 12, 8, 14, 0, tzinfo=LONDON)
DANGER = "They are outside my flat right now with knives and said they will stab me tonight"

YOS = Principal(1, "yos@bexley.example", "Bexley YOS", False, frozenset({"bexley-yos"}))
POLICE = Principal(2, "night@met.example", "Night SPOC", False, frozenset({"met-se-gangs"}))
MASH = Principal(3, "mash@bexley.example", "Bexley MASH", False, frozenset({"bexley-mash"}))


def young_person_asking_for_help(description: str = DANGER) -> ReferralDraft:
    return ReferralDraft(
        kind=Kind.SELF_REFERRAL, channel=Channel.WEB, description=description, area="Erith",
        immediate_danger=True if description == DANGER else None,
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)],
    )


def test_a_red_self_referral_on_saturday_night_goes_to_the_out_of_hours_contact_too(
        core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    assert submission.urgency.value == "red"
    assert submission.inbox_id == "bexley-yos"
    assert submission.out_of_hours_name == core.table.inboxes["met-se-gangs"].name
    assert submission.owner_opens_at == datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)
    row = referral(core, submission.reference)
    assert row.out_of_hours_inbox_id == "met-se-gangs"
    detail = core.queries.get(POLICE, submission.reference)
    assert detail.is_copy and detail.on_duty
    assert detail.out_of_hours is not None and detail.out_of_hours.id == "met-se-gangs"
    assert any(r.startswith("Out of hours: Bexley Youth Offending Service is closed") for r in detail.routing_reasons)
    note = next(e for e in detail.events if e.action == "out_of_hours")
    assert "Met South East BCU gangs SPOC" in (note.body or "") and "09:00 on Monday 7 December" in (note.body or "")
    # The owner still owns it; the out-of-hours contact may acknowledge it, which stops the clock.
    assert not core.queries.get(YOS, submission.reference).is_copy
    acknowledged = core.workflow.acknowledge(POLICE, submission.reference)
    assert acknowledged.status == "acknowledged" and acknowledged.inbox.id == "bexley-yos"
    assert "Acknowledged out of hours by Met South East BCU gangs SPOC" in (acknowledged.events[-1].body or "")


def test_other_copy_holders_still_cannot_acknowledge(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    with pytest.raises(AccessDenied):
        core.workflow.acknowledge(MASH, submission.reference)


def test_the_same_referral_in_office_hours_goes_to_the_owner_alone(core: Core, clock: FakeClock) -> None:
    clock.set(TUESDAY_AFTERNOON)
    submission = core.submissions.submit(young_person_asking_for_help())
    assert submission.out_of_hours_name is None and submission.owner_opens_at is None
    assert referral(core, submission.reference).out_of_hours_inbox_id is None
    detail = core.queries.get(YOS, submission.reference)
    assert detail.out_of_hours is None and "met-se-gangs" not in [c.id for c in detail.copies]


def test_amber_at_the_weekend_waits_for_the_owner_and_its_clock_counts_working_hours(
        core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help(
        "older boys make me sell drugs for them"))
    assert submission.urgency.value == "amber"
    assert submission.out_of_hours_name is None
    # One working day of Bexley YOS (Mon-Fri 09:00-17:00), starting Monday morning.
    assert submission.due_at == datetime(2026, 12, 7, 17, 0, tzinfo=LONDON)


def test_the_out_of_hours_contact_is_alerted_and_escalated_to(
        core: Core, alerting: Worker, mailbox: Mailbox, twilio: FakeTwilio, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    owner, duty = core.table.inboxes["bexley-yos"], core.table.inboxes["met-se-gangs"]
    assert duty.email and duty.phone and duty.second_contact
    alerting.run_once()
    assert (1, "email", duty.email, "sent") in deliveries(core, submission.reference)
    assert (1, "sms", duty.phone, "sent") in deliveries(core, submission.reference)
    duty_sms = next(r.form["Body"] for r in twilio.requests if r.form["To"] == e164(duty.phone))
    assert "out of hours" in duty_sms and owner.name in duty_sms and submission.reference in duty_sms
    assert_no_content(duty_sms)
    duty_mail = next(m for rcpt, m in mailbox.messages if rcpt == [duty.email])
    assert "Out of hours" in duty_mail["Subject"]
    # Nobody acknowledges: the escalation reaches the out-of-hours contact's second contact too.
    clock.advance(minutes=31)
    alerting.run_once()
    assert (2, "sms", duty.second_contact, "sent") in deliveries(core, submission.reference)
    assert referral(core, submission.reference).alert_level == 2


def test_acknowledged_out_of_hours_stops_the_escalation(
        core: Core, alerting: Worker, twilio: FakeTwilio, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    alerting.run_once()
    sent = len(twilio.requests)
    core.workflow.acknowledge(POLICE, submission.reference)
    clock.advance(minutes=45)
    alerting.run_once()
    assert len(twilio.requests) == sent


def test_raising_to_red_at_night_brings_in_the_out_of_hours_contact(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help("can someone talk to me about leaving a gang"))
    assert submission.urgency.value != "red"
    detail = core.workflow.change_urgency(YOS, submission.reference, "red", "He rang: they found him")
    assert detail.out_of_hours is not None and detail.out_of_hours.id == "met-se-gangs"
    assert core.queries.get(POLICE, submission.reference).on_duty


def test_an_unknown_area_at_night_goes_to_the_partnership_duty_team(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    draft = ReferralDraft(
        kind=Kind.CONCERN, channel=Channel.WEB, description="He has a gun and said he will shoot someone tonight",
        reporter=ReporterDraft(role=ReporterRole.TEACHER, name="Ms Reporter", email="r@school.example.org"),
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)],
    )
    submission = core.submissions.submit(draft)
    assert submission.urgency.value == "red" and submission.inbox_id == "partnership-triage"
    assert submission.out_of_hours_name == "Partnership out-of-hours duty team"


FRIDAY_BEFORE_CLOSING = datetime(2026, 12, 4, 16, 55, tzinfo=LONDON)
THANET = Principal(4, "thanet@kent.example", "Thanet SPOC", False, frozenset({"thanet-community-safety"}))
KENT_POLICE = Principal(5, "night@kent.example", "Kent night SPOC", False, frozenset({"kent-police-gangs"}))


def test_a_red_referral_still_unacknowledged_when_its_owner_closes_gets_cover(
        core: Core, alerting: Worker, twilio: FakeTwilio, clock: FakeClock) -> None:
    clock.set(FRIDAY_BEFORE_CLOSING)
    submission = core.submissions.submit(young_person_asking_for_help())
    assert submission.out_of_hours_name is None  # Bexley YOS is open at 16:55
    alerting.run_once()
    clock.set(datetime(2026, 12, 4, 17, 1, tzinfo=LONDON))
    alerting.run_once()  # the sweep sees the owner has closed
    row = referral(core, submission.reference)
    assert row.out_of_hours_inbox_id == "met-se-gangs"
    duty = core.table.inboxes["met-se-gangs"]
    assert (1, "sms", duty.phone, "sent") in deliveries(core, submission.reference)
    detail = core.queries.get(POLICE, submission.reference)
    assert detail.on_duty
    assert any("Still unacknowledged when the owning inbox closed" in (e.body or "") for e in detail.events)


def test_a_transfer_at_night_is_covered_by_the_new_owners_area(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    core.workflow.transfer(YOS, submission.reference, "thanet-community-safety", "He is staying in Margate")
    detail = core.queries.get(THANET, submission.reference)
    assert detail.out_of_hours is not None and detail.out_of_hours.id == "kent-police-gangs"
    assert core.queries.get(KENT_POLICE, submission.reference).on_duty


def test_cover_ends_when_the_referral_is_no_longer_red(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    detail = core.workflow.change_urgency(YOS, submission.reference, "amber", "Spoke to him: he is safe at home")
    assert detail.out_of_hours is None
    with pytest.raises(AccessDenied):
        core.workflow.acknowledge(POLICE, submission.reference)


def test_withdrawing_the_contacts_copy_ends_its_cover(core: Core, clock: FakeClock) -> None:
    clock.set(SATURDAY_NIGHT)
    submission = core.submissions.submit(young_person_asking_for_help())
    detail = core.workflow.remove_copy(YOS, submission.reference, "met-se-gangs")
    assert detail.out_of_hours is None
    assert referral(core, submission.reference).out_of_hours_inbox_id is None



def test_raising_to_red_again_alerts_afresh(core: Core, alerting: Worker, twilio: FakeTwilio,
                                            clock: FakeClock) -> None:
    clock.set(TUESDAY_AFTERNOON)
    submission = core.submissions.submit(young_person_asking_for_help())
    alerting.run_once()
    sent = len(twilio.requests)
    assert sent >= 1
    core.workflow.change_urgency(YOS, submission.reference, "amber", "Safe at home")
    clock.advance(hours=2)
    detail = core.workflow.change_urgency(YOS, submission.reference, "red", "They found him again")
    assert detail.due_at == clock.now and detail.overdue is False
    alerting.run_once()
    assert len(twilio.requests) > sent
