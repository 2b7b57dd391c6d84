"""dashboard roll-ups: daily counts and response-time histograms, and an index of referrals by creation time

Revision ID: 0014_dashboard_rollups
Revises: 0013_message_channel
Create Date: 2026-12-07 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.models

revision = '0014_dashboard_rollups'
down_revision = '0013_message_channel'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dashboard_rollup_days',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('fingerprint', sa.String(length=200), nullable=False),
        sa.Column('open_until', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.Column('rolled_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    op.create_table(
        'dashboard_rollups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('inboxes', sa.Text(), nullable=False),
        sa.Column('dimension', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=True),
        sa.Column('referrals', sa.Integer(), nullable=False),
        sa.Column('acknowledged', sa.Integer(), nullable=False),
        sa.Column('within_target', sa.Integer(), nullable=False),
        sa.Column('open_due', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_dashboard_rollups_day', 'dashboard_rollups',
                    ['day', 'inboxes', 'dimension', 'value', 'month', 'referrals', 'acknowledged', 'within_target',
                     'open_due'])
    op.create_table(
        'dashboard_rollup_times',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('inboxes', sa.Text(), nullable=False),
        sa.Column('urgency', sa.String(length=10), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('referrals', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_dashboard_rollup_times_day', 'dashboard_rollup_times',
                    ['day', 'inboxes', 'urgency', 'minutes', 'referrals'])
    op.create_index('ix_referrals_created_at', 'referrals', ['created_at'])


def downgrade() -> None:
    op.drop_index('ix_referrals_created_at', table_name='referrals')
    op.drop_index('ix_dashboard_rollup_times_day', table_name='dashboard_rollup_times')
    op.drop_table('dashboard_rollup_times')
    op.drop_index('ix_dashboard_rollups_day', table_name='dashboard_rollups')
    op.drop_table('dashboard_rollups')
    op.drop_table('dashboard_rollup_days')
