"""lessons next scheduled index: an enrollment's next lesson in one ordered probe

Revision ID: 0011
Revises: 0010
Created: 2026-11-26 07:30:23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEDULED = sa.text("status = 'scheduled'")


def upgrade() -> None:
    op.create_index(
        "ix_lessons_next_scheduled",
        "lessons",
        ["student_id", "teacher_id", "subject_id", "start_at", "id"],
        unique=False,
        postgresql_where=SCHEDULED,
        sqlite_where=SCHEDULED,
    )


def downgrade() -> None:
    op.drop_index("ix_lessons_next_scheduled", table_name="lessons")
