"""mail intake: messages from the shared mailbox and their attachments

Revision ID: 0012_mail_intake
Revises: 0011_queue_indexes
Create Date: 2026-12-07 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import frontdoor.store.crypto
import frontdoor.store.models


revision = '0012_mail_intake'
down_revision = '0011_queue_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('sender_tag', sa.String(length=64), nullable=False),
        sa.Column('raw', frontdoor.store.crypto.EncryptedText(), nullable=False),
        sa.Column('received_at', frontdoor.store.models.UTCDateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=255), nullable=True),
        sa.Column('referral_id', sa.Integer(), nullable=True),
        sa.Column('reply_message_id', sa.String(length=255), nullable=True),
        sa.Column('processed_at', frontdoor.store.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
    )
    op.create_index('ix_mail_messages_sender_tag', 'mail_messages', ['sender_tag'])
    op.create_index('ix_mail_messages_referral_id', 'mail_messages', ['referral_id'])
    op.create_index('ix_mail_messages_reply_message_id', 'mail_messages', ['reply_message_id'])
    op.create_index('ix_mail_messages_status', 'mail_messages', ['status', 'received_at'])
    op.create_table(
        'mail_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mail_id', sa.Integer(), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=True),
        sa.Column('filename', frontdoor.store.crypto.EncryptedText(), nullable=False),
        sa.Column('content_type', sa.String(length=128), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', frontdoor.store.crypto.EncryptedText(), nullable=True),
        sa.Column('refused', sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(['mail_id'], ['mail_messages.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_mail_attachments_mail_id', 'mail_attachments', ['mail_id'])
    op.create_index('ix_mail_attachments_referral_id', 'mail_attachments', ['referral_id'])


def downgrade() -> None:
    op.drop_table('mail_attachments')
    op.drop_table('mail_messages')
