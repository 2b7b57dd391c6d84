"""workflow: outcomes recorded per referral (several each) and the retention review of closed referrals

Existing closed referrals keep their one outcome, copied into referral_outcomes.

Revision ID: 0008_workflow
Revises: 0007
Create Date: 2026-12-07 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.crypto
import frontdoor.store.models

revision = '0008_workflow'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'referral_outcomes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=64), nullable=False),
        sa.Column('recorded_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('recorded_by', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_referral_outcomes_referral_id', 'referral_outcomes', ['referral_id'])
    op.create_table(
        'retention_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('due_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('keep_until', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.Column('reason', frontdoor.store.crypto.EncryptedText(), nullable=True),
        sa.Column('decided_by', sa.String(length=255), nullable=True),
        sa.Column('decided_at', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('referral_id'),
    )
    op.create_index('ix_retention_reviews_state', 'retention_reviews', ['state'])
    # Referrals closed before several outcomes were possible keep the one they were closed with.
    op.execute("INSERT INTO referral_outcomes (referral_id, outcome, recorded_at, recorded_by) "
               "SELECT id, outcome, COALESCE(closed_at, updated_at), 'migration' FROM referrals "
               "WHERE outcome IS NOT NULL")


def downgrade() -> None:
    op.drop_index('ix_retention_reviews_state', table_name='retention_reviews')
    op.drop_table('retention_reviews')
    op.drop_index('ix_referral_outcomes_referral_id', table_name='referral_outcomes')
    op.drop_table('referral_outcomes')
