"""Inbox queue latency and SQL queries per page, with 1,000 and 100,000 referrals.

For each size N, seeds a freshly migrated database (SQLite in a temporary
directory by default) with N realistic referrals in one go through SQLAlchemy
Core: people with roles, info-only copies, timeline events, spread over the
demo inboxes (one busy inbox, Bexley community safety, gets about a quarter),
urgencies, statuses and 18 months of dates, with free text encrypted at rest
as the app stores it. Then, in process through the Flask test client:

- signs in a SPOC of the busy inbox through the real pages (password, then
  the authenticator set-up with a code from pyotp), and issues an API token;
- times ``--requests`` requests each of ``GET /inbox/`` (the queue page),
  ``GET /inbox/?status=all`` (closed ones too) and ``GET /api/referrals``
  (bearer token), and ``--dashboard-requests`` of ``GET /inbox/dashboard``
  (aggregates over the last 12 months: whole past days from the daily roll-ups,
  which ``frontdoor rollups rebuild`` (timed) writes after seeding), counting the SQL statements each one
  runs (``before_cursor_execute`` on the engine);
- prints p50/p95/p99 and the queries per request, and the query plan of the
  queue's main SELECT.

Related referrals are matched as in use: young people have full names and
schools, some referrals an address, SMS tips a sender pseudonym (their inbound
message), and ``frontdoor related backfill`` (timed) writes every referral's
match keys before the pages are timed. Then the referral page (with its related
referrals) and the related-referral lookup alone (``core.related.panel``) are
timed for referrals of the busy inbox. The queue's p95 at the largest size is
compared with its p95 at the smallest (the target: within 1.5 times), also taking
turns between the sizes so both see the same load. The target is checked on the
queue of every status, which fills a page (100 of the inbox's own and 20 copies)
at both sizes, so that the two figures differ only in the size of the database.
The open queue is printed beside it: at 1,000 the busy inbox has only 23 open
referrals, so that comparison also pays for the 97 more rows a full page shows;
what one queue row costs is estimated from the two queues at the smallest size,
and the open queue's ratio is also printed with those extra rows taken off.

Figures are written to reports/bench/inbox_queue.json (inbox_queue.postgresql.json
with a PostgreSQL ``--database-url``).

    .venv/app/bin/python -m bench.inbox_queue [--sizes 1000,100000] [--requests 200] [--dashboard-requests 30]
        [--database-url postgresql://...]   # an EMPTY database of your own: it is migrated and filled
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import platform
import random
import re
import secrets
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import event, insert, text

from bench.stats import percentile
from frontdoor.config import Settings
from frontdoor.model import Urgency
from frontdoor.references import new_reference
from frontdoor.services import Core
from frontdoor.sla import SlaPolicy, bank_holidays
from frontdoor.store.crypto import generate_key
from frontdoor.store.migrate import upgrade
from frontdoor.store.models import InboundMessage, Person, Referral, ReferralCopy, ReferralEvent
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
BUSY_INBOX = "bexley-community-safety"
SPOC_EMAIL = "busy.spoc@frontdoor.example"
PASSWORD = "bench-password-2026"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789abcdef"

#: Owning inbox → (share of all referrals, the areas it serves).
OWNERS: dict[str, tuple[float, tuple[str, ...]]] = {
    "bexley-community-safety": (0.25, ("bexley",)),
    "met-se-gangs": (0.15, ("bexley", "bromley", "greenwich", "lewisham")),
    "bromley-community-safety": (0.14, ("bromley",)),
    "hackney-community-safety": (0.14, ("hackney",)),
    "thanet-community-safety": (0.08, ("thanet",)),
    "kent-police-gangs": (0.08, ("thanet", "dartford", "maidstone", "kent")),
    "medway-community-safety": (0.06, ("medway",)),
    "greenwich-community-safety": (0.04, ("greenwich",)),
    "lewisham-community-safety": (0.03, ("lewisham",)),
    "partnership-triage": (0.03, ("",)),
}
MASH = {"bexley": "bexley-mash", "bromley": "bromley-mash", "hackney": "hackney-mash",
        "medway": "medway-front-door", "thanet": "kent-front-door", "kent": "kent-front-door"}
COMMUNITY = {"bexley": "bexley-community-safety", "bromley": "bromley-community-safety",
             "greenwich": "greenwich-community-safety", "lewisham": "lewisham-community-safety",
             "thanet": "thanet-community-safety", "dartford": "dartford-community-safety",
             "maidstone": "maidstone-community-safety"}
INDICATORS = {
    "red": (("weapon", "threats"), ("serious_injury",), ("threat_to_life", "weapon"), ("missing_now",)),
    "amber": (("drug_running", "older_associates"), ("county_lines", "missing_episodes"), ("cuckooing",),
              ("trap_house", "drug_running"), ("recruitment", "unexplained_money")),
    "green": (("older_associates",), ("unexplained_money", "behaviour_change"), ("gang_content_online",),
              ("falling_attendance",), ()),
}
DESCRIPTIONS = (
    "He keeps going missing and comes back with new trainers and two phones.",
    "Older lads are picking her up from school in a black car most days.",
    "There is a flat above the shops where people come and go all night.",
    "He told a teacher he owes money to someone and has to do runs to pay it off.",
    "She has been seen with a knife in her bag and is scared of a group from another estate.",
)
NAMES = ("Sam", "Alex", "Jordan", "Riley", "Casey", "Morgan", "Jamie", "Taylor", "Charlie", "Rowan")
PLACES = ("Erith", "Sidcup", "Bexleyheath", "Penge", "Orpington", "Dalston", "Margate", "Chatham", "Woolwich")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke",
            "Okafor", "Mensah", "Ahmed", "Khan", "Nowak", "Kowalski", "Hussain", "Begum", "Adeyemi", "Osei")
SCHOOLS = tuple(f"{name} Academy" for name in ("Erith", "Hurstmere", "Harris", "Orchards", "Beths", "Cleeve Park",
                                                "Haberdashers", "Mossbourne", "Chatham Grammar", "Hartsdown"))
STREETS = tuple(f"{name} {kind}" for name in ("Acacia", "Station", "Church", "Victoria", "Mill", "Park", "Queens",
                                               "Manor", "Kings", "Bridge")
                for kind in ("Road", "Street", "Close"))
#: Distinct SMS senders (pseudonyms): some text more than once.
SENDERS = 5000


# --- seeding ---------------------------------------------------------------------------
def _reference(taken: set[str]) -> str:
    while True:
        reference = new_reference()
        if reference not in taken:
            taken.add(reference)
            return reference


def generate(n: int, now: datetime, sla: SlaPolicy, seed: int = 2026) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (table, row) for ``n`` referrals and their people, copies and events."""
    rng = random.Random(seed)
    owners = list(OWNERS)
    weights = [OWNERS[o][0] for o in owners]
    taken: set[str] = set()
    person_id = copy_id = event_id = 0
    for referral_id in range(1, n + 1):
        owner = rng.choices(owners, weights)[0]
        area = rng.choice(OWNERS[owner][1]) or None
        urgency = rng.choices(("red", "amber", "green"), (0.1, 0.4, 0.5))[0]
        kind = rng.choices(("concern", "tip", "self_referral", "handover", "health"),
                           (0.62, 0.3, 0.03, 0.02, 0.03))[0]
        created = now - timedelta(seconds=rng.uniform(0, 548 * 86400))
        due = sla.due_at(Urgency(urgency), created)
        age_days = (now - created).days
        recent = age_days < 30
        status = rng.choices(("new", "acknowledged", "closed"),
                             (0.4, 0.4, 0.2) if recent else (0.01, 0.04, 0.95))[0]
        acknowledged = closed = None
        if status != "new":
            target = (due - created).total_seconds()
            acknowledged = created + timedelta(seconds=min(rng.expovariate(1 / (target * 0.6)),
                                                          max(60.0, (now - created).total_seconds())))
        if status == "closed":
            assert acknowledged is not None
            closed = min(now, acknowledged + timedelta(days=rng.uniform(0.5, 30)))
        place = rng.choice(PLACES) if rng.random() < 0.7 else f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
        channel = "sms" if kind == "tip" and rng.random() < 0.5 else "web"
        reference = _reference(taken)
        yield "referrals", {
            "id": referral_id, "reference": reference, "source_key": None, "followup_digest": None,
            "kind": kind, "channel": channel, "status": status,
            "urgency": urgency, "urgency_rank": Urgency(urgency).rank,
            "triage_reasons": [f"{urgency} by the triage rules"], "indicators": list(rng.choice(INDICATORS[urgency])),
            "routing_reasons": [f"routed to {owner}"], "inbox_id": owner, "area_id": area, "area_text": place,
            "place": place, "when_text": "last week", "immediate_danger": urgency == "red" and rng.random() < 0.3,
            "consent_to_contact": True, "anonymous": kind == "tip", "description": rng.choice(DESCRIPTIONS),
            "details": {}, "outcome": "signposted" if closed else None, "alert_level": 0,
            "created_at": created, "updated_at": closed or acknowledged or created, "sla_due_at": due,
            "acknowledged_at": acknowledged, "closed_at": closed,
        }
        if channel == "sms":  # the text as received: the sender's pseudonym, never the number
            yield "inbound_messages", {
                "id": referral_id, "message_sid": f"SM{referral_id:032d}", "sender": f"{rng.randrange(SENDERS):064x}",
                "body": "tip", "num_media": 0, "received_at": created, "status": "processed",
                "handled_by": "captured", "attempts": 1, "reference": reference, "processed_at": created}
        if kind != "tip":
            person_id += 1
            yield "people", {"id": person_id, "referral_id": referral_id, "role": "young_person_at_risk",
                             "name": f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}" if rng.random() < 0.7 else None,
                             "age": rng.randint(11, 17), "school": rng.choice(SCHOOLS),
                             "known_to_social_care": rng.random() < 0.3}
            person_id += 1
            yield "people", {"id": person_id, "referral_id": referral_id, "role": "reporter",
                             "reporter_role": "teacher", "name": "A Teacher", "organisation": "Local Academy",
                             "email": "teacher@school.example", "phone": "07700 900123"}
            if rng.random() < 0.25:
                person_id += 1
                yield "people", {"id": person_id, "referral_id": referral_id, "role": "alleged_exploiter",
                                 "name": "Big T", "age": rng.randint(18, 30)}
        copies: list[str] = []
        if area and kind == "concern" and urgency != "green" and area in MASH:
            copies.append(MASH[area])
        if owner == "met-se-gangs" and area in COMMUNITY:
            copies.append(COMMUNITY[area])
        for inbox in dict.fromkeys(copies):
            if inbox != owner:
                copy_id += 1
                yield "referral_copies", {"id": copy_id, "referral_id": referral_id, "inbox_id": inbox,
                                          "created_at": created}
        event_id += 1
        yield "referral_events", {"id": event_id, "referral_id": referral_id, "at": created, "actor": "system",
                                  "action": "created", "body": f"{kind}; triaged {urgency}; routed to {owner}"}
        for at, action in ((acknowledged, "acknowledged"), (closed, "closed")):
            if at is not None:
                event_id += 1
                yield "referral_events", {"id": event_id, "referral_id": referral_id, "at": at,
                                          "actor": "spoc@frontdoor.example", "action": action, "body": None}


def seed(core: Core, n: int, batch: int = 5000) -> float:
    """Insert ``n`` generated referrals (with people, copies, events); return the seconds taken."""
    tables = {"referrals": Referral.__table__, "people": Person.__table__,
              "referral_copies": ReferralCopy.__table__, "referral_events": ReferralEvent.__table__,
              "inbound_messages": InboundMessage.__table__}
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    started = time.perf_counter()

    def flush(conn: Any) -> None:
        for name in tables:  # referrals first: the others refer to them
            if pending[name]:
                keys = {key for row in pending[name] for key in row}  # executemany wants the same keys
                conn.execute(insert(tables[name]), [{k: row.get(k) for k in keys} for row in pending[name]])
                pending[name] = []

    with core.db.engine.begin() as conn:
        for name, row in generate(n, core.clock(), core.settings.sla):
            pending[name].append(row)
            if name == "referrals" and len(pending[name]) >= batch:
                flush(conn)
        flush(conn)
    with core.db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


# --- signing in ---------------------------------------------------------------------------
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client: FlaskClient, core: Core) -> None:
    """Sign the busy inbox's SPOC in through the pages: password, then authenticator set-up with a code."""
    page = client.get("/inbox/login").get_data(as_text=True)
    token = _CSRF.search(page).group(1)  # type: ignore[union-attr]
    response = client.post("/inbox/login", data={"csrf_token": token, "email": SPOC_EMAIL, "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    enrol = client.get("/inbox/enrol")
    if enrol.status_code == 200:  # first sign-in: set up the authenticator
        first_step = client.get_cookie("fd_staff", path="/inbox").value  # type: ignore[union-attr]
        secret = core.staff.begin_enrolment(first_step).secret  # the secret the page shows (kept until confirmed)
        token = _CSRF.search(enrol.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        response = client.post("/inbox/enrol", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()})
        assert response.status_code == 303 and "/inbox/" in response.headers["Location"], response.status_code
    assert client.get("/inbox/").status_code == 200


# --- measuring --------------------------------------------------------------------------------
class QueryCounter:
    def __init__(self, core: Core) -> None:
        self.count = 0
        self.statements: list[tuple[str, Any]] = []
        event.listen(core.db.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        self.count += 1
        self.statements.append((statement, parameters))

    def reset(self) -> None:
        self.count = 0
        self.statements = []


def measure(name: str, call: Callable[[], Any], requests: int, counter: QueryCounter) -> dict[str, Any]:
    call()  # warm up (templates, statement cache)
    counter.reset()
    call()
    queries = counter.count
    statements = list(counter.statements)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - started)
        assert getattr(response, "status_code", 200) == 200, (name, response.status_code)
    result = {"requests": requests, "p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
              "p99_ms": percentile(times, 99) * 1000, "queries_per_request": queries}
    print(f"  {name:30} p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  "
          f"p99 {result['p99_ms']:7.1f} ms  {queries} queries", flush=True)
    result["_statements"] = statements
    return result


#: The queue pages compared across sizes: the open queue, and every status (a full page at each size).
QUEUES = {"open": "GET /inbox/", "full page": "GET /inbox/?status=all"}


def alternate(calls: dict[str, Callable[[], Any]], requests: int) -> dict[str, dict[str, float]]:
    """Time ``requests`` rounds of every call in turn; return each one's p50 and p95 in ms.

    Taking turns, the calls see the same load from whatever else the machine is running.
    """
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(requests):
        for name, call in calls.items():
            started = time.perf_counter()
            response = call()
            times[name].append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
    return {name: {"p50_ms": round(percentile(t, 50) * 1000, 1), "p95_ms": round(percentile(t, 95) * 1000, 1)}
            for name, t in times.items()}


def explain(core: Core, statement: str, parameters: Any) -> list[str]:
    """Return the query plan of ``statement`` with the parameters it ran with."""
    with core.db.engine.connect() as conn:
        if core.db.is_sqlite:
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", tuple(parameters))
            return [" ".join(str(c) for c in row[3:]) for row in plan]
        return [row[0] for row in conn.exec_driver_sql(f"EXPLAIN ANALYZE {statement}", parameters)]


def run_size(n: int, requests: int, dashboard_requests: int, database_url: str | None,
             home: Path) -> tuple[dict[str, Any], dict[str, Callable[[], Any]], Core]:
    """Seed ``n`` referrals and time the pages; return the figures, the queue requests and the core (to dispose)."""
    url = database_url or f"sqlite:///{home / 'frontdoor.db'}"
    settings = Settings(database_url=url, sla=SlaPolicy(holidays=bank_holidays()), home=home,
                        data_keys=(generate_key(),), pseudonym_key=secrets.token_bytes(32))
    core = Core.from_settings(settings)
    upgrade(core.db)
    print(f"\n{n:,} referrals: seeding ...", flush=True)
    seconds = seed(core, n)
    with core.db.engine.connect() as conn:
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                  for t in ("referrals", "people", "referral_copies", "referral_events")}
        visible = conn.execute(text(
            "SELECT count(*) FROM referrals r WHERE (r.inbox_id = :i OR EXISTS (SELECT 1 FROM referral_copies c "
            "WHERE c.referral_id = r.id AND c.inbox_id = :i))"), {"i": BUSY_INBOX}).scalar_one()
        open_visible = conn.execute(text(
            "SELECT count(*) FROM referrals r WHERE r.status != 'closed' AND (r.inbox_id = :i OR EXISTS "
            "(SELECT 1 FROM referral_copies c WHERE c.referral_id = r.id AND c.inbox_id = :i))"),
            {"i": BUSY_INBOX}).scalar_one()
    print(f"  seeded in {seconds:.1f} s: {counts}; the busy inbox sees {visible:,} ({open_visible:,} open)",
          flush=True)

    started = time.perf_counter()
    indexed = core.related.backfill()
    backfill_s = time.perf_counter() - started
    with core.db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        match_keys = conn.exec_driver_sql("SELECT count(*) FROM related_keys").scalar_one()
        sample = list(conn.execute(text(
            "SELECT r.reference FROM referrals r WHERE r.inbox_id = :i AND r.id IN "
            "(SELECT k.referral_id FROM related_keys k) ORDER BY r.id DESC LIMIT 50"), {"i": BUSY_INBOX}).scalars())
    print(f"  related-referral match keys: {match_keys:,} for {indexed:,} referrals, written in {backfill_s:.1f} s "
          "(frontdoor related backfill)", flush=True)

    started = time.perf_counter()
    rolled_days = core.dashboard.rollups.refresh(rebuild=True)
    rollup_s = time.perf_counter() - started
    with core.db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        rollup_rows = conn.exec_driver_sql("SELECT (SELECT count(*) FROM dashboard_rollups) + "
                                           "(SELECT count(*) FROM dashboard_rollup_times)").scalar_one()
    print(f"  dashboard roll-ups: {rolled_days:,} days, {rollup_rows:,} rows, written in {rollup_s:.1f} s "
          "(frontdoor rollups rebuild)", flush=True)

    principal = core.staff.add(SPOC_EMAIL, [BUSY_INBOX], name="Busy inbox SPOC", password=PASSWORD, actor="bench")
    api_token = core.staff.issue_token(SPOC_EMAIL, actor="bench")
    app = create_app({"SECRET_KEY": SECRET_KEY}, core=core)
    client = app.test_client()
    sign_in(client, core)
    counter = QueryCounter(core)
    api_headers = {"Authorization": f"Bearer {api_token}"}
    pages = {
        "GET /inbox/": lambda: client.get("/inbox/"),
        "GET /inbox/?status=all": lambda: client.get("/inbox/?status=all"),
        "GET /api/referrals": lambda: client.get("/api/referrals", headers=api_headers),
        "GET /inbox/dashboard": lambda: client.get("/inbox/dashboard"),
        "GET /inbox/r/<ref> (+related)": lambda: client.get(f"/inbox/r/{next(pages_of)}"),
        "related lookup (service)": lambda: core.related.panel(principal, next(panels_of)),
    }
    pages_of, panels_of = itertools.cycle(sample), itertools.cycle(sample)
    panels = [core.related.panel(principal, reference) for reference in sample]
    shown = sum(len(p.proposals) + len(p.linked) for p in panels) / max(1, len(panels))
    hidden = sum(p.hidden_proposals + p.hidden_linked for p in panels) / max(1, len(panels))
    results: dict[str, Any] = {"referrals": counts["referrals"], "people": counts["people"],
                               "copies": counts["referral_copies"], "events": counts["referral_events"],
                               "busy_inbox_visible": visible, "busy_inbox_open": open_visible,
                               "seed_s": round(seconds, 1), "match_keys": match_keys,
                               "backfill_s": round(backfill_s, 1), "rollup_days": rolled_days,
                               "rollup_rows": rollup_rows, "rollup_s": round(rollup_s, 1), "related_shown_mean": round(shown, 1),
                               "related_hidden_mean": round(hidden, 1), "pages": {}}
    print(f"  related referrals of the sampled referrals: {shown:.1f} shown and {hidden:.1f} counted as in "
          "other teams' inboxes, on average", flush=True)
    for name, call in pages.items():
        count = dashboard_requests if "dashboard" in name else requests
        results["pages"][name] = measure(name, call, count, counter)
    queue_statements = results["pages"]["GET /inbox/"].pop("_statements")
    for page in results["pages"].values():
        page.pop("_statements", None)
    # How many referral rows each queue page shows: the open queue of a small database shows fewer.
    results["rows_shown"] = {name: pages[name]().get_data(as_text=True).count('class="referral-row')
                             for name in QUEUES.values()}
    main = next(((s, p) for s, p in queue_statements if "FROM referrals" in s and "ORDER BY" in s), None)
    if main:
        results["queue_plan"] = explain(core, *main)
        print("  queue query plan: " + " | ".join(results["queue_plan"]), flush=True)
    return results, {kind: pages[name] for kind, name in QUEUES.items()}, core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000", help="referral counts, comma-separated")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page and size")
    parser.add_argument("--dashboard-requests", type=int, default=30,
                        help="timed requests of the dashboard")
    parser.add_argument("--database-url", default=None,
                        help="an empty database of your own (e.g. PostgreSQL); default: SQLite in a temp dir")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.database_url and len(sizes) > 1:
        parser.error("with --database-url give one size (the database must start empty)")

    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {nproc} cores, Python {platform.python_version()}",
        "date": date.today().isoformat(),
        "database": "postgresql" if args.database_url and args.database_url.startswith("postgres") else "sqlite",
        "requests": args.requests,
        "dashboard_requests": args.dashboard_requests,
        "sizes": {},
    }
    with contextlib.ExitStack() as kept:  # every size's database stays until the queues are compared
        queues: dict[int, dict[str, Callable[[], Any]]] = {}
        for n in sizes:
            home = Path(kept.enter_context(tempfile.TemporaryDirectory()))
            results["sizes"][str(n)], queues[n], core = run_size(n, args.requests, args.dashboard_requests,
                                                                 args.database_url, home)
            kept.callback(core.db.dispose)
        if len(sizes) > 1:
            print(f"\nthe queues at {min(sizes):,} and {max(sizes):,} referrals, taking turns ...", flush=True)
            results["queue_alternating"] = alternate(
                {f"{n} {kind}": queues[n][kind] for kind in QUEUES for n in (min(sizes), max(sizes))}, args.requests)

    out = ROOT / "reports" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    report = out / ("inbox_queue.json" if results["database"] == "sqlite" else f"inbox_queue.{results['database']}.json")
    print(f"\nmachine: {results['machine']}; database: {results['database']}; Flask test client (in process)")
    print(f"{'referrals':>10} {'page':30} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for n, figures in results["sizes"].items():
        for name, row in figures["pages"].items():
            print(f"{int(n):>10,} {name:30} {row['requests']:>8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                  f"{row['p99_ms']:>8.1f} {row['queries_per_request']:>8}")
    smallest, largest = results["sizes"][str(min(sizes))], results["sizes"][str(max(sizes))]
    if len(sizes) > 1:
        turns = results["queue_alternating"]
        shown = smallest["rows_shown"]
        # At the smallest size the two queues read the same database and differ mostly in the rows shown.
        extra = shown[QUEUES["full page"]] - shown[QUEUES["open"]]
        per_row = None
        if extra > 0:
            per_row = (turns[f"{min(sizes)} full page"]["p50_ms"] - turns[f"{min(sizes)} open"]["p50_ms"]) / extra
            results["queue_row_ms"] = round(per_row, 3)
            print(f"a queue row costs about {per_row:.3f} ms (p50 taking turns at {min(sizes):,}: every status, "
                  f"{extra} rows more than the open queue)")
        for kind, name in QUEUES.items():
            ratio = largest["pages"][name]["p95_ms"] / smallest["pages"][name]["p95_ms"]
            small, large = turns[f"{min(sizes)} {kind}"], turns[f"{max(sizes)} {kind}"]
            taking_turns = large["p95_ms"] / small["p95_ms"]
            results.setdefault("queue_p95_ratio", {})[kind] = round(ratio, 2)
            results.setdefault("queue_p95_ratio_alternating", {})[kind] = round(taking_turns, 2)
            rows_small, rows_large = smallest["rows_shown"][name], largest["rows_shown"][name]
            same_rows = rows_small == rows_large
            verdict = (("target (within 1.5 times, the same rows shown): "
                        + ("met" if max(ratio, taking_turns) <= 1.5 else "NOT met")) if same_rows
                       else "not the target's comparison: the pages show different numbers of rows")
            print(f"{name} ({kind}: {rows_small} rows shown at {min(sizes):,}, {rows_large} at {max(sizes):,}): "
                  f"p95 at {max(sizes):,} is {ratio:.2f} times its p95 at {min(sizes):,}; taking turns: "
                  f"{large['p95_ms']:.1f} / {small['p95_ms']:.1f} ms = {taking_turns:.2f} times (p50 "
                  f"{large['p50_ms']:.1f} / {small['p50_ms']:.1f} ms); {verdict}")
            if not same_rows and per_row is not None:
                adjusted = (large["p95_ms"] - (rows_large - rows_small) * per_row) / small["p95_ms"]
                results.setdefault("queue_p95_ratio_same_rows", {})[kind] = round(adjusted, 2)
                print(f"  without the cost of its {rows_large - rows_small} extra rows ({per_row:.3f} ms each), "
                      f"taking turns: {adjusted:.2f} times")
    lookup = largest["pages"]["related lookup (service)"]
    print(f"related-referral lookup for one referral at {max(sizes):,}: p50 {lookup['p50_ms']:.1f} ms, "
          f"p95 {lookup['p95_ms']:.1f} ms ({largest['match_keys']:,} match keys, backfilled in "
          f"{largest['backfill_s']:.0f} s)")
    report.write_text(json.dumps(results, indent=2))
    print(f"written to {report}")


if __name__ == "__main__":
    main()
