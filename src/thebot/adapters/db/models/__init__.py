"""Every table of the platform. Importing this package registers them all on the metadata."""

from advanced_alchemy.base import orm_registry

from thebot.adapters.db.models.accounts import AuthSessionModel, RefreshTokenModel, UserModel
from thebot.adapters.db.models.audit import AuditEntryModel
from thebot.adapters.db.models.learning import SubjectModel, TeacherSubjectModel
from thebot.adapters.db.models.profiles import (
    ParentProfileModel,
    StudentProfileModel,
    TeacherProfileModel,
    TutorProfileModel,
)

metadata = orm_registry.metadata

__all__ = [
    "AuditEntryModel",
    "AuthSessionModel",
    "ParentProfileModel",
    "RefreshTokenModel",
    "StudentProfileModel",
    "SubjectModel",
    "TeacherProfileModel",
    "TeacherSubjectModel",
    "TutorProfileModel",
    "UserModel",
    "metadata",
]
