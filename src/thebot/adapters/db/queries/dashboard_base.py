"""What every dashboard query shares: statements built once with bind parameters, the
session's connection, and the blocks several roles show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    ChatParticipantModel,
    ChatRoomModel,
    LessonModel,
    MaterialAssignmentModel,
    MaterialProgressModel,
    ReportModel,
    StudentProfileModel,
    SubjectModel,
    SubjectProgressModel,
    UserModel,
)
from thebot.adapters.db.queries.dashboard_blocks import (
    WEEK,
    unread_notifications,
    unread_notifications_of,
    week_plans,
    week_plans_of,
)
from thebot.domain.accounts.entities import User
from thebot.domain.dashboards.models import (
    Greeting,
    Person,
    PlanCard,
    SentReport,
    UnreadChat,
    UnreadMessages,
    UnreadNotifications,
    UpcomingLesson,
)
from thebot.domain.payments.entities import PaymentState

LIST_SIZE = 10
STUDENTS_SHOWN = 100
RECENT_PAYMENTS = 5
OPEN_PAYMENT = ("pending", "waiting_for_capture")
# What a parent is asked to pay now, in the order shown.
TO_PAY = (
    PaymentState.OVERDUE,
    PaymentState.NO_PAYMENT,
    PaymentState.DUE,
    PaymentState.AWAITING_PAYMENT,
)
ACTIVE = "active"
MA = MaterialAssignmentModel
MP = MaterialProgressModel
SP = SubjectProgressModel


def percent(value: Any) -> float:
    return round(float(value or 0), 1)


# Statements are built once per process with bind parameters: building one (and its cache
# key) costs more than running it, on every request.
ME = bindparam("me", type_=GUID())
SINCE = bindparam("since", type_=DateTimeUTC(timezone=True))
NOW = bindparam("now", type_=DateTimeUTC(timezone=True))
UNTIL = bindparam("until", type_=DateTimeUTC(timezone=True))
# Users in their roles (aliases built once: building one costs as much as a small query).
TEACHER, STUDENT, AUTHOR, CHILD, TUTOR = (aliased(UserModel) for _ in range(5))
WEEK_FROM = bindparam("week_from", type_=DateTimeUTC(timezone=True))
WEEK_TO = bindparam("week_to", type_=DateTimeUTC(timezone=True))
CHILDREN_OF = select(StudentProfileModel.user_id).where(StudentProfileModel.parent_id == ME)
_BUILT: dict[tuple[str, bool], Any] = {}


class DashboardBase:
    """What every role's dashboard shares: the session, statements built once, common blocks."""

    def __init__(
        self, session: AsyncSession, media_url: Callable[[str], str], zone: tzinfo
    ) -> None:
        self._session = session
        self._media_url = media_url
        self._zone = zone
        self._params: dict[str, Any] = {}
        # PostgreSQL looks up each enrollment's next lesson with LATERAL; SQLite has none.
        self._lateral = session.get_bind().dialect.name == "postgresql"

    async def _run(self, name: str, build: Callable[[], Any]) -> Any:
        key = (name, self._lateral)
        statement = _BUILT.get(key)
        if statement is None:
            statement = _BUILT[key] = build()
        # Core execution on the session's connection: these selects load no ORM objects, and
        # skipping the ORM's execution layer saves a large share of each statement's CPU.
        connection = await self._session.connection()
        return await connection.execute(statement, self._params)

    def _greeting(self, user: User) -> Greeting:
        return Greeting(
            first_name=user.first_name,
            full_name=user.full_name,
            avatar_url=self._media_url(user.avatar_key) if user.avatar_key else None,
        )

    async def _upcoming_lessons(self, role: str, now: datetime) -> list[UpcomingLesson]:
        """Scheduled lessons of the next 7 days that ``role`` sees: one statement."""
        self._params = {**self._params, "now": now, "until": now + timedelta(days=7)}

        def build() -> Any:
            lesson, teacher, student = LessonModel, aliased(UserModel), aliased(UserModel)
            whose = {
                "student": lesson.student_id == ME,
                "teacher": lesson.teacher_id == ME,
                "tutor": StudentProfileModel.tutor_id == ME,
                "parent": StudentProfileModel.parent_id == ME,
            }[role]
            return (
                select(
                    lesson.id,
                    SubjectModel.name,
                    teacher.id,
                    teacher.full_name,
                    student.id,
                    student.full_name,
                    lesson.start_at,
                    lesson.end_at,
                    lesson.meeting_url,
                )
                .join(SubjectModel, SubjectModel.id == lesson.subject_id)
                .join(teacher, teacher.id == lesson.teacher_id)
                .join(student, student.id == lesson.student_id)
                .join(StudentProfileModel, StudentProfileModel.user_id == lesson.student_id)
                .where(
                    whose,
                    lesson.status == "scheduled",
                    lesson.start_at >= NOW,
                    lesson.start_at < UNTIL,
                )
                .order_by(lesson.start_at, lesson.id)
                .limit(LIST_SIZE)
            )

        rows = await self._run(f"{role}:upcoming_lessons", build)
        return [
            UpcomingLesson(
                lesson_id=lid,
                subject_name=subject,
                teacher=Person(id=tid, name=tname),
                student=Person(id=sid, name=sname),
                start_at=start,
                end_at=end,
                meeting_url=url,
            )
            for lid, subject, tid, tname, sid, sname, start, end, url in rows
        ]

    async def _unread_messages(self) -> UnreadMessages:
        """Per chat, the messages from others after one's read mark (each participant's kept
        count): one statement."""

        def build() -> Any:
            part, room = ChatParticipantModel, ChatRoomModel
            return (
                select(
                    room.id,
                    room.title,
                    room.kind,
                    room.last_message_at,
                    part.unread_count,
                    func.sum(part.unread_count).over(),
                    func.count().over(),
                )
                .select_from(part)
                .join(room, room.id == part.room_id)
                .where(part.user_id == ME, part.left_at.is_(None), part.unread_count > 0)
                .order_by(room.last_message_at.desc(), room.id)
                .limit(LIST_SIZE)
            )

        rows = (await self._run("unread_messages", build)).all()
        return UnreadMessages(
            total=int(rows[0][5]) if rows else 0,
            chats_with_unread=int(rows[0][6]) if rows else 0,
            chats=[
                UnreadChat(
                    chat_id=cid, title=title, kind=kind, unread_count=int(n), last_message_at=at
                )
                for cid, title, kind, at, n, _, _ in rows
            ],
        )

    async def _unread_notifications(self) -> UnreadNotifications:
        rows = (await self._run("unread_notifications", unread_notifications)).all()
        return unread_notifications_of(rows)

    async def _week_plans(self, role: str, now: datetime) -> list[PlanCard]:
        today = self._today(now)
        self._params = {**self._params, WEEK.key: today - timedelta(days=today.weekday())}
        rows = await self._run(f"{role}:week_plans", lambda: week_plans(role))
        return week_plans_of(rows.all())

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._zone).date()

    async def _reports_by(self) -> list[SentReport]:
        student = STUDENT
        rows = await self._run(
            "q462",
            lambda: (
                select(
                    ReportModel.id,
                    ReportModel.title,
                    student.id,
                    student.full_name,
                    ReportModel.sent_at,
                )
                .join(student, student.id == ReportModel.student_id)
                .where(ReportModel.author_id == ME, ReportModel.status == "sent")
                .order_by(ReportModel.sent_at.desc())
                .limit(5)
            ),
        )
        return [
            SentReport(report_id=rid, title=title, student=Person(id=uid, name=name), sent_at=at)
            for rid, title, uid, name, at in rows
        ]
