"""What people management needs from storage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from uuid import UUID

from thebot.domain.accounts.entities import NewUser
from thebot.domain.people.entities import AccountQuery
from thebot.domain.profiles.entities import Account
from thebot.domain.shared.pagination import Page, PageRequest


class PeopleRepository(Protocol):
    async def get_account(self, user_id: UUID) -> Account:
        """The account; raises ``NotFound``."""
        ...

    async def get_accounts(self, user_ids: Iterable[UUID]) -> list[Account]:
        """The accounts that exist among ``user_ids``, in one read (missing ones are left out)."""
        ...

    async def list_accounts(self, query: AccountQuery, page: PageRequest) -> Page[Account]:
        """Accounts matching the query, built with a fixed number of statements."""
        ...

    async def create_account(self, user: NewUser, profile: Mapping[str, Any]) -> Account:
        """The user and the profile of its role, together; ``Conflict`` when the email is taken."""
        ...

    async def update_account(
        self, user_id: UUID, user_changes: Mapping[str, Any], profile_changes: Mapping[str, Any]
    ) -> Account: ...

    async def delete_account(self, user_id: UUID) -> None: ...

    async def count_active_admins(self) -> int: ...

    async def tutor_manages(self, tutor_id: UUID, user_id: UUID) -> bool:
        """True for the tutor's students, their parents, and parents the tutor created."""
        ...

    async def tutor_manages_all(self, tutor_id: UUID, user_ids: Iterable[UUID]) -> set[UUID]:
        """Those of ``user_ids`` the tutor manages (see ``tutor_manages``), in one read."""
        ...

    async def set_parent(self, student_ids: Iterable[UUID], parent_id: UUID) -> None: ...

    async def set_teacher_subjects(self, teacher_id: UUID, subject_ids: Iterable[UUID]) -> None:
        """Make exactly these the subjects the teacher teaches (others become inactive)."""
        ...

    async def existing_subjects(self, subject_ids: Iterable[UUID]) -> set[UUID]: ...

    async def set_avatar(self, user_id: UUID, key: str | None) -> str | None:
        """Store the avatar key; returns the previous one."""
        ...

    async def relation(self, viewer_id: UUID, target_id: UUID) -> str | None:
        """How ``target`` relates to ``viewer`` (``tutor``, ``parent``, ``child``, …), or None."""
        ...


class StudentLinksHook(Protocol):
    """Told, in the same transaction, when a student's tutor, parent or name changed
    (the forum re-plans that student's rooms). Wired in the composition root."""

    async def links_changed(self, student_ids: Sequence[UUID]) -> None: ...
