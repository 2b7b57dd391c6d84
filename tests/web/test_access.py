"""Need-to-know through the web: a SPOC of one inbox tries every way into another inbox's referrals.

The pages, every action on a referral (found from the app's URL map, so new
actions are covered as they are added), the JSON API, the dashboard CSV, and
guessed references: all refused, with the same answer for a referral that
exists and one that does not, nothing changed, and each refusal audited.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from frontdoor.references import new_reference
from frontdoor.store.models import AuditEntry, Referral, ReferralCopy, ReferralEvent, Staff

OUTSIDER = "bromley"  # a SPOC of bromley-community-safety only
OWN_INBOX = "bromley-community-safety"
OTHER_INBOX = "bexley-community-safety"
#: Referrals the outsider must not reach: Bexley's own two, and the police's (copied to Bexley).
TARGETS = ("amber", "green", "red")

_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def same_page(response: Any) -> str:
    """The page without its CSRF tokens (which differ between requests)."""
    return _TOKEN.sub("", response.get_data(as_text=True))


def referral_routes(app: Any, prefix: str) -> list[tuple[str, str]]:
    """Every (method, rule) under ``prefix`` that takes a ``<reference>``."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefix) and "reference" in rule.arguments:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((method, rule.rule))
    return sorted(found)


def url(rule: str, reference: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?reference>", reference, rule)


def snapshot(core: Any, reference: str) -> tuple[Any, ...]:
    with core.db.session() as session:
        row = session.scalar(select(Referral).where(Referral.reference == reference))
        events = session.scalar(select(func.count()).select_from(ReferralEvent)
                                .where(ReferralEvent.referral_id == row.id))
        copies = tuple(sorted(session.scalars(select(ReferralCopy.inbox_id)
                                              .where(ReferralCopy.referral_id == row.id))))
        return (row.status, row.urgency, row.inbox_id, row.assigned_to, row.outcome, row.sla_due_at, events, copies)


def denied(core: Any, actor: str) -> list[tuple[str, str | None]]:
    with core.db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.actor == actor,
                                                        AuditEntry.action.like("%.denied"))
                               .order_by(AuditEntry.id)).all()
        return [(e.action, e.reference) for e in rows]


@pytest.fixture
def outsider(client: Any, sign_in: Any, staff: dict[str, str], referrals: dict[str, str]) -> Any:
    """The test client signed in as the Bromley SPOC, with the four referrals in place."""
    sign_in(client, OUTSIDER)
    return client


@pytest.fixture
def form(core: Any, staff: dict[str, str], csrf_token: Any, outsider: Any) -> dict[str, Any]:
    """A form an attacker would post: valid-looking values for every action's fields."""
    with core.db.session() as session:
        own_id = session.scalar(select(Staff.id).where(Staff.email == staff[OUTSIDER]))
    return {
        "csrf_token": csrf_token(outsider.get("/inbox/").get_data(as_text=True)),
        "note": "A note", "question": "Are you safe?", "outcome": "referred_mash", "urgency": "red",
        "reason": "Because", "inbox": OWN_INBOX, "assignee": str(own_id), "keep_copy": "yes",
    }


def test_the_outsider_can_see_none_of_the_targets(core: Any, staff: dict[str, str], referrals: dict[str, str]) -> None:
    principal = core.staff.find(staff[OUTSIDER])
    seen = {s.reference for s in core.queries.queue(principal, status="all")}
    assert seen == {referrals["bromley"]}


def test_there_are_referral_actions_to_try(app: Any) -> None:
    posts = {rule for method, rule in referral_routes(app, "/inbox/r/") if method == "POST"}
    assert {"/inbox/r/<reference>/acknowledge", "/inbox/r/<reference>/note", "/inbox/r/<reference>/close",
            "/inbox/r/<reference>/question"} <= posts


@pytest.mark.parametrize("name", TARGETS)
def test_the_referral_page_is_a_404_like_a_missing_one(outsider: Any, core: Any, staff: dict[str, str],
                                                       referrals: dict[str, str], name: str) -> None:
    target, missing = referrals[name], new_reference()
    hidden = outsider.get(f"/inbox/r/{target}")
    absent = outsider.get(f"/inbox/r/{missing}")
    assert hidden.status_code == absent.status_code == 404
    assert same_page(hidden) == same_page(absent)
    assert target not in hidden.get_data(as_text=True)
    assert denied(core, staff[OUTSIDER]) == [("referral.view.denied", target), ("referral.view.denied", missing)]


@pytest.mark.parametrize("name", TARGETS)
def test_every_action_on_the_referral_is_refused_like_on_a_missing_one(app: Any, outsider: Any, core: Any,
                                                                       staff: dict[str, str], form: dict[str, Any],
                                                                       referrals: dict[str, str],
                                                                       name: str) -> None:
    target = referrals[name]
    before = snapshot(core, target)
    routes = [r for r in referral_routes(app, "/inbox/r/") if r != ("GET", "/inbox/r/<reference>")]
    assert routes
    for method, rule in routes:
        missing = new_reference()
        hidden = outsider.open(url(rule, target), method=method, data=form)
        absent = outsider.open(url(rule, missing), method=method, data=form)
        assert hidden.status_code in (403, 404), (method, rule, hidden.status_code)
        assert hidden.status_code == absent.status_code, (method, rule)
        assert same_page(hidden) == same_page(absent), (method, rule)
        logged = denied(core, staff[OUTSIDER])[-2:]
        assert [ref for _, ref in logged] == [target, missing], (method, rule, logged)
    assert snapshot(core, target) == before


def test_a_copy_holder_cannot_work_the_owners_referral(app: Any, client: Any, sign_in: Any, core: Any,
                                                       staff: dict[str, str], referrals: dict[str, str],
                                                       csrf_token: Any) -> None:
    """Bexley holds an info-only copy of the police's referral: it may read it, not work it."""
    sign_in(client, "bexley")
    target = referrals["red"]
    assert client.get(f"/inbox/r/{target}").status_code == 200
    before = snapshot(core, target)
    token = csrf_token(client.get("/inbox/").get_data(as_text=True))
    data = {"csrf_token": token, "outcome": "referred_mash", "urgency": "green", "reason": "Because",
            "inbox": OTHER_INBOX, "assignee": "", "question": "Are you safe?"}
    for method, rule in referral_routes(app, "/inbox/r/"):
        if method != "POST" or rule.endswith("/note"):  # copy holders may add to the timeline
            continue
        response = client.post(url(rule, target), data=data)
        assert response.status_code in (403, 400), (rule, response.status_code)
    assert snapshot(core, target)[:6] == before[:6]


def test_the_api_refuses_the_reference_like_a_missing_one(app: Any, client: Any, core: Any,
                                                          staff: dict[str, str],
                                                          referrals: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {core.staff.issue_token(staff[OUTSIDER])}"}
    routes = referral_routes(app, "/api/")
    assert ("GET", "/api/referrals/<reference>") in routes
    for name in TARGETS:
        for method, rule in routes:
            target, missing = referrals[name], new_reference()
            hidden = client.open(url(rule, target), method=method, headers=headers)
            absent = client.open(url(rule, missing), method=method, headers=headers)
            assert hidden.status_code == absent.status_code == 404
            assert hidden.get_json() == absent.get_json()
            assert [ref for _, ref in denied(core, staff[OUTSIDER])[-2:]] == [target, missing]


def test_the_api_list_refuses_another_inbox_like_an_unknown_one(client: Any, core: Any, staff: dict[str, str],
                                                                referrals: dict[str, str]) -> None:
    headers = {"Authorization": f"Bearer {core.staff.issue_token(staff[OUTSIDER])}"}
    other = client.get(f"/api/referrals?inbox={OTHER_INBOX}", headers=headers)
    unknown = client.get("/api/referrals?inbox=no-such-inbox", headers=headers)
    assert other.status_code == unknown.status_code == 404
    assert other.get_json()["error"].replace(OTHER_INBOX, "X") == unknown.get_json()["error"].replace(
        "no-such-inbox", "X")
    listed = client.get("/api/referrals?status=all", headers=headers).get_json()["referrals"]
    assert [r["reference"] for r in listed] == [referrals["bromley"]]


def test_the_queue_page_refuses_another_inbox(outsider: Any, referrals: dict[str, str]) -> None:
    assert outsider.get(f"/inbox/?inbox={OTHER_INBOX}").status_code == 404
    page = outsider.get("/inbox/?status=all").get_data(as_text=True)
    assert all(referrals[name] not in page for name in TARGETS)


def test_the_dashboard_csv_counts_only_your_own_inboxes(app: Any, outsider: Any,
                                                        referrals: dict[str, str]) -> None:
    if not any(rule.rule == "/inbox/dashboard.csv" for rule in app.url_map.iter_rules()):
        pytest.skip("no dashboard CSV in this app")
    plain = outsider.get("/inbox/dashboard.csv")
    asked = outsider.get(f"/inbox/dashboard.csv?inbox={OTHER_INBOX}&scope=all")
    assert plain.status_code == asked.status_code == 200
    assert plain.get_data() == asked.get_data()
    text = plain.get_data(as_text=True)
    assert all(ref not in text for ref in referrals.values())


@pytest.mark.parametrize("guess", ["1", "2", "3", "4", "99", "0", "-1", "FD-0000-0000", "%25", "..%2F1",
                                   "FD-AAAA-AAAA%27%20OR%201%3D1"])
def test_guessed_references_and_numeric_ids_are_404(outsider: Any, client: Any, core: Any,
                                                   staff: dict[str, str], guess: str) -> None:
    assert outsider.get(f"/inbox/r/{guess}").status_code == 404
    headers = {"Authorization": f"Bearer {core.staff.issue_token(staff[OUTSIDER])}"}
    assert client.get(f"/api/referrals/{guess}", headers=headers).status_code == 404


def test_random_well_formed_guesses_are_404_and_audited(outsider: Any, core: Any, staff: dict[str, str]) -> None:
    guesses = [new_reference() for _ in range(10)]
    for guess in guesses:
        assert outsider.get(f"/inbox/r/{guess}").status_code == 404
    assert [ref for _, ref in denied(core, staff[OUTSIDER])] == guesses


def test_admin_pages_are_refused_to_a_spoc(app: Any, outsider: Any, core: Any, staff: dict[str, str],
                                           form: dict[str, Any]) -> None:
    tried = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        path = rule.rule.replace("<int:staff_id>", "1")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = outsider.open(path, method=method, data=form if method == "POST" else None)
            assert response.status_code == 403, (method, path)
            tried += 1
    assert tried >= 10
    with core.db.session() as session:
        refusals = session.scalar(select(func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.action == "admin.denied", AuditEntry.actor == staff[OUTSIDER]))
    assert refusals == tried
