"""related referrals: keyed match keys and the confirm/dismiss decisions on pairs

The keys of referrals stored before this revision are written by
``frontdoor related backfill`` (it needs FRONTDOOR_PSEUDONYM_KEY and the data keys).

Revision ID: 0009_related
Revises: 0008_workflow
Create Date: 2026-12-07 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.models


revision = '0009_related'
down_revision = '0008_workflow'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'related_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('referral_id', 'key', name='uq_related_keys_referral_key'),
    )
    with op.batch_alter_table('related_keys', schema=None) as batch_op:
        batch_op.create_index('ix_related_keys_key', ['key', 'referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_related_keys_referral_id'), ['referral_id'], unique=False)
    op.create_table(
        'related_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('reasons', sa.String(length=80), nullable=False),
        sa.Column('decided_by', sa.String(length=255), nullable=False),
        sa.Column('decided_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['first_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('first_id', 'second_id', name='uq_related_links_pair'),
    )
    with op.batch_alter_table('related_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_related_links_second_id'), ['second_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('related_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_related_links_second_id'))
    op.drop_table('related_links')
    with op.batch_alter_table('related_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_related_keys_referral_id'))
        batch_op.drop_index('ix_related_keys_key')
    op.drop_table('related_keys')
