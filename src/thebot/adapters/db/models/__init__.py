"""Every table of the platform. Importing this package registers them all on the metadata."""

from advanced_alchemy.base import orm_registry

from thebot.adapters.db.models.accounts import AuthSessionModel, RefreshTokenModel, UserModel
from thebot.adapters.db.models.audit import AuditEntryModel
from thebot.adapters.db.models.files import StoredFileModel
from thebot.adapters.db.models.forum import (
    ChatMessageModel,
    ChatParticipantModel,
    ChatRoomModel,
    PachcaOutboxModel,
)
from thebot.adapters.db.models.homework import (
    AssignmentAttachmentModel,
    AssignmentModel,
    AssignmentStudentModel,
    SubmissionModel,
    SubmissionVersionModel,
)
from thebot.adapters.db.models.learning import EnrollmentModel, SubjectModel, TeacherSubjectModel
from thebot.adapters.db.models.materials import (
    MaterialAssignmentModel,
    MaterialModel,
    MaterialProgressModel,
    SubjectProgressModel,
)
from thebot.adapters.db.models.notifications import (
    NotificationModel,
    NotificationPreferenceModel,
)
from thebot.adapters.db.models.payments import (
    PaymentEventModel,
    PaymentModel,
    SubscriptionModel,
)
from thebot.adapters.db.models.profiles import (
    ParentProfileModel,
    StudentProfileModel,
    TeacherProfileModel,
    TutorProfileModel,
)
from thebot.adapters.db.models.reports import ReportModel, ReportRecipientModel
from thebot.adapters.db.models.scheduling import (
    CalendarFeedModel,
    LessonHistoryModel,
    LessonModel,
)
from thebot.adapters.db.models.study_plans import StudyPlanFileModel, StudyPlanModel

metadata = orm_registry.metadata

__all__ = [
    "AssignmentAttachmentModel",
    "AssignmentModel",
    "AssignmentStudentModel",
    "AuditEntryModel",
    "AuthSessionModel",
    "CalendarFeedModel",
    "ChatMessageModel",
    "ChatParticipantModel",
    "ChatRoomModel",
    "EnrollmentModel",
    "LessonHistoryModel",
    "LessonModel",
    "MaterialAssignmentModel",
    "MaterialModel",
    "MaterialProgressModel",
    "NotificationModel",
    "NotificationPreferenceModel",
    "PachcaOutboxModel",
    "ParentProfileModel",
    "PaymentEventModel",
    "PaymentModel",
    "RefreshTokenModel",
    "ReportModel",
    "ReportRecipientModel",
    "StoredFileModel",
    "StudentProfileModel",
    "StudyPlanFileModel",
    "StudyPlanModel",
    "SubjectModel",
    "SubjectProgressModel",
    "SubmissionModel",
    "SubmissionVersionModel",
    "SubscriptionModel",
    "TeacherProfileModel",
    "TeacherSubjectModel",
    "TutorProfileModel",
    "UserModel",
    "metadata",
]
