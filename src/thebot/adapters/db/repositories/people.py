"""Accounts with their profiles: reads in a fixed number of statements, writes together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.models import (
    EnrollmentModel,
    ParentProfileModel,
    StudentProfileModel,
    SubjectModel,
    TeacherProfileModel,
    TeacherSubjectModel,
    TutorProfileModel,
    UserModel,
)
from thebot.adapters.db.repositories.accounts import SqlUserRepository, to_user
from thebot.domain.accounts.entities import NewUser, Role
from thebot.domain.people.entities import AccountQuery
from thebot.domain.profiles.entities import (
    Account,
    ParentProfile,
    Profile,
    StudentProfile,
    TeacherProfile,
    TutorProfile,
)
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.domain.shared.pagination import Page, PageRequest

_PROFILE_MODELS: Mapping[Role, Any] = {
    Role.STUDENT: StudentProfileModel,
    Role.TEACHER: TeacherProfileModel,
    Role.TUTOR: TutorProfileModel,
    Role.PARENT: ParentProfileModel,
}
_SORTS = {
    "created_at": (UserModel.created_at.asc(), UserModel.id.asc()),
    "-created_at": (UserModel.created_at.desc(), UserModel.id.desc()),
    "last_name": (UserModel.last_name.asc(), UserModel.first_name.asc(), UserModel.id.asc()),
    "-last_name": (UserModel.last_name.desc(), UserModel.first_name.desc(), UserModel.id.desc()),
    "email": (UserModel.email.asc(),),
    "-email": (UserModel.email.desc(),),
    "last_login_at": (UserModel.last_login_at.asc().nulls_first(), UserModel.id.asc()),
    "-last_login_at": (UserModel.last_login_at.desc().nulls_last(), UserModel.id.desc()),
}


def _with_profiles() -> Select[Any]:
    return (
        select(
            UserModel,
            StudentProfileModel,
            TeacherProfileModel,
            TutorProfileModel,
            ParentProfileModel,
        )
        .outerjoin(StudentProfileModel, StudentProfileModel.user_id == UserModel.id)
        .outerjoin(TeacherProfileModel, TeacherProfileModel.user_id == UserModel.id)
        .outerjoin(TutorProfileModel, TutorProfileModel.user_id == UserModel.id)
        .outerjoin(ParentProfileModel, ParentProfileModel.user_id == UserModel.id)
    )


def _profile(row: Any, subject_ids: Sequence[UUID]) -> Profile | None:
    user, student, teacher, tutor, parent = row
    role = Role(user.role)
    if role is Role.STUDENT and student is not None:
        return StudentProfile(
            grade=student.grade,
            goal=student.goal,
            tutor_id=student.tutor_id,
            parent_id=student.parent_id,
            telegram=student.telegram,
            staff_notes=student.staff_notes,
        )
    if role is Role.TEACHER and teacher is not None:
        return TeacherProfile(
            bio=teacher.bio,
            experience_years=teacher.experience_years,
            telegram=teacher.telegram,
            subject_ids=tuple(subject_ids),
        )
    if role is Role.TUTOR and tutor is not None:
        return TutorProfile(
            specialization=tutor.specialization,
            bio=tutor.bio,
            experience_years=tutor.experience_years,
            telegram=tutor.telegram,
        )
    if role is Role.PARENT and parent is not None:
        return ParentProfile(
            telegram=parent.telegram,
            notify_by_telegram=parent.notify_by_telegram,
            notify_by_email=parent.notify_by_email,
        )
    return None


def _tutor_scope(tutor_id: UUID) -> Any:
    """The people a tutor looks after: their students, those students' parents, and the
    parents the tutor created (before linking them to a child)."""
    # Aliases: the outer query may join student_profiles itself, which must not correlate here.
    as_student = aliased(StudentProfileModel)
    child = aliased(StudentProfileModel)
    return or_(
        exists().where(as_student.user_id == UserModel.id, as_student.tutor_id == tutor_id),
        exists().where(child.parent_id == UserModel.id, child.tutor_id == tutor_id),
        and_(UserModel.role == Role.PARENT.value, UserModel.created_by_id == tutor_id),
    )


def _teaching(teacher_id: Any, student_id: Any) -> Any:
    """An active enrollment of the student with the teacher."""
    return exists().where(
        EnrollmentModel.teacher_id == teacher_id,
        EnrollmentModel.student_id == student_id,
        EnrollmentModel.status == "active",
    )


class SqlPeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _subjects_of(self, teacher_ids: Iterable[UUID]) -> dict[UUID, list[UUID]]:
        ids = list(teacher_ids)
        found: dict[UUID, list[UUID]] = defaultdict(list)
        if not ids:
            return found
        rows = await self._session.execute(
            select(TeacherSubjectModel.teacher_id, TeacherSubjectModel.subject_id)
            .join(SubjectModel, SubjectModel.id == TeacherSubjectModel.subject_id)
            .where(TeacherSubjectModel.teacher_id.in_(ids), TeacherSubjectModel.is_active.is_(True))
            .order_by(SubjectModel.name)
        )
        for teacher_id, subject_id in rows:
            found[teacher_id].append(subject_id)
        return found

    async def get_account(self, user_id: UUID) -> Account:
        statement = (
            _with_profiles()
            .where(UserModel.id == user_id)
            .execution_options(populate_existing=True)
        )
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            raise NotFound("User not found.")
        subjects = await self._subjects_of([user_id]) if row[0].role == Role.TEACHER.value else {}
        return Account(user=to_user(row[0]), profile=_profile(row, subjects.get(user_id, [])))

    async def get_accounts(self, user_ids: Iterable[UUID]) -> list[Account]:
        ids = list(user_ids)
        if not ids:
            return []
        rows = (
            await self._session.execute(
                _with_profiles()
                .where(UserModel.id.in_(ids))
                .execution_options(populate_existing=True)
            )
        ).all()
        teachers = [row[0].id for row in rows if row[0].role == Role.TEACHER.value]
        subjects = await self._subjects_of(teachers)
        return [
            Account(user=to_user(row[0]), profile=_profile(row, subjects.get(row[0].id, [])))
            for row in rows
        ]

    async def list_accounts(self, query: AccountQuery, page: PageRequest) -> Page[Account]:
        conditions: list[Any] = []
        if query.role is not None:
            conditions.append(UserModel.role == query.role.value)
        if query.is_active is not None:
            conditions.append(UserModel.is_active.is_(query.is_active))
        if query.search:
            needle = query.search.strip().lower()
            full_name = func.lower(UserModel.full_name)
            conditions.append(
                or_(
                    full_name.contains(needle, autoescape=True),
                    func.lower(UserModel.last_name + " " + UserModel.first_name).contains(
                        needle, autoescape=True
                    ),
                    UserModel.email.contains(needle, autoescape=True),
                    func.coalesce(UserModel.phone, "").contains(needle, autoescape=True),
                )
            )
        if query.tutor_id is not None:
            conditions.append(_tutor_scope(query.tutor_id))
        total = await self._session.scalar(
            select(func.count()).select_from(UserModel).where(*conditions)
        )
        rows = (
            await self._session.execute(
                _with_profiles()
                .where(*conditions)
                .order_by(*_SORTS[query.sort])
                .execution_options(populate_existing=True)
                .limit(page.limit)
                .offset(page.offset)
            )
        ).all()
        teachers = [row[0].id for row in rows if row[0].role == Role.TEACHER.value]
        subjects = await self._subjects_of(teachers)
        items = [
            Account(user=to_user(row[0]), profile=_profile(row, subjects.get(row[0].id, [])))
            for row in rows
        ]
        return Page(items=items, total=int(total or 0), limit=page.limit, offset=page.offset)

    async def create_account(self, user: NewUser, profile: Mapping[str, Any]) -> Account:
        created = await SqlUserRepository(self._session).add(user)
        model = _PROFILE_MODELS.get(user.role)
        if model is not None:
            self._session.add(model(user_id=created.id, **profile))
            await self._session.flush()
        return await self.get_account(created.id)

    async def update_account(
        self, user_id: UUID, user_changes: Mapping[str, Any], profile_changes: Mapping[str, Any]
    ) -> Account:
        role = await self._session.scalar(select(UserModel.role).where(UserModel.id == user_id))
        if role is None:
            raise NotFound("User not found.")
        try:
            async with self._session.begin_nested():
                if user_changes:
                    await self._session.execute(
                        update(UserModel)
                        .where(UserModel.id == user_id)
                        .values(**user_changes, updated_at=datetime.now(UTC))
                    )
                model = _PROFILE_MODELS.get(Role(role))
                if profile_changes and model is not None:
                    await self._session.execute(
                        update(model).where(model.user_id == user_id).values(**profile_changes)
                    )
        except IntegrityError as exc:
            if "email" in str(exc.orig).lower():
                raise Conflict(
                    f"A user with the email {user_changes.get('email')} already exists."
                ) from exc
            raise
        return await self.get_account(user_id)

    async def delete_account(self, user_id: UUID) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(delete(UserModel).where(UserModel.id == user_id))
        except IntegrityError as exc:
            # Enrollments keep their teacher and payments their payer: the school's history
            # must not lose who taught or who paid.
            raise Conflict(
                "The account has records the school keeps (enrollments it teaches or payments "
                "it made); deactivate it instead."
            ) from exc

    async def count_active_admins(self) -> int:
        return int(
            await self._session.scalar(
                select(func.count())
                .select_from(UserModel)
                .where(UserModel.role == Role.ADMIN.value, UserModel.is_active.is_(True))
            )
            or 0
        )

    async def tutor_manages(self, tutor_id: UUID, user_id: UUID) -> bool:
        return bool(
            await self._session.scalar(
                select(exists().where(UserModel.id == user_id, _tutor_scope(tutor_id)))
            )
        )

    async def tutor_manages_all(self, tutor_id: UUID, user_ids: Iterable[UUID]) -> set[UUID]:
        ids = list(user_ids)
        if not ids:
            return set()
        return set(
            await self._session.scalars(
                select(UserModel.id).where(UserModel.id.in_(ids), _tutor_scope(tutor_id))
            )
        )

    async def set_parent(self, student_ids: Iterable[UUID], parent_id: UUID) -> None:
        ids = list(student_ids)
        if ids:
            await self._session.execute(
                update(StudentProfileModel)
                .where(StudentProfileModel.user_id.in_(ids))
                .values(parent_id=parent_id)
            )

    async def set_teacher_subjects(self, teacher_id: UUID, subject_ids: Iterable[UUID]) -> None:
        wanted = set(subject_ids)
        existing = set(
            await self._session.scalars(
                select(TeacherSubjectModel.subject_id).where(
                    TeacherSubjectModel.teacher_id == teacher_id
                )
            )
        )
        await self._session.execute(
            update(TeacherSubjectModel)
            .where(TeacherSubjectModel.teacher_id == teacher_id)
            .values(is_active=TeacherSubjectModel.subject_id.in_(wanted) if wanted else False)
        )
        for subject_id in wanted - existing:
            self._session.add(TeacherSubjectModel(teacher_id=teacher_id, subject_id=subject_id))
        await self._session.flush()

    async def existing_subjects(self, subject_ids: Iterable[UUID]) -> set[UUID]:
        ids = list(subject_ids)
        if not ids:
            return set()
        return set(
            await self._session.scalars(select(SubjectModel.id).where(SubjectModel.id.in_(ids)))
        )

    async def set_avatar(self, user_id: UUID, key: str | None) -> str | None:
        previous = await self._session.scalar(
            select(UserModel.avatar_key).where(UserModel.id == user_id)
        )
        await self._session.execute(
            update(UserModel).where(UserModel.id == user_id).values(avatar_key=key)
        )
        return previous

    async def relation(self, viewer_id: UUID, target_id: UUID) -> str | None:
        if viewer_id == target_id:
            return "self"
        roles = dict(
            (
                await self._session.execute(
                    select(UserModel.id, UserModel.role).where(
                        UserModel.id.in_([viewer_id, target_id])
                    )
                )
            ).all()
        )
        viewer, target = roles.get(viewer_id), roles.get(target_id)
        if viewer is None or target is None:
            return None
        sp = StudentProfileModel

        def linked(condition: Any) -> Any:
            return exists().where(condition)

        checks: dict[tuple[str, str], tuple[str, Any]] = {
            ("student", "tutor"): (
                "tutor",
                linked(and_(sp.user_id == viewer_id, sp.tutor_id == target_id)),
            ),
            ("student", "parent"): (
                "parent",
                linked(and_(sp.user_id == viewer_id, sp.parent_id == target_id)),
            ),
            ("parent", "student"): (
                "child",
                linked(and_(sp.user_id == target_id, sp.parent_id == viewer_id)),
            ),
            ("parent", "tutor"): (
                "tutor",
                linked(and_(sp.parent_id == viewer_id, sp.tutor_id == target_id)),
            ),
            ("tutor", "student"): (
                "student",
                linked(and_(sp.user_id == target_id, sp.tutor_id == viewer_id)),
            ),
            ("tutor", "parent"): (
                "parent",
                linked(and_(sp.parent_id == target_id, sp.tutor_id == viewer_id)),
            ),
            ("student", "teacher"): ("teacher", _teaching(target_id, viewer_id)),
            ("teacher", "student"): ("student", _teaching(viewer_id, target_id)),
            # A parent knows the teachers of their children.
            ("parent", "teacher"): (
                "teacher",
                exists().where(
                    EnrollmentModel.teacher_id == target_id,
                    EnrollmentModel.status == "active",
                    EnrollmentModel.student_id.in_(
                        select(sp.user_id).where(sp.parent_id == viewer_id)
                    ),
                ),
            ),
        }
        if viewer == Role.ADMIN.value:
            return "administered"
        relation = checks.get((viewer, target))
        if relation is None:
            return None
        name, related = relation
        found = await self._session.scalar(select(related))
        return name if found else None
