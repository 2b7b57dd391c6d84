"""follow-up codes: wrong codes counted per referral, and the lock when there are too many

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followup_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('followup_locked_at', frontdoor.store.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('followup_locked_at')
        batch_op.drop_column('followup_failures')
