"""People management for the school office (admins) and, within their families, tutors."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT
from msgspec import UnsetType

from thebot.domain.accounts.entities import Role
from thebot.domain.audit.entities import AuditQuery
from thebot.domain.people.entities import AccountDraft, AccountQuery, SortKey
from thebot.domain.shared.pagination import DEFAULT_LIMIT, PageRequest
from thebot.entrypoints.http.deps import (
    BEARER,
    ContainerDep,
    PrincipalDep,
    UowDep,
    requires,
)
from thebot.entrypoints.http.paging import Limit, Offset
from thebot.entrypoints.http.schemas.people import (
    AccountOut,
    AccountPage,
    AuditEntryOut,
    AuditPage,
    ChildrenAssignment,
    CreatedAccountOut,
    CredentialsOut,
    FamilyCreate,
    FamilyOut,
    NewParent,
    TeacherSubjects,
    TutorAssignment,
    UserCreate,
    UserUpdate,
    given,
)

ADMIN_ONLY = [requires(Role.ADMIN)]
STAFF_ONLY = [requires(Role.ADMIN, Role.TUTOR)]


class AdminController(Controller):
    path = "/admin"
    tags = ["administration"]
    security = BEARER

    @get("/users", operation_id="listUsers", guards=STAFF_ONLY)
    async def list_users(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        role: FromQuery[Role | None] = None,
        is_active: FromQuery[bool | None] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        sort: FromQuery[SortKey] = "-created_at",
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> AccountPage:
        """Accounts, filtered and paginated (a tutor sees their students and their parents)."""
        page = await container.people_service(uow).list_accounts(
            principal,
            AccountQuery(role=role, is_active=is_active, search=q, sort=sort),
            PageRequest(limit=limit, offset=offset),
        )
        return AccountPage(
            items=[AccountOut.of(a, container.storage.url, staff_view=True) for a in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post("/users", operation_id="createUser", guards=STAFF_ONLY, status_code=HTTP_201_CREATED)
    async def create_user(
        self,
        data: JSONBody[UserCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> CreatedAccountOut:
        """Create an account of any role with its profile; the credentials are shown once."""
        draft = AccountDraft(
            role=data.role,
            fields=given(data, leave_out=("role", "password")),
            password=_password(data.password),
        )
        created = await container.people_service(uow).create(principal, draft)
        await uow.commit()
        return CreatedAccountOut.of(created, container.storage.url)

    @get("/users/{user_id:uuid}", operation_id="getUser", guards=STAFF_ONLY)
    async def get_user(
        self, user_id: FromPath[UUID], principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> AccountOut:
        """An account and its profile."""
        account = await container.people_service(uow).get(principal, user_id)
        return AccountOut.of(account, container.storage.url, staff_view=True)

    @patch("/users/{user_id:uuid}", operation_id="updateUser", guards=STAFF_ONLY)
    async def update_user(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[UserUpdate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AccountOut:
        """Change an account and its profile; fields not of its role are refused by name."""
        account = await container.people_service(uow).update(principal, user_id, given(data))
        await uow.commit()
        return AccountOut.of(account, container.storage.url, staff_view=True)

    @delete(
        "/users/{user_id:uuid}",
        operation_id="deleteUser",
        guards=ADMIN_ONLY,
        status_code=HTTP_204_NO_CONTENT,
    )
    async def delete_user(
        self,
        user_id: FromPath[UUID],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        permanent: FromQuery[bool] = False,
    ) -> None:
        """Deactivate the account (history stays); ``?permanent=true`` deletes it for good."""
        service = container.people_service(uow)
        if permanent:
            await service.delete(principal, user_id)
        else:
            await service.deactivate(principal, user_id)
        await uow.commit()

    @post(
        "/users/{user_id:uuid}/activate",
        operation_id="activateUser",
        guards=ADMIN_ONLY,
        status_code=HTTP_200_OK,
    )
    async def activate_user(
        self, user_id: FromPath[UUID], principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> AccountOut:
        """Reactivate a deactivated account."""
        account = await container.people_service(uow).activate(principal, user_id)
        await uow.commit()
        return AccountOut.of(account, container.storage.url, staff_view=True)

    @post(
        "/users/{user_id:uuid}/reset-password",
        operation_id="resetUserPassword",
        guards=STAFF_ONLY,
        status_code=HTTP_200_OK,
    )
    async def reset_password(
        self, user_id: FromPath[UUID], principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> CreatedAccountOut:
        """A new generated password, shown once; every session of the user ends."""
        reset = await container.people_service(uow).reset_password(principal, user_id)
        await uow.commit()
        return CreatedAccountOut.of(reset, container.storage.url)

    @post(
        "/families", operation_id="onboardFamily", guards=STAFF_ONLY, status_code=HTTP_201_CREATED
    )
    async def onboard_family(
        self,
        data: JSONBody[FamilyCreate],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> FamilyOut:
        """A student and their parent (new, or an existing ``parent_id``) in one transaction."""
        student = AccountDraft(
            role=Role.STUDENT,
            fields=given(data.student, leave_out=("password",)),
            password=_password(data.student.password),
        )
        parent = None
        if isinstance(data.parent, NewParent):
            parent = AccountDraft(
                role=Role.PARENT,
                fields=given(data.parent, leave_out=("password",)),
                password=_password(data.parent.password),
            )
        parent_id = data.parent_id if isinstance(data.parent_id, UUID) else None
        family = await container.people_service(uow).onboard_family(
            principal, student, parent, parent_id
        )
        await uow.commit()
        url = container.storage.url
        return FamilyOut(
            student=CreatedAccountOut.of(family.student, url),
            parent=AccountOut.of(family.parent, url, staff_view=True),
            parent_credentials=(
                CredentialsOut.of(family.parent_credentials) if family.parent_credentials else None
            ),
        )

    @post(
        "/parents/{parent_id:uuid}/children",
        operation_id="assignChildren",
        guards=STAFF_ONLY,
        status_code=HTTP_200_OK,
    )
    async def assign_children(
        self,
        parent_id: FromPath[UUID],
        data: JSONBody[ChildrenAssignment],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> list[AccountOut]:
        """Make this parent the parent of each named student."""
        students = await container.people_service(uow).assign_parent(
            principal, parent_id, data.student_ids
        )
        await uow.commit()
        return [AccountOut.of(s, container.storage.url, staff_view=True) for s in students]

    @post(
        "/students/{student_id:uuid}/tutor",
        operation_id="assignTutor",
        guards=ADMIN_ONLY,
        status_code=HTTP_200_OK,
    )
    async def assign_tutor(
        self,
        student_id: FromPath[UUID],
        data: JSONBody[TutorAssignment],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AccountOut:
        """Give the student this tutor."""
        account = await container.people_service(uow).assign_tutor(
            principal, student_id, data.tutor_id
        )
        await uow.commit()
        return AccountOut.of(account, container.storage.url, staff_view=True)

    @put(
        "/teachers/{teacher_id:uuid}/subjects", operation_id="setTeacherSubjects", guards=ADMIN_ONLY
    )
    async def set_teacher_subjects(
        self,
        teacher_id: FromPath[UUID],
        data: JSONBody[TeacherSubjects],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> AccountOut:
        """Make exactly these the subjects the teacher teaches."""
        account = await container.people_service(uow).set_teacher_subjects(
            principal, teacher_id, data.subject_ids
        )
        await uow.commit()
        return AccountOut.of(account, container.storage.url, staff_view=True)

    @get("/audit", operation_id="listAuditEntries", guards=ADMIN_ONLY)
    async def list_audit(
        self,
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
        actor_id: FromQuery[UUID | None] = None,
        target_id: FromQuery[UUID | None] = None,
        action: Annotated[str | None, QueryParameter(max_length=64)] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> AuditPage:
        """Administrative actions, newest first."""
        page = await container.people_service(uow).audit_trail(
            principal,
            AuditQuery(actor_id=actor_id, target_id=target_id, action=action),
            PageRequest(limit=limit, offset=offset),
        )
        return AuditPage(
            items=[AuditEntryOut.of(e) for e in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


def _password(value: str | UnsetType) -> str | None:
    return value if isinstance(value, str) else None
