"""Password hashing (argon2id) and access tokens (JWT, HS256)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import anyio.to_thread
import jwt
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from thebot.domain.accounts.entities import AccessClaims
from thebot.domain.shared.errors import Unauthenticated

ALGORITHM = "HS256"
ISSUER = "thebot"
AUDIENCE = "thebot-api"
ACCESS_TYPE = "access"


class Argon2PasswordHasher:
    """argon2id with the RFC 9106 low-memory profile; hashing runs off the event loop."""

    def __init__(self, *, cheap: bool = False) -> None:
        # The cheapest profile exists only so that test suites do not spend minutes hashing.
        profile = profiles.CHEAPEST if cheap else profiles.RFC_9106_LOW_MEMORY
        self._hasher = PasswordHasher.from_parameters(profile)
        self._decoy: str | None = None

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await anyio.to_thread.run_sync(self._verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    async def burn(self, password: str) -> None:
        if self._decoy is None:
            self._decoy = await self.hash(uuid4().hex)
        await self.verify(self._decoy, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


class JwtAccessTokens:
    """Short-lived signed tokens naming the user and the sign-in session they belong to."""

    def __init__(self, secret_key: str, ttl_seconds: int) -> None:
        self._key = secret_key
        self._ttl = ttl_seconds

    def issue(self, user_id: UUID, session_id: UUID, now: datetime) -> str:
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "typ": ACCESS_TYPE,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=self._ttl)).timestamp()),
            "jti": uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def verify(self, token: str, now: datetime) -> AccessClaims:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != ALGORITHM or any(k in header for k in ("jku", "jwk", "x5u")):
                raise Unauthenticated("The access token is invalid.")
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={
                    "require": ["exp", "iat", "sub", "sid", "typ"],
                    # Time is checked below against the platform's clock, not the machine's
                    # (PyJWT would use the machine's for these), so tests can move it.
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated("The access token is invalid.") from exc
        try:
            expires = int(claims["exp"])
            not_before = max(int(claims["iat"]), int(claims.get("nbf", claims["iat"])))
            if claims.get("typ") != ACCESS_TYPE:
                raise Unauthenticated("The access token is invalid.")
            access = AccessClaims(user_id=UUID(claims["sub"]), session_id=UUID(claims["sid"]))
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise Unauthenticated("The access token is invalid.") from exc
        current = int(now.timestamp())
        if expires <= current:
            raise Unauthenticated("The access token has expired.")
        if not_before > current:
            raise Unauthenticated("The access token is not valid yet.")
        return access
