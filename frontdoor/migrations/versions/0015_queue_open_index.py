"""queue indexes: open referrals with what the copies part tests; the contact on duty for referrals they cover

Revision ID: 0015_queue_open_index
Revises: 0014_dashboard_rollups
Create Date: 2026-12-07 07:00:00

The queue finds an inbox's copies by reading open referrals in queue order and
keeping those the inbox holds a copy of, does not own and does not cover out of
hours. With the owner, the contact on duty, status and urgency in the index of
open referrals, those tests read the index alone, not each referral (a wide
row). That index then also suits the "on duty" part of the queue, which reads
far fewer rows by the contact on duty: that index keeps only the referrals that
have one, so the planner sees how few they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015_queue_open_index'
down_revision = '0014_dashboard_rollups'
branch_labels = None
depends_on = None

OPEN = sa.text("status != 'closed'")
COVERED = sa.text("out_of_hours_inbox_id IS NOT NULL")
OPEN_ORDER = ['urgency_rank', 'sla_due_at', 'id']
TESTED = ['inbox_id', 'out_of_hours_inbox_id', 'status', 'urgency']
ON_DUTY = ['out_of_hours_inbox_id', 'status', 'urgency_rank', 'sla_due_at']


def _replace(name: str, columns: list[str], where: sa.TextClause | None) -> None:
    op.drop_index(name, table_name='referrals')
    op.create_index(name, 'referrals', columns, sqlite_where=where, postgresql_where=where)


def upgrade() -> None:
    _replace('ix_referrals_open', OPEN_ORDER + TESTED, OPEN)
    _replace('ix_referrals_on_duty', ON_DUTY, COVERED)


def downgrade() -> None:
    _replace('ix_referrals_open', OPEN_ORDER, OPEN)
    _replace('ix_referrals_on_duty', ON_DUTY, None)
