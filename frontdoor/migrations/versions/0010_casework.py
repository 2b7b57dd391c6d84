"""casework: lead agency, actions, review date, basis for sharing, feedback to professionals

Revision ID: 0010_casework
Revises: 0009_related
Create Date: 2026-12-07 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.crypto
import frontdoor.store.models


revision = '0010_casework'
down_revision = '0009_related'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_agency', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('review_at', frontdoor.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('sharing_consent', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('sharing_basis', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('sharing_reason', frontdoor.store.crypto.EncryptedText(), nullable=True))
        batch_op.add_column(sa.Column('sharing_agreement', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('feedback_wanted', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'case_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('title', frontdoor.store.crypto.EncryptedText(), nullable=False),
        sa.Column('owner_inbox', sa.String(length=64), nullable=True),
        sa.Column('owner_staff', sa.Integer(), nullable=True),
        sa.Column('due_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('done_at', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.Column('created_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_staff'], ['staff.id'], ondelete='SET NULL',
                                name='fk_case_actions_owner_staff'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_case_actions_referral_id', 'case_actions', ['referral_id'])
    op.create_index('ix_case_actions_open', 'case_actions', ['done_at', 'due_at'])
    op.create_table(
        'feedback_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=16), nullable=False),
        sa.Column('created_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('queued_at', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.Column('sent_at', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_feedback_notices_referral_id', 'feedback_notices', ['referral_id'])
    op.create_index('ix_feedback_notices_pending', 'feedback_notices', ['queued_at'])


def downgrade() -> None:
    op.drop_index('ix_feedback_notices_pending', table_name='feedback_notices')
    op.drop_index('ix_feedback_notices_referral_id', table_name='feedback_notices')
    op.drop_table('feedback_notices')
    op.drop_index('ix_case_actions_open', table_name='case_actions')
    op.drop_index('ix_case_actions_referral_id', table_name='case_actions')
    op.drop_table('case_actions')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        for column in ('feedback_wanted', 'sharing_agreement', 'sharing_reason', 'sharing_basis',
                       'sharing_consent', 'review_at', 'lead_agency'):
            batch_op.drop_column(column)
