"""The forum's hot statements, built once per process with bind parameters.

Building a select with its aliases costs more than running it; sending and reading messages
happen on every keystroke of a school day, so they reuse these.
"""

from __future__ import annotations

from typing import Any

from advanced_alchemy.types import GUID
from sqlalchemy import BigInteger, Integer, and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    ChatMessageModel,
    ChatParticipantModel,
    ChatRoomModel,
    EnrollmentModel,
    SubjectModel,
    UserModel,
)

Room = ChatRoomModel
Part = ChatParticipantModel
Msg = ChatMessageModel

CHAT = bindparam("chat", type_=GUID())
ME = bindparam("me", type_=GUID())
MESSAGE = bindparam("message", type_=BigInteger())
CLIENT = bindparam("client")
SIZE = bindparam("size", type_=Integer())
SKIP = bindparam("skip", type_=Integer())


def _messages() -> Any:
    sender, reply, reply_sender = aliased(UserModel), aliased(Msg), aliased(UserModel)
    return (
        select(
            Msg.id,
            Msg.room_id,
            sender.id,
            sender.full_name,
            sender.role,
            Msg.content,
            Msg.client_id,
            Msg.created_at,
            Msg.edited_at,
            Msg.deleted_at,
            reply.id,
            reply_sender.full_name,
            reply.content,
            reply.deleted_at,
        )
        .outerjoin(sender, sender.id == Msg.sender_id)
        .outerjoin(reply, reply.id == Msg.reply_to_id)
        .outerjoin(reply_sender, reply_sender.id == reply.sender_id)
        .where(Msg.room_id == CHAT)
    )


_MESSAGES = _messages()
MESSAGE_BY_ID = _MESSAGES.where(Msg.id == MESSAGE)
MESSAGE_BY_CLIENT_ID = _MESSAGES.where(Msg.sender_id == ME, Msg.client_id == CLIENT)
LATEST = _MESSAGES.order_by(Msg.id.desc()).limit(SIZE)
BEFORE = _MESSAGES.where(Msg.id < MESSAGE).order_by(Msg.id.desc()).limit(SIZE)
AFTER = _MESSAGES.where(Msg.id > MESSAGE).order_by(Msg.id).limit(SIZE)

ROOM_WITH_PEOPLE = (
    select(
        Room.id,
        Room.kind,
        Room.enrollment_id,
        Room.subject_id,
        subject_display(),
        Room.title,
        Room.is_archived,
        UserModel.id,
        UserModel.full_name,
        UserModel.role,
    )
    .join(EnrollmentModel, EnrollmentModel.id == Room.enrollment_id)
    .join(SubjectModel, SubjectModel.id == Room.subject_id)
    .join(Part, and_(Part.room_id == Room.id, Part.left_at.is_(None)))
    .join(UserModel, UserModel.id == Part.user_id)
    .where(Room.id == CHAT)
    .order_by(UserModel.role, UserModel.last_name)
)

# Taking the room's row lock first makes message ids follow commit order within a room.
LOCK_ROOM = update(Room).where(Room.id == CHAT).values(last_message_at=bindparam("at"))

# A participant's unread messages counted from the messages (correlated to the Part row).
UNREAD_RECOUNT = (
    select(func.count(Msg.id))
    .where(
        Msg.room_id == Part.room_id,
        Msg.id > func.coalesce(Part.last_read_message_id, 0),
        or_(Msg.sender_id.is_(None), Msg.sender_id != Part.user_id),
        Msg.deleted_at.is_(None),
    )
    .scalar_subquery()
)

# A new message is one more to read for everyone in the room but its sender.
COUNT_NEW_MESSAGE = (
    update(Part)
    .where(Part.room_id == CHAT, Part.user_id != ME)
    .values(unread_count=Part.unread_count + 1)
)

_gone = aliased(Msg)
# A message being deleted is one less to read for those who had not read it (not its sender).
UNCOUNT_DELETED_MESSAGE = (
    update(Part)
    .where(
        exists().where(
            _gone.id == MESSAGE,
            _gone.room_id == Part.room_id,
            _gone.deleted_at.is_(None),
            or_(_gone.sender_id.is_(None), _gone.sender_id != Part.user_id),
        ),
        func.coalesce(Part.last_read_message_id, 0) < MESSAGE,
        Part.unread_count > 0,
    )
    .values(unread_count=Part.unread_count - 1)
)


def _chats(*, include_archived: bool) -> Any:
    mine = aliased(Part)
    last, sender = aliased(Msg), aliased(UserModel)
    newest = select(func.max(Msg.id)).where(Msg.room_id == Room.id).scalar_subquery()
    query = (
        select(
            Room.id,
            Room.kind,
            Room.title,
            Room.enrollment_id,
            Room.subject_id,
            subject_display(),
            Room.is_archived,
            mine.last_read_message_id,
            mine.unread_count,
            last.id,
            last.sender_id,
            sender.full_name,
            last.content,
            last.created_at,
            last.deleted_at,
            func.count().over(),
        )
        .join(mine, and_(mine.room_id == Room.id, mine.user_id == ME))
        .join(EnrollmentModel, EnrollmentModel.id == Room.enrollment_id)
        .join(SubjectModel, SubjectModel.id == Room.subject_id)
        .outerjoin(last, last.id == newest)
        .outerjoin(sender, sender.id == last.sender_id)
        .where(mine.left_at.is_(None))
        .order_by(
            Room.is_archived,
            func.coalesce(Room.last_message_at, Room.created_at).desc(),
            Room.id,
        )
        .limit(SIZE)
        .offset(SKIP)
    )
    return query if include_archived else query.where(Room.is_archived.is_(False))


CHATS = {True: _chats(include_archived=True), False: _chats(include_archived=False)}

PARTICIPANTS = (
    select(Part.room_id, UserModel.id, UserModel.full_name, UserModel.role)
    .join(UserModel, UserModel.id == Part.user_id)
    .where(Part.room_id.in_(bindparam("rooms", expanding=True)), Part.left_at.is_(None))
    .order_by(UserModel.role, UserModel.last_name)
)
