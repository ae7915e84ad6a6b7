"""Subjects and enrollments."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.learning.entities import EnrollmentQuery, EnrollmentStatus
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.learning import (
    EnrollmentCreate,
    EnrollmentOut,
    EnrollmentPage,
    EnrollmentUpdate,
    SubjectCreate,
    SubjectOut,
    SubjectTeacherOut,
    SubjectUpdate,
)
from thebot.entrypoints.http.schemas.people import given


class SubjectController(Controller):
    path = "/subjects"
    tags = ["learning"]
    security = BEARER

    @get("", operation_id="listSubjects")
    async def list_subjects(self, container: ContainerDep, uow: UowDep) -> list[SubjectOut]:
        """Every subject the school teaches."""
        return [SubjectOut.of(s) for s in await container.subject_service(uow).list_all()]

    @post("", operation_id="createSubject", status_code=HTTP_201_CREATED)
    async def create_subject(
        self,
        data: JSONBody[SubjectCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubjectOut:
        """Add a subject (school office)."""
        subject = await container.subject_service(uow).create(principal, given(data))
        await uow.commit()
        return SubjectOut.of(subject)

    @get("/{subject_id:uuid}/teachers", operation_id="listSubjectTeachers")
    async def list_subject_teachers(
        self,
        subject_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> list[SubjectTeacherOut]:
        """The active teachers of the subject, by name: whom a student may be enrolled with
        (school office and tutors)."""
        teachers = await container.subject_service(uow).teachers(principal, subject_id)
        return [SubjectTeacherOut(id=t.id, full_name=t.full_name) for t in teachers]

    @patch("/{subject_id:uuid}", operation_id="updateSubject")
    async def update_subject(
        self,
        subject_id: FromPath[UUID],
        data: JSONBody[SubjectUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubjectOut:
        """Rename or recolour a subject (school office)."""
        subject = await container.subject_service(uow).update(principal, subject_id, given(data))
        await uow.commit()
        return SubjectOut.of(subject)

    @delete("/{subject_id:uuid}", operation_id="deleteSubject", status_code=HTTP_204_NO_CONTENT)
    async def delete_subject(
        self,
        subject_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove a subject nobody uses (school office); one in use is 409."""
        await container.subject_service(uow).delete(principal, subject_id)
        await uow.commit()


class EnrollmentController(Controller):
    path = "/enrollments"
    tags = ["learning"]
    security = BEARER

    @get("", operation_id="listEnrollments")
    async def list_enrollments(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        student_id: FromQuery[UUID | None] = None,
        subject_id: FromQuery[UUID | None] = None,
        teacher_id: FromQuery[UUID | None] = None,
        status: FromQuery[EnrollmentStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> EnrollmentPage:
        """Enrollments the caller may see: own, their students', their children's, or all."""
        page = await container.enrollment_service(uow).list_enrollments(
            principal,
            EnrollmentQuery(
                student_id=student_id, subject_id=subject_id, teacher_id=teacher_id, status=status
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return EnrollmentPage(
            items=[EnrollmentOut.of(e) for e in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post("", operation_id="createEnrollment", status_code=HTTP_201_CREATED)
    async def create_enrollment(
        self,
        data: JSONBody[EnrollmentCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> EnrollmentOut:
        """Enroll a student in a subject with a teacher who teaches it (office or the tutor)."""
        enrollment = await container.enrollment_service(uow).enroll(principal, given(data))
        await uow.commit()
        return EnrollmentOut.of(enrollment)

    @get("/{enrollment_id:uuid}", operation_id="getEnrollment")
    async def get_enrollment(
        self,
        enrollment_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> EnrollmentOut:
        """One enrollment."""
        return EnrollmentOut.of(
            await container.enrollment_service(uow).get(principal, enrollment_id)
        )

    @patch("/{enrollment_id:uuid}", operation_id="updateEnrollment", status_code=HTTP_200_OK)
    async def update_enrollment(
        self,
        enrollment_id: FromPath[UUID],
        data: JSONBody[EnrollmentUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> EnrollmentOut:
        """Change the price and period (office) or the custom name (office, tutor)."""
        enrollment = await container.enrollment_service(uow).update(
            principal, enrollment_id, given(data)
        )
        await uow.commit()
        return EnrollmentOut.of(enrollment)

    @delete("/{enrollment_id:uuid}", operation_id="endEnrollment", status_code=HTTP_204_NO_CONTENT)
    async def end_enrollment(
        self,
        enrollment_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """End the enrollment; it stays in history."""
        await container.enrollment_service(uow).end(principal, enrollment_id)
        await uow.commit()
