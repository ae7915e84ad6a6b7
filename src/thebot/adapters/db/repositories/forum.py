"""Chat rooms, participants and messages: set-based reads, a fixed number of statements each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import case, func, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from thebot.adapters.db.expressions import subject_display
from thebot.adapters.db.models import (
    ChatMessageModel,
    ChatParticipantModel,
    ChatRoomModel,
    EnrollmentModel,
    StudentProfileModel,
    SubjectModel,
    UserModel,
)
from thebot.adapters.db.repositories import forum_statements as sql
from thebot.domain.forum.entities import (
    ChatSummary,
    FamilyEnrollment,
    LastMessage,
    Message,
    MessagePage,
    NewMessage,
    Person,
    ReadState,
    ReplyPreview,
    Room,
    RoomKind,
    excerpt,
)
from thebot.domain.forum.rooms import ExistingRoom, RoomChanges
from thebot.domain.shared.errors import Conflict, NotFound
from thebot.domain.shared.pagination import Page, PageRequest

Room_ = ChatRoomModel
Part = ChatParticipantModel
Msg = ChatMessageModel


class SqlChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _core(self) -> AsyncConnection:
        """The session's connection, for the prebuilt Core statements (no ORM layer)."""
        return await self._session.connection()

    def _insert(self, model: Any) -> Any:
        """An INSERT that skips rows whose unique key exists (PostgreSQL or SQLite)."""
        dialect = self._session.get_bind().dialect.name
        build = postgresql.insert if dialect == "postgresql" else sqlite.insert
        return build(model)

    # ----- rooms ---------------------------------------------------------------------------

    async def family_enrollments(self, student_ids: Collection[UUID]) -> list[FamilyEnrollment]:
        if not student_ids:
            return []
        student, teacher = aliased(UserModel), aliased(UserModel)
        tutor, parent = aliased(UserModel), aliased(UserModel)
        rows = await self._session.execute(
            select(
                EnrollmentModel.id,
                EnrollmentModel.status,
                EnrollmentModel.subject_id,
                subject_display(),
                student.id,
                student.full_name,
                teacher.id,
                teacher.full_name,
                tutor.id,
                tutor.full_name,
                parent.id,
                parent.full_name,
            )
            .join(SubjectModel, SubjectModel.id == EnrollmentModel.subject_id)
            .join(student, student.id == EnrollmentModel.student_id)
            .join(teacher, teacher.id == EnrollmentModel.teacher_id)
            .join(StudentProfileModel, StudentProfileModel.user_id == student.id)
            .outerjoin(tutor, tutor.id == StudentProfileModel.tutor_id)
            .outerjoin(parent, parent.id == StudentProfileModel.parent_id)
            .where(EnrollmentModel.student_id.in_(list(student_ids)))
        )
        return [
            FamilyEnrollment(
                enrollment_id=eid,
                is_active=status == "active",
                subject_id=subject_id,
                subject_name=subject,
                student=Person(id=sid, name=sname, role="student"),
                teacher=Person(id=tid, name=tname, role="teacher"),
                tutor=Person(id=uid, name=uname, role="tutor") if uid else None,
                parent=Person(id=pid, name=pname, role="parent") if pid else None,
            )
            for (
                eid,
                status,
                subject_id,
                subject,
                sid,
                sname,
                tid,
                tname,
                uid,
                uname,
                pid,
                pname,
            ) in rows
        ]

    async def existing_rooms(self, student_ids: Collection[UUID]) -> list[ExistingRoom]:
        if not student_ids:
            return []
        rows = await self._session.execute(
            select(
                Room_.id,
                Room_.room_key,
                Room_.student_id,
                Room_.title,
                Room_.is_archived,
                Part.user_id,
                Part.left_at,
            )
            .outerjoin(Part, Part.room_id == Room_.id)
            .where(Room_.student_id.in_(list(student_ids)))
        )
        found: dict[UUID, dict[str, Any]] = {}
        for rid, key, sid, title, archived, user_id, left_at in rows:
            room = found.setdefault(
                rid,
                {
                    "id": rid,
                    "key": key,
                    "student_id": sid,
                    "title": title,
                    "is_archived": archived,
                    "current": set(),
                    "former": set(),
                },
            )
            if user_id is not None:
                room["former" if left_at else "current"].add(user_id)
        return [
            ExistingRoom(
                **{**r, "current": frozenset(r["current"]), "former": frozenset(r["former"])}
            )
            for r in found.values()
        ]

    async def apply(self, changes: RoomChanges, now: datetime) -> None:
        if changes.empty:
            return
        if changes.create:
            await self._session.execute(
                self._insert(Room_)
                .values(
                    [
                        {
                            "room_key": room.key,
                            "kind": room.kind.value,
                            "enrollment_id": room.enrollment_id,
                            "subject_id": room.subject_id,
                            "student_id": room.student_id,
                            "parent_id": room.parent_id,
                            "title": room.title,
                            "is_archived": room.is_archived,
                            "created_at": now,
                            "updated_at": now,
                        }
                        for room in changes.create
                    ]
                )
                .on_conflict_do_nothing(index_elements=["room_key"])
            )
        if changes.update:
            # Every changed room in one statement, however many the re-plan touched.
            titles = {key: title for key, (title, _) in changes.update.items()}
            archived = {key: flag for key, (_, flag) in changes.update.items()}
            await self._session.execute(
                update(Room_)
                .where(Room_.room_key.in_(list(changes.update)))
                .values(
                    title=case(titles, value=Room_.room_key),
                    is_archived=case(archived, value=Room_.room_key),
                    updated_at=now,
                ),
                execution_options={"synchronize_session": False},
            )
        keys = {s.room_key for s in (*changes.join, *changes.leave)}
        if not keys:
            return
        ids = dict(
            (
                await self._session.execute(
                    select(Room_.room_key, Room_.id).where(Room_.room_key.in_(keys))
                )
            ).all()
        )
        if changes.join:
            pairs = [(ids[s.room_key], s.user_id) for s in changes.join]
            await self._session.execute(
                self._insert(Part)
                .values([{"room_id": r, "user_id": u, "joined_at": now} for r, u in pairs])
                .on_conflict_do_nothing(index_elements=["room_id", "user_id"])
            )
            await self._session.execute(
                update(Part)
                .where(tuple_(Part.room_id, Part.user_id).in_(pairs), Part.left_at.is_not(None))
                .values(left_at=None, joined_at=now)
            )
            # A newcomer to a room with history (a new tutor) has all of it to read.
            await self._session.execute(
                update(Part)
                .where(tuple_(Part.room_id, Part.user_id).in_(pairs))
                .values(unread_count=sql.UNREAD_RECOUNT)
            )
        if changes.leave:
            pairs = [(ids[s.room_key], s.user_id) for s in changes.leave]
            await self._session.execute(
                update(Part)
                .where(tuple_(Part.room_id, Part.user_id).in_(pairs), Part.left_at.is_(None))
                .values(left_at=now)
            )

    # ----- reading ---------------------------------------------------------------------------

    async def room_for(self, chat_id: UUID, user_id: UUID) -> Room | None:
        rows = (await (await self._core()).execute(sql.ROOM_WITH_PEOPLE, {"chat": chat_id})).all()
        if not rows or all(row[7] != user_id for row in rows):
            return None
        first = rows[0]
        return Room(
            id=first[0],
            kind=RoomKind(first[1]),
            enrollment_id=first[2],
            subject_id=first[3],
            subject_name=first[4],
            title=first[5],
            is_archived=first[6],
            participants=tuple(Person(id=r[7], name=r[8], role=r[9]) for r in rows),
        )

    async def list_chats(
        self, user_id: UUID, page: PageRequest, *, include_archived: bool
    ) -> Page[ChatSummary]:
        rows = (
            await (await self._core()).execute(
                sql.CHATS[include_archived],
                {"me": user_id, "size": page.limit, "skip": page.offset},
            )
        ).all()
        people = await self._participants([row[0] for row in rows])
        items = [
            ChatSummary(
                id=rid,
                kind=RoomKind(kind),
                title=title,
                enrollment_id=eid,
                subject_id=subject_id,
                subject_name=subject,
                is_archived=archived,
                last_read_message_id=read,
                unread_count=int(count or 0),
                participants=people.get(rid, ()),
                last_message=(
                    LastMessage(
                        id=mid,
                        sender_id=sid,
                        sender_name=sname,
                        content="" if deleted else excerpt(content),
                        created_at=at,
                        is_deleted=deleted is not None,
                    )
                    if mid is not None
                    else None
                ),
            )
            for (
                rid,
                kind,
                title,
                eid,
                subject_id,
                subject,
                archived,
                read,
                count,
                mid,
                sid,
                sname,
                content,
                at,
                deleted,
                _total,
            ) in rows
        ]
        total = int(rows[0][-1]) if rows else 0
        if not rows and page.offset:
            total = await self._count_chats(user_id, include_archived)
        return Page(items=items, total=total, limit=page.limit, offset=page.offset)

    async def _count_chats(self, user_id: UUID, include_archived: bool) -> int:
        query = (
            select(func.count())
            .select_from(Part)
            .join(Room_, Room_.id == Part.room_id)
            .where(Part.user_id == user_id, Part.left_at.is_(None))
        )
        if not include_archived:
            query = query.where(Room_.is_archived.is_(False))
        return int(await self._session.scalar(query) or 0)

    async def _participants(self, room_ids: list[UUID]) -> dict[UUID, tuple[Person, ...]]:
        if not room_ids:
            return {}
        rows = await (await self._core()).execute(sql.PARTICIPANTS, {"rooms": room_ids})
        found: dict[UUID, list[Person]] = defaultdict(list)
        for rid, uid, name, role in rows:
            found[rid].append(Person(id=uid, name=name, role=role))
        return {rid: tuple(people) for rid, people in found.items()}

    @staticmethod
    def _to_message(row: Any) -> Message:
        (mid, rid, sid, sname, srole, content, client_id, at, edited, deleted) = row[:10]
        rid_, rname, rcontent, rdeleted = row[10:]
        return Message(
            id=mid,
            chat_id=rid,
            sender=Person(id=sid, name=sname, role=srole) if sid else None,
            content="" if deleted else content,
            client_id=client_id,
            created_at=at,
            edited_at=edited,
            deleted_at=deleted,
            reply_to=(
                ReplyPreview(
                    id=rid_,
                    sender_name=rname,
                    excerpt="" if rdeleted else excerpt(rcontent),
                    is_deleted=rdeleted is not None,
                )
                if rid_ is not None
                else None
            ),
        )

    async def messages(
        self, chat_id: UUID, *, before: int | None, after: int | None, limit: int
    ) -> MessagePage:
        params: dict[str, Any] = {"chat": chat_id, "size": limit + 1}
        if after is not None:
            # Catching up: the oldest first, from just after what the client has.
            statement, params["message"] = sql.AFTER, after
        elif before is not None:
            statement, params["message"] = sql.BEFORE, before
        else:
            statement = sql.LATEST
        rows = (await (await self._core()).execute(statement, params)).all()
        items = tuple(self._to_message(row) for row in rows[:limit])
        cursor = items[-1].id if len(rows) > limit and items else None
        if after is not None:
            return MessagePage(items=items, next_before=None, next_after=cursor)
        return MessagePage(items=items, next_before=cursor, next_after=None)

    async def message(self, chat_id: UUID, message_id: int) -> Message | None:
        row = (
            await (await self._core()).execute(
                sql.MESSAGE_BY_ID, {"chat": chat_id, "message": message_id}
            )
        ).first()
        return self._to_message(row) if row else None

    async def by_client_id(self, chat_id: UUID, sender_id: UUID, client_id: str) -> Message | None:
        row = (
            await (await self._core()).execute(
                sql.MESSAGE_BY_CLIENT_ID, {"chat": chat_id, "me": sender_id, "client": client_id}
            )
        ).first()
        return self._to_message(row) if row else None

    async def peers(self, user_id: UUID) -> set[UUID]:
        me, other = aliased(Part), aliased(Part)
        rows = await self._session.scalars(
            select(other.user_id)
            .distinct()
            .join(me, me.room_id == other.room_id)
            .where(
                me.user_id == user_id,
                me.left_at.is_(None),
                other.left_at.is_(None),
                other.user_id != user_id,
            )
        )
        return set(rows)

    # ----- writing ---------------------------------------------------------------------------

    async def add_message(
        self, message: NewMessage, sender: Person, reply_to: ReplyPreview | None
    ) -> Message:
        await self._session.execute(
            sql.LOCK_ROOM, {"chat": message.chat_id, "at": message.created_at}
        )
        # A client_id already used by this sender in this room inserts nothing (no savepoint).
        new_id = await self._session.scalar(
            self._insert(Msg)
            .values(
                room_id=message.chat_id,
                sender_id=message.sender_id,
                content=message.content,
                reply_to_id=message.reply_to_id,
                client_id=message.client_id,
                created_at=message.created_at,
            )
            .on_conflict_do_nothing(index_elements=["room_id", "sender_id", "client_id"])
            .returning(Msg.id)
        )
        if new_id is None:
            raise Conflict("This message was already sent.")
        await self._session.execute(
            sql.COUNT_NEW_MESSAGE, {"chat": message.chat_id, "me": message.sender_id}
        )
        return Message(
            id=int(new_id),
            chat_id=message.chat_id,
            sender=sender,
            content=message.content,
            reply_to=reply_to,
            client_id=message.client_id,
            created_at=message.created_at,
            edited_at=None,
            deleted_at=None,
        )

    async def _change(self, message_id: int, values: dict[str, Any]) -> Message:
        chat_id = await self._session.scalar(
            update(Msg).where(Msg.id == message_id).values(**values).returning(Msg.room_id)
        )
        if chat_id is None:
            raise NotFound("Message not found.")
        stored = await self.message(chat_id, message_id)
        assert stored is not None
        return stored

    async def edit_message(self, message_id: int, content: str, at: datetime) -> Message:
        return await self._change(message_id, {"content": content, "edited_at": at})

    async def delete_message(self, message_id: int, at: datetime) -> Message:
        # Those who had not read it have one message less to read (first: it checks that the
        # message is not deleted yet).
        await self._session.execute(sql.UNCOUNT_DELETED_MESSAGE, {"message": message_id})
        return await self._change(message_id, {"deleted_at": at})

    async def mark_read(self, chat_id: UUID, user_id: UUID, up_to: int) -> ReadState:
        mark = Part.last_read_message_id
        await self._session.execute(
            update(Part)
            .where(Part.room_id == chat_id, Part.user_id == user_id)
            .values(
                last_read_message_id=case((or_(mark.is_(None), mark < up_to), up_to), else_=mark)
            )
        )
        # Counted afresh in a statement of its own: it sees every message committed before the
        # mark's row lock was granted (a send waiting on that lock included), so the count
        # heals rather than drifts.
        row = (
            await self._session.execute(
                update(Part)
                .where(Part.room_id == chat_id, Part.user_id == user_id)
                .values(unread_count=sql.UNREAD_RECOUNT)
                .returning(mark, Part.unread_count)
            )
        ).one()
        return ReadState(
            chat_id=chat_id, user_id=user_id, last_read_message_id=row[0], unread_count=row[1]
        )
