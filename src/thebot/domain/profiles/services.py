"""One's own profile and avatar, and the cards of related people."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from uuid import UUID, uuid4

from thebot.domain.accounts.entities import Principal
from thebot.domain.people.ports import PeopleRepository
from thebot.domain.profiles.entities import Account
from thebot.domain.profiles.ports import MAX_AVATAR_BYTES, ImageSanitizer
from thebot.domain.profiles.rules import SELF_EDITABLE, clean_fields, split_changes
from thebot.domain.shared.errors import NotFound, PayloadTooLarge
from thebot.domain.shared.ports import AfterCommit, FileStorage

# Image decoding is CPU work: the caller decides where it runs (a worker thread at the edge).
RunBlocking = Callable[[Callable[[], Any]], Awaitable[Any]]


class ProfileService:
    def __init__(
        self,
        *,
        people: PeopleRepository,
        storage: FileStorage,
        sanitizer: ImageSanitizer,
        transaction: AfterCommit,
        run_blocking: RunBlocking,
    ) -> None:
        self._people = people
        self._storage = storage
        self._sanitizer = sanitizer
        self._transaction = transaction
        self._run_blocking = run_blocking

    async def get_own(self, principal: Principal) -> Account:
        return await self._people.get_account(principal.id)

    async def update_own(self, principal: Principal, changes: Mapping[str, Any]) -> Account:
        """Change what one's role may change about oneself; any other field is refused."""
        fields = clean_fields(
            changes, SELF_EDITABLE[principal.role], refusal="you may not change this field"
        )
        user_changes, profile_changes = split_changes(fields)
        return await self._people.update_account(principal.id, user_changes, profile_changes)

    async def set_avatar(self, principal: Principal, content: bytes) -> str:
        """Store a cleaned copy of the image as the avatar; returns its storage key."""
        if len(content) > MAX_AVATAR_BYTES:
            raise PayloadTooLarge("The avatar must be at most 5 MB.")
        image = await self._run_blocking(lambda: self._sanitizer.sanitize_avatar(content))
        key = f"avatars/{uuid4().hex}.{image.extension}"
        await self._storage.save(key, image.content, image.media_type)
        self._transaction.after_rollback(lambda: self._storage.delete(key))
        previous = await self._people.set_avatar(principal.id, key)
        if previous:
            self._transaction.after_commit(lambda: self._storage.delete(previous))
        return key

    async def remove_avatar(self, principal: Principal) -> None:
        previous = await self._people.set_avatar(principal.id, None)
        if previous:
            self._transaction.after_commit(lambda: self._storage.delete(previous))

    async def related_account(self, viewer: Principal, user_id: UUID) -> tuple[Account, str]:
        """A related person's account and how they relate; anyone else does not exist."""
        relation = await self._people.relation(viewer.id, user_id)
        if relation is None:
            raise NotFound("User not found.")
        return await self._people.get_account(user_id), relation
