"""Sign-in, token refresh, sign-out, the signed-in user, password change."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from thebot.domain.accounts.services import RefreshTokenReused, SignInContext
from thebot.entrypoints.http.controllers.profile import STAFF_VIEWERS
from thebot.entrypoints.http.deps import (
    BEARER,
    BEFORE_PASSWORD_CHANGE,
    PUBLIC,
    ContainerDep,
    PrincipalDep,
    UowDep,
    client_address,
)
from thebot.entrypoints.http.schemas.accounts import (
    LoginRequest,
    PasswordChangeRequest,
    RefreshRequest,
    TokenResponse,
)
from thebot.entrypoints.http.schemas.people import AccountOut


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/login", operation_id="login", opt=PUBLIC, status_code=HTTP_200_OK)
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        container: ContainerDep,
        uow: UowDep,
    ) -> TokenResponse:
        """Exchange email and password for an access token and a refresh token."""
        context = SignInContext(
            address=client_address(request), user_agent=request.headers.get("user-agent")
        )
        pair = await container.auth_service(uow).login(data.email, data.password, context)
        await uow.commit()
        return TokenResponse.of(pair, container.storage.url)

    @post("/refresh", operation_id="refreshTokens", opt=PUBLIC, status_code=HTTP_200_OK)
    async def refresh(
        self, data: JSONBody[RefreshRequest], container: ContainerDep, uow: UowDep
    ) -> TokenResponse:
        """Rotate a refresh token: the old one stops working; reusing it ends the sign-in."""
        try:
            pair = await container.auth_service(uow).refresh(data.refresh_token)
        except RefreshTokenReused:
            await uow.commit()  # the revocation must stand although the request fails
            raise
        await uow.commit()
        return TokenResponse.of(pair, container.storage.url)

    @post(
        "/logout",
        operation_id="logout",
        security=BEARER,
        opt=BEFORE_PASSWORD_CHANGE,
        status_code=HTTP_204_NO_CONTENT,
    )
    async def logout(self, principal: PrincipalDep, container: ContainerDep, uow: UowDep) -> None:
        """End this sign-in: its refresh and access tokens stop working."""
        await container.auth_service(uow).logout(principal)
        await uow.commit()

    @get("/me", operation_id="getMe", security=BEARER, opt=BEFORE_PASSWORD_CHANGE)
    async def me(self, principal: PrincipalDep, container: ContainerDep, uow: UowDep) -> AccountOut:
        """The signed-in user with the profile of their role."""
        account = await container.profile_service(uow).get_own(principal)
        return AccountOut.of(
            account, container.storage.url, staff_view=principal.role in STAFF_VIEWERS
        )

    @post(
        "/password",
        operation_id="changePassword",
        security=BEARER,
        opt=BEFORE_PASSWORD_CHANGE,
        status_code=HTTP_204_NO_CONTENT,
    )
    async def change_password(
        self,
        data: JSONBody[PasswordChangeRequest],
        principal: PrincipalDep,
        container: ContainerDep,
        uow: UowDep,
    ) -> None:
        """Change one's password; every other session of the account ends."""
        await container.auth_service(uow).change_password(
            principal, data.current_password, data.new_password
        )
        await uow.commit()
