"""encrypted columns: free text and personal fields become (encrypted) text

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00

Encrypted values are longer than the plaintext and ``details`` holds encrypted
JSON text, so ``referrals.when_text`` (VARCHAR(200)) and ``referrals.details``
(JSON) become TEXT. Every other encrypted column is TEXT already. Existing
values stay as they are (plaintext is still read) until ``frontdoor keys
rotate`` encrypts them.

On SQLite the type change rebuilds the ``referrals`` table. Dropping the old
table would cascade to every table that refers to it (people, timeline,
copies, alert deliveries) because foreign keys are enforced, so their rows are
kept aside in temporary tables and put back. The audit log is not touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _dependants(bind: sa.engine.Connection, table: str) -> list[str]:
    """Return the tables referring to ``table``, directly or not, parents first."""
    inspector = sa.inspect(bind)
    names = inspector.get_table_names()
    refers = {name: {fk["referred_table"] for fk in inspector.get_foreign_keys(name)} for name in names}
    found: list[str] = []
    frontier = [table]
    while frontier:
        parent = frontier.pop(0)
        for name in names:
            if parent in refers[name] and name not in found and name != table:
                found.append(name)
                frontier.append(name)
    return found


def _retype_referrals(when_text: sa.types.TypeEngine, details: sa.types.TypeEngine,
                      old_when: sa.types.TypeEngine, old_details: sa.types.TypeEngine,
                      details_using: str) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    kept = _dependants(bind, "referrals") if sqlite else []
    for name in kept:
        op.execute(f'CREATE TEMPORARY TABLE "_keep_{name}" AS SELECT * FROM "{name}"')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.alter_column('when_text', existing_type=old_when, type_=when_text, existing_nullable=True)
        batch_op.alter_column('details', existing_type=old_details, type_=details, existing_nullable=False,
                              postgresql_using=details_using)
    for name in reversed(kept):  # children first: the rebuild may have emptied them
        op.execute(f'DELETE FROM "{name}"')
    for name in kept:  # parents first when putting rows back
        op.execute(f'INSERT INTO "{name}" SELECT * FROM "_keep_{name}"')
        op.execute(f'DROP TABLE "_keep_{name}"')


def upgrade() -> None:
    _retype_referrals(sa.Text(), sa.Text(), sa.String(length=200), sa.JSON(), "details::text")


def downgrade() -> None:
    # Only plaintext values fit the old types: run this on a database whose
    # values were never encrypted (or restore a backup taken before 0004).
    _retype_referrals(sa.String(length=200), sa.JSON(), sa.Text(), sa.Text(), "details::json")
