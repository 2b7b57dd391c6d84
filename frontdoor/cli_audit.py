"""``frontdoor audit``: verify the hash-chained audit log and print its entries.

``frontdoor audit verify`` exits 0 when the chain is intact and 1 when it is
broken (printing the first broken entry and why); ``frontdoor audit show``
prints entries, newest first. Entries hold who, when, what and which referral —
never the content, so there is none to print.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from frontdoor.bootstrap import Core
from frontdoor.config import Settings
from frontdoor.errors import FrontDoorError
from frontdoor.services import audit as audit_log
from frontdoor.store.models import AuditEntry


def _core() -> Core:
    return Core.from_settings(Settings.from_env())


def _fail(exc: FrontDoorError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group("audit")
def audit() -> None:
    """The append-only, hash-chained audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 and name the first broken entry if it does not hold."""
    try:
        core = _core()
        with core.db.session() as session:
            report = audit_log.verify(session)
    except FrontDoorError as exc:
        _fail(exc)
        return
    if report.ok:
        click.echo(f"ok: {report.checked} entries checked, chain intact")
        return
    click.echo(f"BROKEN at entry {report.first_broken_id}: {report.problem} "
               f"({report.checked} entries before it are intact)")
    sys.exit(1)


@audit.command("show")
@click.option("--reference", default=None, help="Only entries about this referral.")
@click.option("--actor", default=None, help="Only entries by this actor (a staff e-mail, console, reporter:web...).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000),
              help="How many entries, newest first.")
def audit_show(reference: str | None, actor: str | None, limit: int) -> None:
    """Print audit entries, newest first: id, time (UTC), actor, action, reference, detail."""
    query = select(AuditEntry)
    if reference:
        query = query.where(AuditEntry.reference == reference.strip().upper())
    if actor:
        query = query.where(AuditEntry.actor == actor.strip().lower())
    query = query.order_by(AuditEntry.id.desc()).limit(limit)
    try:
        core = _core()
        with core.db.session() as session:
            rows = session.scalars(query).all()
            lines = [
                "\t".join([str(r.id), r.at.isoformat(timespec="seconds"), audit_log.printable(r.actor),
                           audit_log.printable(r.action), audit_log.printable(r.reference or "-"),
                           audit_log.printable(r.detail or "-")])
                for r in rows
            ]
    except FrontDoorError as exc:
        _fail(exc)
        return
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo("no entries", err=True)
