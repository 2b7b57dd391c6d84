"""Key rotation: re-encrypt every encrypted value with the first data key.

Used by ``frontdoor keys rotate``. It walks each table with encrypted columns
in primary-key order, a batch per transaction, and rewrites only the values
not already encrypted with the first key (legacy plaintext included), so it
can be stopped and run again at any time and a second run changes nothing.
A value the application rewrites while a rotation runs is left as written
(it is encrypted with the first key already).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Text, column, select, table, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.sql.expression import TableClause

from frontdoor.errors import ConfigurationError, Unavailable
from frontdoor.store.crypto import ENV_NAME, EncryptedJSON, EncryptedText, Keyring
from frontdoor.store.db import Database, rowcount


@dataclass
class TableRotation:
    """What a rotation did to one table."""

    table: str
    rows: int = 0
    values: int = 0


def encrypted_columns() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Return table name → (primary key column, encrypted columns) for every model."""
    from frontdoor.store.models import Base

    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for model_table in Base.metadata.sorted_tables:
        names = tuple(c.name for c in model_table.columns if isinstance(c.type, (EncryptedText, EncryptedJSON)))
        if names:
            (key,) = [c.name for c in model_table.primary_key.columns]
            found[model_table.name] = (key, names)
    return found


def rotate(
    db: Database,
    *,
    batch: int = 500,
    progress: Callable[[TableRotation], None] | None = None,
) -> list[TableRotation]:
    """Re-encrypt every value of every encrypted column with ``db``'s first key.

    ``progress`` is called after each batch with the running totals of the
    table. Returns one :class:`TableRotation` per table.

    Raises:
        ConfigurationError: no keyring, or a value opens with none of its keys.
        Unavailable: the database cannot be reached.
    """
    keyring = db.keyring
    if keyring is None:
        raise ConfigurationError(f"{ENV_NAME} is not set: there is no key to rotate to")
    results = []
    try:
        for name, (key, names) in encrypted_columns().items():
            raw = table(name, column(key), *(column(n, Text) for n in names))
            results.append(_rotate_table(db, raw, key, names, keyring, batch, progress))
    except (OperationalError, DBAPIError) as exc:
        raise Unavailable("The database is unavailable; please try again.") from exc
    return results


def _rotate_table(db: Database, raw: TableClause, key: str, names: tuple[str, ...], keyring: Keyring, batch: int,
                  progress: Callable[[TableRotation], None] | None) -> TableRotation:
    done = TableRotation(raw.name)
    last = None
    while True:
        with db.engine.begin() as connection:
            query = select(raw).order_by(raw.c[key]).limit(batch)
            if last is not None:
                query = query.where(raw.c[key] > last)
            rows = connection.execute(query).mappings().all()
            if not rows:
                break
            for row in rows:
                changes = {n: keyring.reencrypt(row[n]) for n in names
                           if row[n] is not None and not keyring.is_current(row[n])}
                if changes:
                    # Only if unchanged since read: a value the app rewrote meanwhile is current already.
                    unchanged = [raw.c[n] == row[n] for n in changes]
                    result = connection.execute(update(raw).where(raw.c[key] == row[key], *unchanged)
                                                .values(**changes))
                    done.values += len(changes) if rowcount(result) else 0
            done.rows += len(rows)
            last = rows[-1][key]
        if progress is not None:
            progress(done)
    return done

