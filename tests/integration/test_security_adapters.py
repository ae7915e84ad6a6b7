"""argon2id password hashing and HS256 access tokens, including forged and confused tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest

from tests.tokens import b64url, hand_made
from thebot.adapters.security import Argon2PasswordHasher, JwtAccessTokens
from thebot.domain.accounts.entities import AccessClaims
from thebot.domain.shared.errors import Unauthenticated

SECRET = "test-secret-key-long-enough-even-for-hs512-0123456789abcdefghijklmnop"
TTL = 900
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
USER_ID = UUID("0195f3c2-7b1e-7c3a-9d2e-4a1b2c3d4e5f")
SESSION_ID = UUID("0195f3c2-7b1e-7c3a-9d2e-000000000001")


# ----- passwords ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(cheap=True)


async def test_a_password_verifies_against_its_own_hash_only(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash("Correct-Horse-42")

    assert password_hash.startswith("$argon2id$")
    assert await hasher.verify(password_hash, "Correct-Horse-42") is True
    assert await hasher.verify(password_hash, "correct-horse-42") is False
    assert await hasher.verify(password_hash, "") is False
    assert await hasher.hash("Correct-Horse-42") != password_hash, "every hash has its own salt"


async def test_unicode_passwords_round_trip(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash("пароль-для-школы-2026")

    assert await hasher.verify(password_hash, "пароль-для-школы-2026") is True
    assert await hasher.verify(password_hash, "пароль-для-школы-2025") is False


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not a hash",
        "$argon2id$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$broken",
        "$2b$12$abcdefghijklmnopqrstuuJ3eXx0Ms4bp5ZW1nA8uQeJmYV0fYk6S",
        "pbkdf2_sha256$600000$salt$hash",
    ],
)
async def test_a_garbage_hash_verifies_nothing_instead_of_raising(
    hasher: Argon2PasswordHasher, garbage: str
) -> None:
    assert await hasher.verify(garbage, "Correct-Horse-42") is False


async def test_the_default_profile_is_argon2id_and_asks_to_rehash_cheap_hashes(
    hasher: Argon2PasswordHasher,
) -> None:
    default = Argon2PasswordHasher()
    strong_hash = await default.hash("Correct-Horse-42")
    cheap_hash = await hasher.hash("Correct-Horse-42")

    assert strong_hash.startswith("$argon2id$v=19$")
    assert await default.verify(strong_hash, "Correct-Horse-42") is True
    assert await default.verify(cheap_hash, "Correct-Horse-42") is True, "old hashes still work"
    assert default.needs_rehash(cheap_hash) is True
    assert default.needs_rehash(strong_hash) is False
    assert hasher.needs_rehash(cheap_hash) is False


async def test_burn_spends_a_verify_without_raising(hasher: Argon2PasswordHasher) -> None:
    await hasher.burn("Correct-Horse-42")
    await hasher.burn("anything else")


# ----- access tokens --------------------------------------------------------------------------


@pytest.fixture
def tokens() -> JwtAccessTokens:
    return JwtAccessTokens(SECRET, TTL)


def valid_claims(**changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": str(USER_ID),
        "sid": str(SESSION_ID),
        "typ": "access",
        "iss": "thebot",
        "aud": "thebot-api",
        "iat": int(NOW.timestamp()),
        "nbf": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + TTL,
        "jti": uuid4().hex,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def test_an_issued_token_verifies_to_its_user_and_session(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(USER_ID, SESSION_ID, NOW)

    claims = tokens.verify(token, NOW + timedelta(seconds=TTL - 1))

    assert claims == AccessClaims(user_id=USER_ID, session_id=SESSION_ID)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_a_token_forged_with_the_same_claims_by_pyjwt_is_accepted(tokens: JwtAccessTokens) -> None:
    # The control for every forgery below: only the changed part makes them fail.
    token = jwt.encode(valid_claims(), SECRET, algorithm="HS256")

    assert tokens.verify(token, NOW).user_id == USER_ID


def test_the_platform_clock_decides_validity_not_the_machine_clock(
    tokens: JwtAccessTokens,
) -> None:
    # A clock moved a year ahead (tests, or a machine clock behind the platform's) still works.
    future = datetime.now(UTC) + timedelta(days=365)
    token = tokens.issue(USER_ID, SESSION_ID, future)

    assert tokens.verify(token, future).session_id == SESSION_ID
    with pytest.raises(Unauthenticated):
        tokens.verify(token, future + timedelta(seconds=TTL))


def test_a_token_expires_exactly_after_its_lifetime(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(USER_ID, SESSION_ID, NOW)

    with pytest.raises(Unauthenticated, match="expired"):
        tokens.verify(token, NOW + timedelta(seconds=TTL))
    with pytest.raises(Unauthenticated, match="expired"):
        tokens.verify(token, NOW + timedelta(days=30))


def test_a_token_is_not_valid_before_it_was_issued(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(USER_ID, SESSION_ID, NOW)

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW - timedelta(seconds=1))


def test_a_tampered_signature_is_refused(tokens: JwtAccessTokens) -> None:
    head, body, signature = tokens.issue(USER_ID, SESSION_ID, NOW).split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]

    with pytest.raises(Unauthenticated):
        tokens.verify(f"{head}.{body}.{flipped}", NOW)


def test_changed_claims_under_the_old_signature_are_refused(tokens: JwtAccessTokens) -> None:
    head, _body, signature = tokens.issue(USER_ID, SESSION_ID, NOW).split(".")
    other_user = b64url(json.dumps(valid_claims(sub=str(uuid4()))).encode())

    with pytest.raises(Unauthenticated):
        tokens.verify(f"{head}.{other_user}.{signature}", NOW)


def test_a_token_signed_with_another_secret_is_refused(tokens: JwtAccessTokens) -> None:
    other = JwtAccessTokens("another-secret-key-that-is-long-enough-for-hs256-xyz", TTL)

    with pytest.raises(Unauthenticated):
        tokens.verify(other.issue(USER_ID, SESSION_ID, NOW), NOW)


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_an_unsigned_alg_none_token_is_refused(tokens: JwtAccessTokens, alg: str) -> None:
    token = hand_made({"alg": alg, "typ": "JWT"}, valid_claims(), key=None)

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW)


def test_a_token_signed_with_hs512_and_the_right_secret_is_refused(
    tokens: JwtAccessTokens,
) -> None:
    token = jwt.encode(valid_claims(), SECRET, algorithm="HS512")

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW)


@pytest.mark.parametrize("alg", ["RS256", "ES256", "PS256", "EdDSA", "HS384"])
def test_a_header_naming_another_algorithm_over_an_hmac_signature_is_refused(
    tokens: JwtAccessTokens, alg: str
) -> None:
    # Key confusion: an HMAC made with our secret, but the header claims another algorithm.
    token = hand_made({"alg": alg, "typ": "JWT"}, valid_claims(), key=SECRET.encode())

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW)


@pytest.mark.parametrize("header_key", ["jku", "jwk", "x5u"])
def test_headers_pointing_at_other_keys_are_refused(
    tokens: JwtAccessTokens, header_key: str
) -> None:
    token = jwt.encode(
        valid_claims(), SECRET, algorithm="HS256", headers={header_key: "http://127.0.0.1/k"}
    )

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"sid": None}, id="missing-sid"),
        pytest.param({"sub": None}, id="missing-sub"),
        pytest.param({"exp": None}, id="missing-exp"),
        pytest.param({"iat": None}, id="missing-iat"),
        pytest.param({"typ": None}, id="missing-typ"),
        pytest.param({"typ": "refresh"}, id="refresh-typ"),
        pytest.param({"typ": "ws-ticket"}, id="ticket-typ"),
        pytest.param({"aud": "another-api"}, id="wrong-audience"),
        pytest.param({"aud": None}, id="missing-audience"),
        pytest.param({"iss": "someone-else"}, id="wrong-issuer"),
        pytest.param({"iss": None}, id="missing-issuer"),
        pytest.param({"sub": "not-a-uuid"}, id="sub-not-uuid"),
        pytest.param({"sid": "not-a-uuid"}, id="sid-not-uuid"),
        pytest.param({"sid": 12345}, id="sid-not-string"),
        pytest.param({"exp": "tomorrow"}, id="exp-not-number"),
        pytest.param({"iat": "today"}, id="iat-not-number"),
        pytest.param({"nbf": int(NOW.timestamp()) + 60}, id="not-before-in-future"),
    ],
)
def test_tokens_with_missing_or_wrong_claims_are_refused(
    tokens: JwtAccessTokens, changes: dict[str, Any]
) -> None:
    token = jwt.encode(valid_claims(**changes), SECRET, algorithm="HS256")

    with pytest.raises(Unauthenticated):
        tokens.verify(token, NOW)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b", "a.b.c", "....", "Bearer x.y.z"])
def test_garbage_is_refused(tokens: JwtAccessTokens, garbage: str) -> None:
    with pytest.raises(Unauthenticated):
        tokens.verify(garbage, NOW)
