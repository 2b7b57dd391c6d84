"""The queue as the inbox shows it (own work apart from copies, one row each), acknowledging assigns,
and the timeline by name. Runs on SQLite and PostgreSQL (the ``core`` fixture)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor import taxonomy
from frontdoor.errors import InvalidInput, NotFound
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft, ReporterDraft, ReporterRole
from frontdoor.services import Core
from frontdoor.views import Principal, QueueRow
from tests.frontdoor.services.referrals.support import AMBER_TEXT, GREEN_TEXT, RED_TEXT, audit_entries


def concern(description: str, area: str = "Erith", **overrides: object) -> ReferralDraft:
    values: dict[str, object] = {
        "kind": Kind.CONCERN, "channel": Channel.WEB, "description": description, "area": area,
        "reporter": ReporterDraft(role=ReporterRole.TEACHER, organisation="Erith School", name="Ms Reporter"),
        "people": [PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, name="Jo Pupil", age=15),
                   PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Big T")],
    }
    values.update(overrides)
    return ReferralDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def refs(core: Core, clock) -> dict[str, str]:
    """``amber`` and ``green``: bexley-community-safety's; ``red``: met-se-gangs', bexley holds a copy;
    ``bromley``: bromley-community-safety's (bexley may not see it)."""
    made = {}
    for name, text, area in (("amber", AMBER_TEXT, "Erith"), ("red", RED_TEXT, "Erith"),
                             ("green", GREEN_TEXT, "Erith"), ("bromley", AMBER_TEXT, "Penge")):
        made[name] = core.submissions.submit(concern(text, area)).reference
        clock.advance(minutes=1)
    return made


def test_own_work_comes_apart_from_copies_for_information(core: Core, bexley: Principal,
                                                         refs: dict[str, str]) -> None:
    page = core.queries.queue_page(bexley)
    assert [r.reference for r in page.mine] == [refs["amber"], refs["green"]]
    assert [r.reference for r in page.copies] == [refs["red"]]  # red, but another team's: not above ours
    assert (page.more_mine, page.more_copies) == (False, False)
    assert all(isinstance(r, QueueRow) for r in page.mine + page.copies)
    assert [r.is_copy for r in page.mine + page.copies] == [False, False, True]
    everything = {r.reference for r in page.mine + page.copies}
    assert refs["bromley"] not in everything  # never a referral the member may not see
    [entry] = audit_entries(core, "referral.list")
    assert entry.actor == bexley.email and "scope=all" in (entry.detail or "") and "n=2+1" in (entry.detail or "")


def test_a_row_carries_what_the_queue_shows_and_never_the_description(core: Core, bexley: Principal,
                                                                       refs: dict[str, str]) -> None:
    [red] = core.queries.queue_page(bexley).copies
    assert red.subject_name == "Jo Pupil"  # decrypted for the row
    assert red.reporter_type == "Teacher or school staff"
    assert red.assignee is None
    age, indicators, area = red.summary_line.split(" · ")
    assert (age, area) == ("Age 15", "London Borough of Bexley")
    assert indicators.split(", ")[0] == taxonomy.label(red.indicators[0])
    assert RED_TEXT not in red.summary_line and "blade" not in red.summary_line
    assert red.urgency == "red" and red.status == "new" and red.due_at > red.created_at


def test_rows_name_the_assignee_and_anonymous_reporters(core: Core, bexley: Principal, clock) -> None:
    reference = core.submissions.submit(concern(AMBER_TEXT, reporter=None, people=[])).reference
    core.workflow.acknowledge(bexley, reference)
    [row] = core.queries.queue_page(bexley).mine
    assert (row.assignee, row.subject_name, row.subject_age) == ("Bex Spoc", None, None)
    assert row.reporter_type == "Anonymous"
    assert row.summary_line.startswith("Age not known · ")
    assert row.summary_line.endswith(" · London Borough of Bexley")


@pytest.mark.parametrize(("scope", "mine", "copies"), [
    ("owned", ["amber", "green"], []), ("copies", [], ["red"]), ("all", ["amber", "green"], ["red"])])
def test_the_scope_filter_picks_a_half(core: Core, bexley: Principal, refs: dict[str, str], scope: str,
                                       mine: list[str], copies: list[str]) -> None:
    page = core.queries.queue_page(bexley, scope=scope)
    assert [r.reference for r in page.mine] == [refs[n] for n in mine]
    assert [r.reference for r in page.copies] == [refs[n] for n in copies]


def test_pages_of_own_work_and_the_copies_shown(core: Core, bexley: Principal, refs: dict[str, str]) -> None:
    first = core.queries.queue_page(bexley, limit=1, copies_limit=1)
    assert [r.reference for r in first.mine] == [refs["amber"]] and first.more_mine
    assert [r.reference for r in first.copies] == [refs["red"]] and not first.more_copies
    second = core.queries.queue_page(bexley, limit=1, offset=1)
    assert [r.reference for r in second.mine] == [refs["green"]] and not second.more_mine
    assert second.copies == ()  # the copies are on the first page only


@pytest.mark.parametrize("filters", [{"scope": "mine"}, {"scope": "info"}, {"status": "lost"}])
def test_unknown_filters_are_refused(core: Core, bexley: Principal, filters: dict[str, str]) -> None:
    with pytest.raises(InvalidInput):
        core.queries.queue_page(bexley, **filters)
    with pytest.raises(InvalidInput):
        core.queries.queue(bexley, **filters)


def test_another_inbox_is_not_found(core: Core, bexley: Principal) -> None:
    with pytest.raises(NotFound):
        core.queries.queue_page(bexley, inbox="bromley-community-safety")


def test_a_red_referral_covered_out_of_hours_is_the_duty_inbox_own_work(core: Core, police: Principal,
                                                                         clock) -> None:
    clock.set(datetime(2026, 12, 5, 23, 30, tzinfo=ZoneInfo("Europe/London")))  # a Saturday night
    submission = core.submissions.submit(ReferralDraft(
        kind=Kind.SELF_REFERRAL, channel=Channel.WEB, area="Erith", immediate_danger=True,
        description="They are outside my flat with knives and said they will stab me tonight",
        people=[PersonDraft(role=PersonRole.YOUNG_PERSON_AT_RISK, age=15)]))
    assert submission.out_of_hours_name
    page = core.queries.queue_page(police)
    [row] = page.mine
    assert row.reference == submission.reference and row.on_duty and row.reporter_type == "Young person (self)"
    assert page.copies == ()
    # Once acknowledged it is the owner's again; the police keep it as a copy for information.
    core.workflow.acknowledge(police, submission.reference)
    page = core.queries.queue_page(police)
    assert page.mine == () and [r.reference for r in page.copies] == [submission.reference]
    assert core.queries.get(police, submission.reference).assigned_to is None  # the duty inbox is not assigned


def test_acknowledging_assigns_it_to_whoever_acknowledged(core: Core, bexley: Principal, colleague: Principal,
                                                         refs: dict[str, str]) -> None:
    detail = core.workflow.acknowledge(bexley, refs["amber"])
    assert detail.assigned_to is not None and detail.assigned_to.id == bexley.id
    assert detail.events[-1].action == "acknowledged"
    assert detail.events[-1].body == "Assigned to Bex Spoc, who acknowledged it"
    [entry] = audit_entries(core, "referral.acknowledge", refs["amber"])
    assert entry.detail == f"staff={bexley.id}"
    # They can hand it on.
    handed = core.workflow.reassign(bexley, refs["amber"], colleague.id)
    assert handed.assigned_to is not None and handed.assigned_to.id == colleague.id


def test_acknowledging_keeps_someone_already_assigned(core: Core, bexley: Principal, colleague: Principal,
                                                      refs: dict[str, str]) -> None:
    core.workflow.reassign(bexley, refs["green"], colleague.id)
    detail = core.workflow.acknowledge(bexley, refs["green"])
    assert detail.assigned_to is not None and detail.assigned_to.id == colleague.id
    assert detail.events[-1].body is None
    [entry] = audit_entries(core, "referral.acknowledge", refs["green"])
    assert entry.detail is None


def test_the_timeline_names_staff_and_their_inbox(core: Core, bexley: Principal, refs: dict[str, str]) -> None:
    core.workflow.add_note(bexley, refs["red"], "We know his older brother")  # as a copy holder
    core.workflow.acknowledge(bexley, refs["amber"])
    created, note = core.queries.get(bexley, refs["red"]).events
    assert (created.actor, created.actor_name, created.actor_inbox) == ("system", None, None)
    assert (note.actor, note.actor_name) == (bexley.email, "Bex Spoc")
    assert note.actor_inbox == "Bexley Community Safety gangs SPOC"
    acknowledged = core.queries.get(bexley, refs["amber"]).events[-1]
    assert (acknowledged.actor_name, acknowledged.actor_inbox) == ("Bex Spoc", "Bexley Community Safety gangs SPOC")
