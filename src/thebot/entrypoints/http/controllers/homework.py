"""Homework: assignments and their attachments, submissions and feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.files.services import MAX_FILE_BYTES
from thebot.domain.learning.homework import (
    MAX_TEXT,
    AssignmentFilter,
    AssignmentStatus,
    FileUpload,
    SubmissionStatus,
)
from thebot.domain.learning.submissions import SubmissionFilter
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.files import download
from thebot.entrypoints.http.paging import MAX_INT, Limit, Offset
from thebot.entrypoints.http.schemas.homework import (
    AssignmentCreate,
    AssignmentOut,
    AssignmentPage,
    AssignmentUpdate,
    AttachmentOut,
    FeedbackIn,
    SubmissionDetailOut,
    SubmissionOut,
    SubmissionPage,
    SubmissionQueue,
)
from thebot.entrypoints.http.schemas.people import given

# A 20 MB file, up to 20,000 characters of text (4 bytes each at most) and the multipart
# envelope; anything bigger is refused before it is read.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + 4 * MAX_TEXT + 64 * 1024
MULTIPART = {"body_media_types": ("multipart/form-data",)}

_QUEUES = {
    SubmissionQueue.PENDING: SubmissionStatus.SUBMITTED,
    SubmissionQueue.GRADED: SubmissionStatus.GRADED,
    SubmissionQueue.RETURNED: SubmissionStatus.RETURNED,
}


@dataclass
class AssignmentAttachmentUpload:
    file: UploadFile


@dataclass
class SubmissionUpload:
    text: str | None = None
    file: UploadFile | None = None


async def _upload(file: UploadFile | None) -> FileUpload | None:
    """The uploaded file; an empty file field with no name is what a browser sends for none."""
    if file is None:
        return None
    content = await file.read()
    if not content and not file.filename:
        return None
    return FileUpload(name=file.filename or "", content=content)


class AssignmentController(Controller):
    path = "/assignments"
    tags = ["homework"]
    security = BEARER

    @get("", operation_id="listAssignments")
    async def list_assignments(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        subject_id: FromQuery[UUID | None] = None,
        status: FromQuery[AssignmentStatus | None] = None,
        student_id: FromQuery[UUID | None] = None,
        due_from: FromQuery[datetime | None] = None,
        due_to: FromQuery[datetime | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> AssignmentPage:
        """Homework the caller may see: set by them, set for them, their students' or children's,
        or all (office); latest deadline first."""
        page = await container.homework_service(uow).list_assignments(
            principal,
            AssignmentFilter(
                subject_id=subject_id,
                status=status,
                student_id=student_id,
                due_from=due_from,
                due_to=due_to,
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return AssignmentPage(
            items=[AssignmentOut.of(a) for a in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post("", operation_id="createAssignment", status_code=HTTP_201_CREATED)
    async def create_assignment(
        self,
        data: JSONBody[AssignmentCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AssignmentOut:
        """Set homework for own actively enrolled students in a subject one teaches."""
        assignment = await container.homework_service(uow).create(principal, given(data))
        await uow.commit()
        return AssignmentOut.of(assignment)

    @get("/{assignment_id:uuid}", operation_id="getAssignment")
    async def get_assignment(
        self,
        assignment_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AssignmentOut:
        """One assignment."""
        return AssignmentOut.of(await container.homework_service(uow).get(principal, assignment_id))

    @patch("/{assignment_id:uuid}", operation_id="updateAssignment")
    async def update_assignment(
        self,
        assignment_id: FromPath[UUID],
        data: JSONBody[AssignmentUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AssignmentOut:
        """Change homework (its author): details, students, or publish, close and reopen."""
        assignment = await container.homework_service(uow).update(
            principal, assignment_id, given(data)
        )
        await uow.commit()
        return AssignmentOut.of(assignment)

    @delete(
        "/{assignment_id:uuid}", operation_id="deleteAssignment", status_code=HTTP_204_NO_CONTENT
    )
    async def delete_assignment(
        self,
        assignment_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove homework nobody has handed in yet (its author), with its files."""
        await container.homework_service(uow).delete(principal, assignment_id)
        await uow.commit()

    @post(
        "/{assignment_id:uuid}/attachments",
        operation_id="addAssignmentAttachment",
        status_code=HTTP_201_CREATED,
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt=MULTIPART,
    )
    async def add_attachment(
        self,
        assignment_id: FromPath[UUID],
        data: Annotated[
            AssignmentAttachmentUpload, Body(media_type=RequestEncodingType.MULTI_PART)
        ],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AttachmentOut:
        """Attach a file (its author): at most 20 MB, of a type accepted by its content."""
        upload = FileUpload(name=data.file.filename or "", content=await data.file.read())
        attachment = await container.homework_service(uow).attach(principal, assignment_id, upload)
        await uow.commit()
        return AttachmentOut.of(attachment)

    @get(
        "/{assignment_id:uuid}/attachments/{file_id:uuid}",
        operation_id="downloadAssignmentAttachment",
        media_type="application/octet-stream",
    )
    async def download_attachment(
        self,
        assignment_id: FromPath[UUID],
        file_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> Response[bytes]:
        """An attached file, for the author, the office and the assigned students."""
        file, content = await container.homework_service(uow).attachment(
            principal, assignment_id, file_id
        )
        return download(file, content)

    @delete(
        "/{assignment_id:uuid}/attachments/{file_id:uuid}",
        operation_id="deleteAssignmentAttachment",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def delete_attachment(
        self,
        assignment_id: FromPath[UUID],
        file_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove an attached file (its author)."""
        await container.homework_service(uow).detach(principal, assignment_id, file_id)
        await uow.commit()

    @post(
        "/{assignment_id:uuid}/submissions",
        operation_id="submitHomework",
        status_code=HTTP_201_CREATED,
        request_max_body_size=UPLOAD_BODY_LIMIT,
        opt=MULTIPART,
    )
    async def submit(
        self,
        assignment_id: FromPath[UUID],
        data: Annotated[SubmissionUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubmissionDetailOut:
        """Hand in work (an assigned student): a text, a file, or both; again until graded."""
        submission = await container.submission_service(uow).submit(
            principal, assignment_id, data.text, await _upload(data.file)
        )
        await uow.commit()
        return SubmissionDetailOut.of(submission)


class SubmissionController(Controller):
    path = "/submissions"
    tags = ["homework"]
    security = BEARER

    @get("", operation_id="listSubmissions")
    async def list_submissions(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        status: FromQuery[SubmissionQueue | None] = None,
        assignment_id: FromQuery[UUID | None] = None,
        student_id: FromQuery[UUID | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> SubmissionPage:
        """Handed-in work the caller may see; ``pending`` (waiting for a grade) oldest first,
        the rest newest first."""
        page = await container.submission_service(uow).list_submissions(
            principal,
            SubmissionFilter(
                status=_QUEUES[status] if status else None,
                assignment_id=assignment_id,
                student_id=student_id,
                oldest_first=status is SubmissionQueue.PENDING,
            ),
            PageRequest(limit=limit, offset=offset),
        )
        return SubmissionPage(
            items=[SubmissionOut.of(s) for s in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @get("/{submission_id:uuid}", operation_id="getSubmission")
    async def get_submission(
        self,
        submission_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubmissionDetailOut:
        """One submission with every version."""
        return SubmissionDetailOut.of(
            await container.submission_service(uow).get(principal, submission_id)
        )

    @get(
        "/{submission_id:uuid}/versions/{number:int}/file",
        operation_id="downloadSubmissionFile",
        media_type="application/octet-stream",
    )
    async def download_file(
        self,
        submission_id: FromPath[UUID],
        number: Annotated[int, PathParameter(ge=0, le=MAX_INT)],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> Response[bytes]:
        """The file of one version, for the student, the teacher who set it and the office."""
        file, content = await container.submission_service(uow).version_file(
            principal, submission_id, number
        )
        return download(file, content)

    @post(
        "/{submission_id:uuid}/feedback",
        operation_id="giveSubmissionFeedback",
        status_code=HTTP_200_OK,
    )
    async def give_feedback(
        self,
        submission_id: FromPath[UUID],
        data: JSONBody[FeedbackIn],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> SubmissionDetailOut:
        """Grade the work with a score and a comment, or return it for revision (the teacher
        who set the homework)."""
        submission = await container.submission_service(uow).give_feedback(
            principal, submission_id, given(data)
        )
        await uow.commit()
        return SubmissionDetailOut.of(submission)
