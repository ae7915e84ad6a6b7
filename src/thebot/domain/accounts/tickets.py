"""One-time tickets that open a WebSocket.

Browsers cannot send an ``Authorization`` header on the WebSocket handshake, and a bearer token in
a URL ends up in logs. So a signed-in user trades the access token for a ticket: random, valid for
seconds, good for one socket, bound to the user, their role and the sign-in session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from uuid import UUID

import msgspec

from thebot.domain.accounts.entities import AccessClaims, Principal, Role
from thebot.domain.accounts.ports import SessionRepository, TicketStore
from thebot.domain.shared.errors import Unauthenticated
from thebot.domain.shared.ports import Clock

TICKET_SECONDS = 30
# secrets.token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_TICKET_LENGTH = 64
REFUSED = "The ticket is unknown, used or expired: ask for a new one."
SESSION_ENDED = "The session has ended; sign in again."


class TicketClaims(msgspec.Struct, frozen=True, kw_only=True):
    """What a ticket stands for, kept in the store under the ticket's hash."""

    user_id: UUID
    role: Role
    session_id: UUID
    issued_at: datetime


def ticket_key(ticket: str) -> str:
    """The store holds hashes: whoever reads the store cannot open sockets with what is there."""
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


class SocketTickets:
    """Issues and redeems socket tickets; re-checks the session behind an open socket."""

    def __init__(
        self,
        *,
        store: TicketStore,
        sessions: SessionRepository,
        clock: Clock,
        lifetime_seconds: int = TICKET_SECONDS,
    ) -> None:
        self._store = store
        self._sessions = sessions
        self._clock = clock
        self.lifetime_seconds = lifetime_seconds

    async def issue(self, principal: Principal) -> str:
        """A fresh ticket for the principal's user and session."""
        claims = TicketClaims(
            user_id=principal.id,
            role=principal.role,
            session_id=principal.session_id,
            issued_at=self._clock.now(),
        )
        value = msgspec.json.encode(claims)
        while True:  # a collision of 256 random bits does not happen; never overwrite anyway
            ticket = secrets.token_urlsafe(32)
            if await self._store.put(ticket_key(ticket), value, self.lifetime_seconds):
                return ticket

    async def redeem(self, ticket: str) -> Principal:
        """The principal a ticket was issued to; the ticket is spent whatever the outcome.

        Raises ``Unauthenticated`` when the ticket is unknown, used or expired, or when the
        session, the user or the user's role changed since it was issued.
        """
        if not ticket or len(ticket) > MAX_TICKET_LENGTH:
            raise Unauthenticated(REFUSED)
        value = await self._store.take(ticket_key(ticket))
        if value is None:
            raise Unauthenticated(REFUSED)
        claims = msgspec.json.decode(value, type=TicketClaims)
        age = (self._clock.now() - claims.issued_at).total_seconds()
        if not 0 <= age <= self.lifetime_seconds:
            raise Unauthenticated(REFUSED)
        return await self.still_signed_in(claims.user_id, claims.session_id, claims.role)

    async def still_signed_in(self, user_id: UUID, session_id: UUID, role: Role) -> Principal:
        """The principal as it is now; ``Unauthenticated`` once the session was revoked, the
        user deactivated, their role changed or a one-time password must be replaced."""
        principal = await self._sessions.principal(
            AccessClaims(user_id=user_id, session_id=session_id)
        )
        if principal is None or principal.role is not role:
            raise Unauthenticated(SESSION_ENDED)
        if principal.user.must_change_password:
            raise Unauthenticated("Change your one-time password before using the platform.")
        return principal
