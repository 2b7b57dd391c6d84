"""message channel: the text channel (SMS or WhatsApp) each stored message came by

Revision ID: 0013_message_channel
Revises: 0012_mail_intake
Create Date: 2026-12-07 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_message_channel'
down_revision = '0012_mail_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), nullable=False, server_default='sms'))


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_column('channel')
