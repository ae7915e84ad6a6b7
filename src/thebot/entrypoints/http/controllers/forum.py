"""Forum: each participant's chats and the messages in them (paths in API.md)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import BEARER, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.forum import (
    ChatOut,
    ChatPageOut,
    MessageCreate,
    MessageOut,
    MessagePageOut,
    MessageUpdate,
    ReadIn,
    ReadOut,
)

# Documented here; checked by the forum service (a constraint inside ``X | None`` is not applied).
Before = Annotated[int, QueryParameter(ge=1)]
After = Annotated[int, QueryParameter(ge=0)]
MessageLimit = Annotated[int, QueryParameter(ge=1, le=100)]


class ForumController(Controller):
    path = "/forum/chats"
    tags = ["forum"]
    security = BEARER

    @get("", operation_id="listChats")
    async def list_chats(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        archived: FromQuery[bool] = True,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> ChatPageOut:
        """One's chats, the most recently active first (archived ones last, unless excluded
        with ``archived=false``), with the last message and the unread count of each."""
        page = await container.forum_service(uow).list_chats(
            principal, PageRequest(limit=limit, offset=offset), include_archived=archived
        )
        return ChatPageOut(
            items=[ChatOut.of(chat) for chat in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @get("/{chat_id:uuid}/messages", operation_id="listChatMessages")
    async def list_messages(
        self,
        chat_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        before: FromQuery[Before | None] = None,
        after: FromQuery[After | None] = None,
        limit: MessageLimit = 50,
    ) -> MessagePageOut:
        """Newest first; pass ``next_before`` as ``before`` for older ones. A client that was
        away passes the last id it has as ``after`` and gets what it missed, oldest first
        (then ``next_after`` until it is null)."""
        page = await container.forum_service(uow).messages(
            principal, chat_id, before=before, after=after, limit=limit
        )
        return MessagePageOut(
            items=[MessageOut.of(m) for m in page.items],
            next_before=page.next_before,
            next_after=page.next_after,
        )

    @post("/{chat_id:uuid}/messages", operation_id="sendChatMessage", status_code=HTTP_201_CREATED)
    async def send_message(
        self,
        chat_id: FromPath[UUID],
        data: JSONBody[MessageCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> Response[MessageOut]:
        """Post a message. A retry with the same ``client_id`` answers 200 with the message
        the first attempt stored, and posts nothing new."""
        message, created = await container.forum_service(uow).send(
            principal,
            chat_id,
            content=data.content,
            reply_to_id=data.reply_to_id,
            client_id=data.client_id,
        )
        await uow.commit()
        return Response(
            MessageOut.of(message), status_code=HTTP_201_CREATED if created else HTTP_200_OK
        )

    @patch("/{chat_id:uuid}/messages/{message_id:int}", operation_id="editChatMessage")
    async def edit_message(
        self,
        chat_id: FromPath[UUID],
        message_id: FromPath[int],
        data: JSONBody[MessageUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> MessageOut:
        """Change one's own message, within 15 minutes of sending it."""
        message = await container.forum_service(uow).edit(
            principal, chat_id, message_id, data.content
        )
        await uow.commit()
        return MessageOut.of(message)

    @delete(
        "/{chat_id:uuid}/messages/{message_id:int}",
        operation_id="deleteChatMessage",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def delete_message(
        self,
        chat_id: FromPath[UUID],
        message_id: FromPath[int],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Delete one's own message within 15 minutes; it stays in place, shown as deleted."""
        await container.forum_service(uow).delete(principal, chat_id, message_id)
        await uow.commit()

    @post("/{chat_id:uuid}/read", operation_id="markChatRead", status_code=HTTP_200_OK)
    async def mark_read(
        self,
        chat_id: FromPath[UUID],
        data: JSONBody[ReadIn],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> ReadOut:
        """Mark the chat read up to a message (the mark never moves backward)."""
        state = await container.forum_service(uow).read(principal, chat_id, data.up_to_message_id)
        await uow.commit()
        return ReadOut.of(state)


__all__ = ["ChatOut", "ForumController"]
