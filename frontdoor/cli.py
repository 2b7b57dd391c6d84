"""The ``frontdoor`` console command for administrators.

Every sub-command builds the core from the environment when it runs, turns
:class:`~frontdoor.errors.FrontDoorError` into a one-line message on stderr and
exit status 2, and prints machine-readable output where a script may read it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from frontdoor.assessment import assess
from frontdoor.bootstrap import Core
from frontdoor.config import Settings
from frontdoor.drafts import draft_from_mapping
from frontdoor.errors import ConfigurationError, FrontDoorError, InvalidInput
from frontdoor.extraction import default_analyser
from frontdoor.hours import aware_time
from frontdoor.learned import reader_at
from frontdoor.routing import RoutingTable
from frontdoor.sharing import load_agreements
from frontdoor.workflow_config import WorkflowConfig


def _core() -> Core:
    return Core.from_settings(Settings.from_env())


def _fail(exc: FrontDoorError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group()
def main() -> None:
    """Front Door administration: triage dry-runs, staff, database, demo data."""


@main.command()
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--at", "received", default=None, metavar="TIME",
              help="Route as if received at this ISO 8601 time with a zone (e.g. 2026-12-05T23:30:00+00:00): "
                   "a red referral to a closed inbox also goes to its out-of-hours contact.")
def triage(source: Any, received: str | None) -> None:
    """Triage and route a JSON referral draft from SOURCE (a file, or - for stdin).

    Prints {"urgency", "reasons", "indicators", "needs_judgement", "route": {"inbox", "copies"}};
    with --at, the route also gives "out_of_hours" (the contact, or null) and its "reasons".
    Nothing is stored.
    """
    try:
        try:
            data = json.load(source)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not valid JSON: {exc}") from exc
        draft = draft_from_mapping(data)
        settings = Settings.from_env()
        table = RoutingTable.load(settings.routing_table)
        at = aware_time(received, "--at") if received else None
        assessment = assess(draft, table, default_analyser(table.gazetteer(), settings.lexicon),
                            received_at=at, calendar=settings.sla.calendar if at else None,
                            reader=reader_at(settings.triage_model))
    except FrontDoorError as exc:
        _fail(exc)
        return
    route: dict[str, Any] = {"inbox": assessment.route.inbox, "copies": list(assessment.route.copies)}
    if at is not None:
        route.update(out_of_hours=assessment.route.out_of_hours, reasons=list(assessment.route.reasons))
    click.echo(json.dumps({
        "urgency": assessment.triage.urgency.value,
        "reasons": list(assessment.triage.reasons),
        "indicators": list(assessment.triage.indicators),
        "needs_judgement": assessment.triage.needs_judgement,
        "route": route,
    }, indent=2))


@main.group("triage-model")
def triage_model() -> None:
    """The second reading of triage: a model fitted on the development corpora."""


@triage_model.command("fit")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="Where to write it (default: FRONTDOOR_TRIAGE_MODEL, else models/triage-reader.json.gz).")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A development corpus (repeatable; default: data/dev*/triage.jsonl). Never the held-out one.")
def triage_model_fit(out: str | None, corpora: tuple[str, ...]) -> None:
    """Fit the second reading on the development corpora and save it; print what it was fitted on."""
    from pathlib import Path

    from frontdoor.corpus import development_corpora, examples
    from frontdoor.learned import fit

    try:
        settings = Settings.from_env()
        target = Path(out) if out else settings.triage_model
        if target is None:
            raise InvalidInput("FRONTDOOR_TRIAGE_MODEL is off: give --out", "out")
        paths = [Path(c) for c in corpora] or development_corpora()
        if not paths:
            raise InvalidInput("no development corpus found (data/dev*/triage.jsonl)", "corpus")
        table = RoutingTable.load(settings.routing_table)
        found = examples(paths, default_analyser(table.gazetteer(), settings.lexicon))
        reader = fit(found, trained_on={"corpora": [p.parent.name for p in paths]})
        reader.save(target)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"second reading fitted on {len(found)} drafts from {len(paths)} corpora, "
               f"{len(reader.coef)} features: {target}")


# --- database -----------------------------------------------------------------
@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the latest schema."""
    from frontdoor.store.migrate import current, upgrade

    try:
        core = _core()
        upgrade(core.db)
        click.echo(f"database at revision {current(core.db)}")
    except FrontDoorError as exc:
        _fail(exc)


# --- routing --------------------------------------------------------------------
@main.group()
def routing() -> None:
    """The routing table."""


@routing.command("check")
@click.argument("path", required=False)
@click.option("--workflow", "workflow_path", default=None, metavar="FILE",
              help="The workflow file to check with it (default: FRONTDOOR_WORKFLOW, else the demo one).")
def routing_check(path: str | None, workflow_path: str | None) -> None:
    """Validate a routing table (the configured one when PATH is omitted) and the workflow beside it."""
    try:
        settings = Settings.from_env()
        table = RoutingTable.load(path or settings.routing_table)
        workflow = WorkflowConfig.load(workflow_path or settings.workflow, table.areas)
        agreements = load_agreements(path or settings.routing_table, table.agencies)
    except FrontDoorError as exc:
        _fail(exc)
        return
    places = len(table.gazetteer())
    around_the_clock = sorted({table.inboxes[a.out_of_hours].name for a in table.areas.values()}
                              | {table.inboxes[table.out_of_hours].name})
    click.echo(f"ok: {len(table.areas)} areas, {len(table.inboxes)} inboxes, {places} place names, "
               f"{len(table.rules)} rules ({table.source})")
    click.echo(f"sharing agreements: {len(agreements)}")
    click.echo(f"out of hours: every area has a 24/7 contact ({len(around_the_clock)}: "
               f"{'; '.join(around_the_clock)})")
    local = sorted({o.id for o in workflow.outcomes.values() if o.areas})
    click.echo(f"workflow: {len(workflow.outcomes)} outcomes, {len(local)} offered only in some areas "
               f"({', '.join(local) or 'none'}); closed referrals with further work are "
               f"{'reviewed' if workflow.review else 'deleted'} at the end of their period ({workflow.source})")


@main.command()
def inboxes() -> None:
    """List the inboxes of the routing table."""
    try:
        table = RoutingTable.load(Settings.from_env().routing_table)
    except FrontDoorError as exc:
        _fail(exc)
        return
    for inbox in table.inboxes.values():
        click.echo(f"{inbox.id:40} {inbox.name}")


# --- staff ----------------------------------------------------------------------
@main.group()
def staff() -> None:
    """Staff accounts and API tokens."""


@staff.command("add")
@click.argument("email")
@click.option("--inbox", "inbox_ids", multiple=True, help="Inbox id (repeat for several).")
@click.option("--admin", is_flag=True, help="Administrator (manages staff; reads referrals only with inboxes).")
@click.option("--name", default=None, help="Display name.")
def staff_add(email: str, inbox_ids: tuple[str, ...], admin: bool, name: str | None) -> None:
    """Create a staff account for EMAIL with access to the given inboxes."""
    try:
        principal = _core().staff.add(email, inbox_ids, is_admin=admin, name=name)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"added {principal.email} inboxes={','.join(sorted(principal.inboxes)) or '-'}"
               f"{' admin' if principal.is_admin else ''}")
    click.echo(f"set a password with: frontdoor staff password {principal.email}")
    click.echo("at first sign-in they must set up two-factor sign-in with an authenticator app "
               "(the sign-in page shows a QR code)")


@staff.command("password")
@click.argument("email")
@click.password_option(help="New password (prompted, at least 12 characters).")
def staff_password(email: str, password: str) -> None:
    """Set EMAIL's sign-in password."""
    try:
        _core().staff.set_password(email, password)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"password set for {email}")


@staff.command("token")
@click.argument("email")
def staff_token(email: str) -> None:
    """Print a new personal API token for EMAIL (shown once)."""
    try:
        token = _core().staff.issue_token(email)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(token)


@staff.command("reset-2fa")
@click.argument("email")
def staff_reset_2fa(email: str) -> None:
    """Clear EMAIL's two-factor secret (lost phone): they set it up again at next sign-in."""
    try:
        _core().staff.reset_two_factor(email)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"two-factor sign-in reset for {email.strip().lower()}; their sessions have ended "
               "and they will set up an authenticator app at their next sign-in")


# --- background work ------------------------------------------------------------
@main.command()
@click.option("--once", is_flag=True, help="Run one pass and exit.")
def worker(once: bool) -> None:
    """Run the background worker (queued alert deliveries, the alert sweep, SMS retries, retention) until stopped.

    The same worker as ``python -m outbound.worker`` (what ``make run`` starts),
    composed by :func:`frontdoor.bootstrap.worker_for`, without the Twilio
    adapter: alerts go by e-mail, and their SMS is recorded as skipped. Use
    ``python -m outbound.worker`` where SMS alerts are wanted.
    """
    from frontdoor.bootstrap import run_worker

    try:
        core = _core()
    except FrontDoorError as exc:
        _fail(exc)
        return
    run_worker(core, once=once, echo=click.echo)


# --- demo -----------------------------------------------------------------------
@main.group()
def demo() -> None:
    """Demo data for the demo routing table."""


@demo.command("load")
@click.option("--password", envvar="FRONTDOOR_DEMO_PASSWORD", required=True,
              help="Password for every demo account (12+ characters; make run writes a random one).")
def demo_load(password: str) -> None:
    """Create the demo staff accounts (safe to run again; refused unless FRONTDOOR_ENV is development or test)."""
    from frontdoor.demo import load_demo_accounts

    try:
        results = load_demo_accounts(_core(), password)
    except FrontDoorError as exc:
        _fail(exc)
        return
    for account, created in results:
        state = "created" if created else "exists "
        click.echo(f"{state} {account.email:40} {', '.join(account.inboxes) or 'admin'}")
    click.echo(f"demo password: {password}")


# --- related referrals ------------------------------------------------------------
@main.group()
def related() -> None:
    """Related referrals: the keyed match keys proposals come from."""


@related.command("backfill")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100000),
              help="Referrals indexed per transaction.")
def related_backfill(batch: int) -> None:
    """Write every stored referral's match keys afresh (after upgrading, or with a new FRONTDOOR_PSEUDONYM_KEY)."""
    try:
        core = _core()
        if not core.related.enabled:
            raise ConfigurationError("related-referral matching needs FRONTDOOR_PSEUDONYM_KEY")
        count = core.related.backfill(batch)
        click.echo(f"match keys written for {count:,} referral{'' if count == 1 else 's'}")
    except FrontDoorError as exc:
        _fail(exc)



# --- dashboard roll-ups -------------------------------------------------------------
@main.group()
def rollups() -> None:
    """The dashboard's daily roll-ups (counts only), refreshed by the worker."""


@rollups.command("rebuild")
def rollups_rebuild() -> None:
    """Roll up every past day afresh (after upgrading); today is always counted live."""
    try:
        days = _core().dashboard.rollups.refresh(rebuild=True)
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"dashboard roll-ups written for {days:,} day{'' if days == 1 else 's'}")

from frontdoor.cli_audit import audit as _audit  # noqa: E402

main.add_command(_audit)

from frontdoor.cli_keys import keys as _keys  # noqa: E402
from frontdoor.cli_keys import purge as _purge  # noqa: E402

main.add_command(_keys)
main.add_command(_purge)

from frontdoor.cli_directory import directory as _directory  # noqa: E402

main.add_command(_directory)

from frontdoor.cli_sms import sms as _sms  # noqa: E402

main.add_command(_sms)


if __name__ == "__main__":  # pragma: no cover
    main()
