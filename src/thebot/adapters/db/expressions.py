"""SQL expressions shared by repositories and read queries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from thebot.adapters.db.models import EnrollmentModel, SubjectModel


def subject_display(enrollment: Any = EnrollmentModel) -> Any:
    """The name an enrollment's subject is shown by: its custom name, else the subject's."""
    return func.coalesce(enrollment.custom_subject_name, SubjectModel.name)
