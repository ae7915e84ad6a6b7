"""Study materials: teachers publish them, students read them and record progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.files.services import MAX_FILE_BYTES
from thebot.domain.learning.materials import MaterialQuery, MaterialStatus, MaterialType
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.files import download
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.materials import (
    MaterialCreate,
    MaterialDetailOut,
    MaterialOut,
    MaterialPage,
    MaterialUpdate,
    ProgressOut,
    ProgressRecord,
)
from thebot.entrypoints.http.schemas.people import given

# The multipart envelope around a 20 MB file; anything bigger is refused before it is read.
MATERIAL_BODY_LIMIT = MAX_FILE_BYTES + 64 * 1024


@dataclass
class MaterialUpload:
    file: UploadFile


class MaterialController(Controller):
    path = "/materials"
    tags = ["learning"]
    security = BEARER

    @get("", operation_id="listMaterials")
    async def list_materials(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        subject_id: FromQuery[UUID | None] = None,
        status: FromQuery[MaterialStatus | None] = None,
        type: FromQuery[MaterialType | None] = None,
        student_id: FromQuery[UUID | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> MaterialPage:
        """Materials the caller may see: own (teacher), published to them (student), to their
        students or children (tutor, parent), or all (office)."""
        page = await container.material_service(uow).list_materials(
            principal,
            MaterialQuery(subject_id=subject_id, status=status, type=type, student_id=student_id),
            PageRequest(limit=limit, offset=offset),
        )
        return MaterialPage(
            items=[MaterialOut.of(m) for m in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post("", operation_id="createMaterial", status_code=HTTP_201_CREATED)
    async def create_material(
        self,
        data: JSONBody[MaterialCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> MaterialDetailOut:
        """Publish a material to own enrolled students in a subject one teaches (teacher)."""
        material = await container.material_service(uow).create(principal, given(data))
        await uow.commit()
        return MaterialDetailOut.of(material)

    @get("/{material_id:uuid}", operation_id="getMaterial")
    async def get_material(
        self,
        material_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> MaterialDetailOut:
        """One material with its content; the author also sees each student's progress."""
        return MaterialDetailOut.of(
            await container.material_service(uow).get(principal, material_id)
        )

    @patch("/{material_id:uuid}", operation_id="updateMaterial", status_code=HTTP_200_OK)
    async def update_material(
        self,
        material_id: FromPath[UUID],
        data: JSONBody[MaterialUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> MaterialDetailOut:
        """Change a material (author); ``student_ids`` replaces who it is assigned to."""
        material = await container.material_service(uow).update(principal, material_id, given(data))
        await uow.commit()
        return MaterialDetailOut.of(material)

    @delete("/{material_id:uuid}", operation_id="deleteMaterial", status_code=HTTP_204_NO_CONTENT)
    async def delete_material(
        self,
        material_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove a material with its assignments, progress and file (author)."""
        await container.material_service(uow).delete(principal, material_id)
        await uow.commit()

    @put(
        "/{material_id:uuid}/file",
        operation_id="uploadMaterialFile",
        status_code=HTTP_200_OK,
        request_max_body_size=MATERIAL_BODY_LIMIT,
        opt={"body_media_types": ("multipart/form-data",)},
    )
    async def upload_file(
        self,
        material_id: FromPath[UUID],
        data: Annotated[MaterialUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> MaterialDetailOut:
        """Attach a file of at most 20 MB, accepted by its content, replacing the last one."""
        content = await data.file.read()
        material = await container.material_service(uow).attach_file(
            principal, material_id, data.file.filename, content
        )
        await uow.commit()
        return MaterialDetailOut.of(material)

    @delete(
        "/{material_id:uuid}/file",
        operation_id="deleteMaterialFile",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def delete_file(
        self,
        material_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Remove the material's file (author)."""
        await container.material_service(uow).remove_file(principal, material_id)
        await uow.commit()

    @get(
        "/{material_id:uuid}/file",
        operation_id="downloadMaterialFile",
        media_type="application/octet-stream",
    )
    async def download_file(
        self,
        material_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> Response[bytes]:
        """The material's file, as stored, for its author, the office and its students."""
        file, content = await container.material_service(uow).file(principal, material_id)
        return download(file, content)

    @post(
        "/{material_id:uuid}/progress",
        operation_id="recordMaterialProgress",
        status_code=HTTP_200_OK,
    )
    async def record_progress(
        self,
        material_id: FromPath[UUID],
        data: JSONBody[ProgressRecord],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ProgressOut:
        """Record one's progress on a material assigned to one (student)."""
        progress = await container.material_service(uow).record_progress(
            principal, material_id, given(data)
        )
        await uow.commit()
        return ProgressOut.of(progress)
