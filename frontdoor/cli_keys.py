"""``frontdoor keys`` (data keys and their rotation) and ``frontdoor purge`` (retention).

``frontdoor keys generate`` prints a new data key. ``frontdoor keys rotate``
re-encrypts every encrypted value with the first key of
``FRONTDOOR_DATA_KEYS``, printing progress; it is safe to stop and run again.
``frontdoor purge`` deletes what is past its retention period and prints the
counts per table; ``--dry-run`` only counts.

Like the other sub-commands, a :class:`~frontdoor.errors.FrontDoorError`
becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import click

from frontdoor.config import Settings
from frontdoor.errors import FrontDoorError
from frontdoor.store.crypto import generate_key
from frontdoor.store.db import Database


def _fail(exc: FrontDoorError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


def _database(settings: Settings) -> Database:
    """The database with the configured keys (no routing table or language model needed)."""
    return Database(settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                    keyring=settings.keyring())


def _now() -> datetime:
    return datetime.now(timezone.utc)


@click.group("keys")
def keys() -> None:
    """Data keys for the encrypted fields (FRONTDOOR_DATA_KEYS)."""


@keys.command("generate")
def keys_generate() -> None:
    """Print a new random data key (put it first in FRONTDOOR_DATA_KEYS to start using it)."""
    click.echo(generate_key())


@keys.command("rotate")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100000),
              help="Rows re-encrypted per transaction.")
def keys_rotate(batch: int) -> None:
    """Re-encrypt every encrypted value with the first key in FRONTDOOR_DATA_KEYS.

    Values already encrypted with that key are left alone, so running it again
    is harmless. Remove an old key only after this has finished.
    """
    from frontdoor.services import audit
    from frontdoor.store.rekey import TableRotation, rotate

    def show(done: TableRotation) -> None:
        click.echo(f"{done.table}: {done.rows} rows checked, {done.values} values re-encrypted")

    try:
        db = _database(Settings.from_env())
        try:
            results = rotate(db, batch=batch, progress=show)
            values = sum(r.values for r in results)
            rows = sum(r.rows for r in results)
            with db.session() as session:
                audit.record(session, at=_now(), actor="system:keys", action="keys.rotate",
                             detail=f"values={values} rows={rows}")
        finally:
            db.dispose()
    except FrontDoorError as exc:
        _fail(exc)
        return
    click.echo(f"done: {values} values re-encrypted in {rows} rows; every value now uses the first key")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what is due; delete nothing.")
def purge(dry_run: bool) -> None:
    """Delete closed referrals, SMS records, staff sessions and Rasa trackers past retention.

    Prints the number of rows per table. Retention periods: FRONTDOOR_RETENTION_DAYS
    (closed referrals) and RASA_TRACKER_RETENTION_DAYS (Rasa conversations).
    """
    from frontdoor.bootstrap import build_retention

    try:
        settings = Settings.from_env()
        db = _database(settings)
        try:
            counts = build_retention(settings, db, _now).purge(dry_run=dry_run)
        finally:
            db.dispose()
    except FrontDoorError as exc:
        _fail(exc)
        return
    verb = "due" if dry_run else "deleted"
    for name, count in counts.items():
        click.echo(f"{name:24} {count:8} {verb}")
    click.echo(f"total {sum(counts.values())} rows {verb}{' (dry run: nothing deleted)' if dry_run else ''}")
