"""chat unread counts: each participant's unread messages, kept instead of counted per read

Revision ID: 0010
Revises: 0009
Created: 2026-11-26 04:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Messages from others after the read mark that are not deleted (the rule the forum counts by).
BACKFILL = """
UPDATE chat_participants SET unread_count = (
    SELECT count(*) FROM chat_messages m
    WHERE m.room_id = chat_participants.room_id
      AND m.id > coalesce(chat_participants.last_read_message_id, 0)
      AND (m.sender_id IS NULL OR m.sender_id != chat_participants.user_id)
      AND m.deleted_at IS NULL
)
"""


def upgrade() -> None:
    with op.batch_alter_table("chat_participants") as batch:
        batch.add_column(
            sa.Column("unread_count", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("chat_participants") as batch:
        batch.drop_column("unread_count")
