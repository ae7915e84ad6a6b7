"""Sign-in throttling: too many failures for one email, or from one address, lock sign-in."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from thebot.domain.accounts.ports import AttemptLog
from thebot.domain.shared.errors import TooManyAttempts


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    scope: str
    limit: int
    window_seconds: int


class LoginThrottle:
    """A sliding window per email and per client address.

    While a window is full, sign-in is refused before the password is even checked, so a correct
    password does not get through a lock; the lock lifts when the oldest failure leaves the window.
    """

    def __init__(self, log: AttemptLog, by_email: ThrottleRule, by_address: ThrottleRule) -> None:
        self._log = log
        self._by_email = by_email
        self._by_address = by_address

    def _keys(self, email: str, address: str | None) -> list[tuple[str, ThrottleRule]]:
        keys = [(_key(self._by_email.scope, email), self._by_email)]
        if address:
            keys.append((_key(self._by_address.scope, address), self._by_address))
        return keys

    async def check(self, email: str, address: str | None, now: float) -> None:
        """Raise ``TooManyAttempts`` while either window is full."""
        wait = 0.0
        for key, rule in self._keys(email, address):
            attempts = await self._log.recent(key, rule.window_seconds, now)
            if len(attempts) >= rule.limit:
                # The lock lasts until enough old failures have left the window.
                oldest_that_matters = attempts[len(attempts) - rule.limit]
                wait = max(wait, oldest_that_matters + rule.window_seconds - now)
        if wait > 0:
            raise TooManyAttempts(
                "Too many failed sign-in attempts. Try again later.", math.ceil(wait)
            )

    async def failed(self, email: str, address: str | None, now: float) -> None:
        for key, rule in self._keys(email, address):
            await self._log.add(key, rule.window_seconds, now)

    async def succeeded(self, email: str) -> None:
        await self._log.clear(_key(self._by_email.scope, email))


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    return f"login:{scope}:{digest}"
