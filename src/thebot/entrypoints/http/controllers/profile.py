"""One's own profile and avatar; cards of related people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from thebot.domain.accounts.entities import Role
from thebot.domain.profiles.ports import MAX_AVATAR_BYTES
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.schemas.people import (
    AccountOut,
    AvatarOut,
    OwnProfileUpdate,
    RelatedUserOut,
    given,
)

STAFF_VIEWERS = frozenset({Role.ADMIN, Role.TUTOR, Role.TEACHER})
# The multipart envelope around a 5 MB file; anything bigger is refused before it is read.
AVATAR_BODY_LIMIT = MAX_AVATAR_BYTES + 64 * 1024


@dataclass
class AvatarUpload:
    file: UploadFile


class ProfileController(Controller):
    path = "/profile"
    tags = ["profile"]
    security = BEARER

    @get("", operation_id="getOwnProfile")
    async def get_profile(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> AccountOut:
        """The signed-in user and the profile of their role."""
        account = await container.profile_service(uow).get_own(principal)
        return AccountOut.of(
            account, container.storage.url, staff_view=principal.role in STAFF_VIEWERS
        )

    @patch("", operation_id="updateOwnProfile")
    async def update_profile(
        self,
        data: JSONBody[OwnProfileUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AccountOut:
        """Change one's own editable fields; any other field is refused by name."""
        account = await container.profile_service(uow).update_own(principal, given(data))
        await uow.commit()
        return AccountOut.of(
            account, container.storage.url, staff_view=principal.role in STAFF_VIEWERS
        )

    @put(
        "/avatar",
        operation_id="uploadAvatar",
        status_code=HTTP_200_OK,
        request_max_body_size=AVATAR_BODY_LIMIT,
        opt={"body_media_types": ("multipart/form-data",)},
    )
    async def upload_avatar(
        self,
        data: Annotated[AvatarUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AvatarOut:
        """Replace the avatar: a JPEG, PNG or WebP of at most 5 MB, stored cleaned and small."""
        content = await data.file.read()
        key = await container.profile_service(uow).set_avatar(principal, content)
        await uow.commit()
        return AvatarOut(avatar_url=container.storage.url(key))

    @delete("/avatar", operation_id="deleteAvatar", status_code=HTTP_204_NO_CONTENT)
    async def delete_avatar(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> None:
        """Remove the avatar."""
        await container.profile_service(uow).remove_avatar(principal)
        await uow.commit()


@get("/users/{user_id:uuid}", operation_id="getRelatedUser", tags=["profile"], security=BEARER)
async def get_related_user(
    user_id: FromPath[UUID], principal: PrincipalDep, container: ContainerDep, uow: UowDep
) -> RelatedUserOut:
    """The card of a related person: one's teacher, tutor, parent, child or student."""
    account, relation = await container.profile_service(uow).related_account(principal, user_id)
    user = account.user
    return RelatedUserOut(
        id=user.id,
        role=user.role,
        first_name=user.first_name,
        last_name=user.last_name,
        full_name=user.full_name,
        avatar_url=container.storage.url(user.avatar_key) if user.avatar_key else None,
        relation=relation,
    )
