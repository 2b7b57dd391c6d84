"""Related referrals on a real database (SQLite and PostgreSQL): matching, decisions, chronology, visibility."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from frontdoor.errors import AccessDenied, InvalidInput, NotFound
from frontdoor.model import Channel, Kind, PersonDraft, PersonRole, ReferralDraft
from frontdoor.pseudonyms import Pseudonymiser
from frontdoor.services import Core
from frontdoor.services.related import RelatedService
from frontdoor.store.models import Person, Referral, SmsConversation
from frontdoor.store.related import MatchKey, RelatedLink
from frontdoor.views import Principal
from tests.frontdoor.services.referrals.support import audit_entries
from tests.frontdoor.services.related.conftest import concern, submit


def proposed(core: Core, who: Principal, reference: str) -> dict[str, tuple[str, ...]]:
    """Return ``{reference: reasons}`` of the proposals ``who`` sees on ``reference``."""
    return {p.reference: p.reasons for p in core.related.panel(who, reference).proposals}


# --- matching ---------------------------------------------------------------------------------------
def test_same_name_and_age_a_year_apart_is_proposed(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="  sam JONES ", age=15))
    assert proposed(core, bexley, second) == {first: ("same name and age",)}
    assert proposed(core, bexley, first) == {second: ("same name and age",)}


def test_same_name_and_date_of_birth_is_proposed(core: Core, bexley: Principal) -> None:
    born = {"date_of_birth": "2011-05-03"}  # 14 on the test clock's day
    first = submit(core, concern(name="Zoë Okafor", details=born))
    second = submit(core, concern(name="Zoe Okafor", details=born))
    by_age = submit(core, concern(name="Zoe Okafor", age=14))
    assert proposed(core, bexley, second)[first] == ("same name and age", "same name and date of birth")
    assert proposed(core, bexley, by_age) == {first: ("same name and age",), second: ("same name and age",)}


def test_same_name_and_school_is_proposed(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Riley Patel", school="Hurstmere School"))
    second = submit(core, concern(name="Riley Patel", school="hurstmere  school"))
    other_school = submit(core, concern(name="Riley Patel", school="Beths Grammar"))
    assert proposed(core, bexley, first) == {second: ("same name and school",)}
    assert proposed(core, bexley, other_school) == {}


def test_same_place_is_proposed_but_not_a_town(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(place="Flat 3, 12 Acacia Road"))
    second = submit(core, concern(place="flat 3 12 acacia rd"))
    town = submit(core, concern(place="Erith"))
    also_town = submit(core, concern(place="Erith"))
    assert proposed(core, bexley, first) == {second: ("same place or address",)}
    assert proposed(core, bexley, town) == {} and proposed(core, bexley, also_town) == {}


def test_same_sms_sender_is_proposed(core: Core) -> None:
    triage = core.staff.add("triage@partnership.example.gov.uk", list(core.table.inboxes))
    first = core.sms.receive("SM" + "1" * 32, "07700 900123", "dealing from the flat in Penge").reference
    second = core.sms.receive("SM" + "2" * 32, "+44 7700 900123", "they are back at it in Sidcup").reference
    stranger = core.sms.receive("SM" + "3" * 32, "07700 900999", "someone dealing in Sidcup").reference
    assert first and second and stranger
    assert proposed(core, triage, second) == {first: ("same SMS sender",)}
    assert proposed(core, triage, stranger) == {}


def test_different_people_with_the_same_first_name_are_not_matched(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14, school="Hurstmere School"))
    assert proposed(core, bexley, submit(core, concern(name="Sam Smith", age=14, school="Hurstmere School"))) == {}
    assert proposed(core, bexley, submit(core, concern(name="Sam", age=14, school="Hurstmere School"))) == {}
    assert proposed(core, bexley, submit(core, concern(name="Sam Jones", age=17))) == {}
    assert proposed(core, bexley, first) == {}


def test_an_alleged_exploiter_is_not_matched_as_a_young_person(core: Core, bexley: Principal) -> None:
    exploiter = [PersonDraft(role=PersonRole.ALLEGED_EXPLOITER, name="Tyrone Big", age=24)]
    first = submit(core, concern(people=exploiter))
    assert proposed(core, bexley, submit(core, concern(people=exploiter))) == {}
    assert proposed(core, bexley, first) == {}


# --- what is stored ---------------------------------------------------------------------------------
def test_no_match_key_is_a_plain_value(core: Core, bexley: Principal) -> None:
    submit(core, concern(name="Sam Jones", age=14, school="Hurstmere School", place="12 Acacia Road",
                         details={"date_of_birth": "2011-05-03"}))
    plain = {"sam jones", "Sam Jones", "14", "hurstmere school", "Hurstmere School", "12 acacia rd",
             "12 Acacia Road", "2011-05-03"}
    with core.db.session() as session:
        rows = session.scalars(select(MatchKey)).all()
        columns = [(row.kind, row.key) for row in rows]
    assert sorted(kind for kind, _ in columns) == ["name_age", "name_age", "name_dob", "name_school", "place"]
    for _kind, key in columns:
        assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
        assert not any(value.lower() in key.lower() for value in plain)


def test_a_sender_key_is_not_the_stored_pseudonym(core: Core) -> None:
    core.sms.receive("SM" + "4" * 32, "07700 900123", "dealing in Penge")
    with core.db.session() as session:
        keys = set(session.scalars(select(MatchKey.key).where(MatchKey.kind == "sender")).all())
    assert core.settings.pseudonym_key is not None and len(keys) == 1
    assert keys.isdisjoint({Pseudonymiser(core.settings.pseudonym_key).sender("07700 900123")})


def test_backfill_writes_the_same_keys_again(core: Core, bexley: Principal) -> None:
    submit(core, concern(name="Sam Jones", age=14, place="12 Acacia Road"))
    core.sms.receive("SM" + "5" * 32, "07700 900123", "dealing in Penge")
    with core.db.session() as session:
        before = sorted(session.scalars(select(MatchKey.key)).all())
        session.execute(MatchKey.__table__.delete())
    assert core.related.backfill(batch=1) == 2
    with core.db.session() as session:
        assert sorted(session.scalars(select(MatchKey.key)).all()) == before
    assert len(audit_entries(core, "related.backfill")) == 2


def test_keys_go_with_their_referral(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="Sam Jones", age=14))
    core.related.confirm(bexley, first, second)
    with core.db.session() as session:
        session.delete(session.scalar(select(Referral).where(Referral.reference == first)))
    with core.db.session() as session:
        assert len(session.scalars(select(MatchKey)).all()) == 2
        assert session.scalars(select(RelatedLink)).all() == []


# --- confirm and dismiss ------------------------------------------------------------------------------
def test_confirm_links_them_on_both_sides_with_a_chronology(core: Core, bexley: Principal, clock) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    core.workflow.acknowledge(bexley, first)
    core.workflow.add_note(bexley, first, "Spoke to the school")
    core.workflow.close(bexley, first, "referred_mash")
    clock.advance(days=20)
    second = submit(core, concern(name="Sam Jones", age=14))
    core.related.confirm(bexley, second, first)
    panel = core.related.panel(bexley, first)
    assert panel.proposals == () and [p.reference for p in panel.linked] == [second]
    assert panel.linked[0].reasons == ("same name and age",)
    assert [(e.reference, e.action, e.outcome) for e in panel.chronology] == [
        (first, "created", None), (first, "acknowledged", None),
        (first, "closed", "Referred to MASH / children's social care"), (second, "created", None)]
    assert [e.detail for e in audit_entries(core, "related.confirm", second)] == [first]
    assert len(audit_entries(core, "related.view")) == 1


def test_a_dismissed_proposal_is_not_proposed_again_from_either_side(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="Sam Jones", age=14))
    core.related.dismiss(bexley, first, second)
    assert proposed(core, bexley, first) == {} and proposed(core, bexley, second) == {}
    third = submit(core, concern(name="Sam Jones", age=14))
    assert set(proposed(core, bexley, first)) == {third}
    assert [e.detail for e in audit_entries(core, "related.dismiss", first)] == [second]


def test_dismissing_a_confirmed_link_undoes_it(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="Sam Jones", age=14))
    core.related.confirm(bexley, first, second)
    core.related.dismiss(bexley, second, first)
    panel = core.related.panel(bexley, first)
    assert panel.linked == () and panel.proposals == () and panel.chronology == ()


def test_referrals_without_a_match_can_be_linked_by_hand(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="Alex Brown", age=16))
    core.related.confirm(bexley, first, second)
    assert [(p.reference, p.reasons) for p in core.related.panel(bexley, second).linked] == [(first, ())]


def test_a_referral_cannot_be_linked_to_itself(core: Core, bexley: Principal) -> None:
    first = submit(core, concern(name="Sam Jones", age=14))
    with pytest.raises(InvalidInput):
        core.related.confirm(bexley, first, first.lower())


def test_an_info_only_copy_holder_sees_but_cannot_decide(core: Core, bexley: Principal) -> None:
    mash = core.staff.add("mash@bexley.example.gov.uk", ["bexley-mash"])
    first = submit(core, concern(name="Sam Jones", age=14))
    second = submit(core, concern(name="Sam Jones", age=14))
    assert set(proposed(core, mash, first)) == {second}
    with pytest.raises(AccessDenied):
        core.related.confirm(mash, first, second)
    assert len(audit_entries(core, "related.confirm.denied", first)) == 1


# --- never revealing what the caller may not see ---------------------------------------------------------
def test_a_match_in_another_teams_inbox_is_only_counted(core: Core, bexley: Principal, hackney: Principal) -> None:
    mine = submit(core, concern(name="Sam Jones", age=14, place="12 Acacia Road"))
    theirs = submit(core, concern("Hackney", name="Sam Jones", age=15, place="12 Acacia Road"))
    panel = core.related.panel(bexley, mine)
    assert panel.proposals == () and panel.hidden_proposals == 1 and panel.linked == ()
    assert theirs not in repr(panel)
    assert core.related.panel(hackney, theirs).hidden_proposals == 1
    view = audit_entries(core, "related.view", mine)[0]
    assert theirs not in (view.detail or "") and view.detail == "proposed=0 linked=0 hidden=1"


def test_a_hidden_referral_cannot_be_linked_or_probed(core: Core, bexley: Principal) -> None:
    mine = submit(core, concern(name="Sam Jones", age=14))
    theirs = submit(core, concern("Hackney", name="Sam Jones", age=14))
    for decide in (core.related.confirm, core.related.dismiss):
        with pytest.raises(NotFound):
            decide(bexley, mine, theirs)
        with pytest.raises(NotFound):
            decide(bexley, theirs, mine)
    with pytest.raises(NotFound):
        core.related.panel(bexley, theirs)
    assert core.related.panel(bexley, mine).hidden_proposals == 1  # still proposed to someone who sees both
    assert len(audit_entries(core, "related.confirm.denied")) == 2


def test_a_confirmed_link_to_a_referral_now_out_of_sight_is_only_counted(
        core: Core, bexley: Principal, both: Principal) -> None:
    mine = submit(core, concern(name="Sam Jones", age=14))
    theirs = submit(core, concern("Hackney", name="Sam Jones", age=14))
    core.workflow.close(both, theirs, "signposted")
    core.related.confirm(both, mine, theirs)
    assert [p.reference for p in core.related.panel(both, mine).linked] == [theirs]
    panel = core.related.panel(bexley, mine)
    assert panel.linked == () and panel.hidden_linked == 1 and panel.proposals == ()
    assert panel.chronology == ()  # nothing of the hidden referral, not even its dates
    assert theirs not in repr(panel)


def test_chronology_leaves_out_linked_referrals_out_of_sight(
        core: Core, bexley: Principal, both: Principal, clock) -> None:
    mine = submit(core, concern(name="Sam Jones", age=14))
    clock.advance(timedelta(days=1))
    shared = submit(core, concern(name="Sam Jones", age=14))
    theirs = submit(core, concern("Hackney", name="Sam Jones", age=14))
    core.related.confirm(both, mine, shared)
    core.related.confirm(both, mine, theirs)
    panel = core.related.panel(bexley, mine)
    assert {e.reference for e in panel.chronology} == {mine, shared} and panel.hidden_linked == 1


def test_without_a_pseudonym_key_nothing_is_matched(core: Core, bexley: Principal) -> None:
    related = RelatedService(core.db, core.table, core.settings.sla, core.clock, None)
    core.submissions.on_stored = related.index
    first = submit(core, concern(name="Sam Jones", age=14))
    submit(core, concern(name="Sam Jones", age=14))
    panel = related.panel(bexley, first)
    assert not panel.enabled and panel.proposals == () and related.backfill() == 0
    with core.db.session() as session:
        assert session.scalars(select(MatchKey)).all() == []


def test_tips_without_people_are_matched_on_place(core: Core, bexley: Principal) -> None:
    draft = ReferralDraft(kind=Kind.TIP, channel=Channel.WEB, description="Dealing from a flat", area="Erith",
                          place="Flat 3, 12 Acacia Road")
    first, second = submit(core, draft), submit(core, draft)
    assert proposed(core, bexley, first) == {second: ("same place or address",)}
    with core.db.session() as session:
        assert session.scalars(select(Person)).all() == []


def test_sms_reports_made_in_a_conversation_are_matched_on_the_sender(core: Core, clock) -> None:
    triage = core.staff.add("triage@partnership.example.gov.uk", list(core.table.inboxes))
    with core.db.session() as session:
        session.add(SmsConversation(sender="ab" * 32, conversation_id="sms-1", started_at=clock(),
                                    last_message_at=clock(), opted_out=False, code_failures=0))
    draft = ReferralDraft(kind=Kind.TIP, channel=Channel.SMS, description="dealing in Penge", area="Penge")
    first = core.submissions.submit(draft, source_key="chat:sms-1:1", followup=True, conversation="sms-1")
    second = core.submissions.submit(draft, source_key="chat:sms-1:2", followup=True, conversation="sms-1")
    assert proposed(core, triage, first.reference) == {second.reference: ("same SMS sender",)}
    with core.db.session() as session:
        before = sorted(session.scalars(select(MatchKey.key)).all())
    core.related.backfill()  # from the source key's conversation
    with core.db.session() as session:
        assert sorted(session.scalars(select(MatchKey.key)).all()) == before
