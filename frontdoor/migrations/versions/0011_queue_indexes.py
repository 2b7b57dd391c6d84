"""queue indexes: open referrals in queue order, the contact on duty, review dates

Revision ID: 0011_queue_indexes
Revises: 0010_casework
Create Date: 2026-12-07 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_queue_indexes'
down_revision = '0010_casework'
branch_labels = None
depends_on = None

OPEN = sa.text("status != 'closed'")


def upgrade() -> None:
    op.create_index('ix_referrals_open_inbox', 'referrals', ['inbox_id', 'urgency_rank', 'sla_due_at', 'id'],
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index('ix_referrals_open', 'referrals', ['urgency_rank', 'sla_due_at', 'id'],
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index('ix_referrals_on_duty', 'referrals', ['out_of_hours_inbox_id', 'status', 'urgency_rank',
                                                          'sla_due_at'])
    op.create_index('ix_referrals_review', 'referrals', ['inbox_id', 'review_at'])


def downgrade() -> None:
    for name in ('ix_referrals_review', 'ix_referrals_on_duty', 'ix_referrals_open', 'ix_referrals_open_inbox'):
        op.drop_index(name, table_name='referrals')
