"""Weekly study plans: written and sent by teachers, read by the student, tutor and parent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.files.services import MAX_FILE_BYTES
from thebot.domain.learning.study_plans import StudyPlanFilter, StudyPlanStatus
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.files import download
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.homework import AttachmentOut
from thebot.entrypoints.http.schemas.people import given
from thebot.entrypoints.http.schemas.study_plans import (
    StudyPlanCreate,
    StudyPlanOut,
    StudyPlanPage,
    StudyPlanUpdate,
)

# A 20 MB file and the multipart envelope; anything bigger is refused before it is read.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + 64 * 1024
MULTIPART = {"body_media_types": ("multipart/form-data",)}


@dataclass
class StudyPlanFileUpload:
    file: UploadFile


class StudyPlanController(Controller):
    path = "/study-plans"
    tags = ["learning"]
    security = BEARER

    @get("", operation_id="listStudyPlans")
    async def list_study_plans(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        student_id: FromQuery[UUID | None] = None,
        subject_id: FromQuery[UUID | None] = None,
        week_start: FromQuery[date | None] = None,
        week_from: FromQuery[date | None] = None,
        week_to: FromQuery[date | None] = None,
        status: FromQuery[StudyPlanStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> StudyPlanPage:
        """Plans the caller may see: a teacher's own, drafts too; sent plans for oneself, one's
        students or children; every sent plan for the office. Latest week first; ``week_from``
        and ``week_to`` keep the plans whose week overlaps the range."""
        page = await container.study_plan_service(uow).list_plans(
            principal,
            StudyPlanFilter(
                student_id=student_id,
                subject_id=subject_id,
                week_start=week_start,
                week_from=week_from,
                week_to=week_to,
                status=status,
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return StudyPlanPage(
            items=[StudyPlanOut.of(p) for p in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post("", operation_id="createStudyPlan", status_code=HTTP_201_CREATED)
    async def create_study_plan(
        self,
        data: JSONBody[StudyPlanCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> StudyPlanOut:
        """Draft a plan for a student one teaches the subject to, for the week starting on the
        given Monday; one plan per student, subject and week."""
        plan = await container.study_plan_service(uow).create(principal, given(data))
        await uow.commit()
        return StudyPlanOut.of(plan)

    @get("/{plan_id:uuid}", operation_id="getStudyPlan")
    async def get_study_plan(
        self,
        plan_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> StudyPlanOut:
        """One plan."""
        return StudyPlanOut.of(await container.study_plan_service(uow).get(principal, plan_id))

    @patch("/{plan_id:uuid}", operation_id="updateStudyPlan")
    async def update_study_plan(
        self,
        plan_id: FromPath[UUID],
        data: JSONBody[StudyPlanUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> StudyPlanOut:
        """Change a draft (its author): title, content or week; a sent plan is fixed."""
        plan = await container.study_plan_service(uow).update(principal, plan_id, given(data))
        await uow.commit()
        return StudyPlanOut.of(plan)

    @delete("/{plan_id:uuid}", operation_id="deleteStudyPlan", status_code=HTTP_204_NO_CONTENT)
    async def delete_study_plan(
        self,
        plan_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove a draft (its author), with its files."""
        await container.study_plan_service(uow).delete(principal, plan_id)
        await uow.commit()

    @post("/{plan_id:uuid}/send", operation_id="sendStudyPlan", status_code=HTTP_200_OK)
    async def send_study_plan(
        self,
        plan_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> StudyPlanOut:
        """Send a draft (its author): it is fixed from now on, and the student, the tutor and
        the parent are notified."""
        plan = await container.study_plan_service(uow).send(principal, plan_id)
        await uow.commit()
        return StudyPlanOut.of(plan)

    @post(
        "/{plan_id:uuid}/files",
        operation_id="attachStudyPlanFile",
        status_code=HTTP_201_CREATED,
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt=MULTIPART,
    )
    async def attach_file(
        self,
        plan_id: FromPath[UUID],
        data: Annotated[StudyPlanFileUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AttachmentOut:
        """Attach a file to a draft (its author): at most 20 MB, of a type accepted by its
        content."""
        file = await container.study_plan_service(uow).attach(
            principal, plan_id, data.file.filename or "", await data.file.read()
        )
        await uow.commit()
        return AttachmentOut.of(file)

    @get(
        "/{plan_id:uuid}/files/{file_id:uuid}",
        operation_id="downloadStudyPlanFile",
        media_type="application/octet-stream",
    )
    async def download_file(
        self,
        plan_id: FromPath[UUID],
        file_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> Response[bytes]:
        """A file of a plan, for whoever may read the plan."""
        file, content = await container.study_plan_service(uow).download(
            principal, plan_id, file_id
        )
        return download(file, content)

    @delete(
        "/{plan_id:uuid}/files/{file_id:uuid}",
        operation_id="removeStudyPlanFile",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove_file(
        self,
        plan_id: FromPath[UUID],
        file_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove a file from a draft (its author)."""
        await container.study_plan_service(uow).remove_file(principal, plan_id, file_id)
        await uow.commit()
