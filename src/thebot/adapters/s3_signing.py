"""AWS Signature Version 4 for S3 requests, with the standard library only.

The platform talks to any S3-compatible store (AWS, Yandex Object Storage, MinIO, Ceph) without
boto3: each request carries ``x-amz-date``, ``x-amz-content-sha256`` (the payload's SHA-256) and an
``Authorization`` header signed over the method, path, query and headers, as in AWS's
"Signature Version 4" documentation. The same functions let a test server check a signature.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final
from urllib.parse import quote

ALGORITHM: Final = "AWS4-HMAC-SHA256"
SERVICE: Final = "s3"
EMPTY_SHA256: Final = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True, slots=True)
class Credentials:
    access_key_id: str
    secret_access_key: str = ""
    region: str = "us-east-1"
    service: str = SERVICE

    def __repr__(self) -> str:
        # The secret never reaches a log line or a traceback.
        return f"Credentials(access_key_id={self.access_key_id!r}, region={self.region!r})"


def payload_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def amz_date(moment: datetime) -> str:
    """``20130524T000000Z``: the request's time, in UTC."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uri_encode(value: str, *, keep_slash: bool = False) -> str:
    """S3's encoding: everything but ``A-Z a-z 0-9 - _ . ~`` (and ``/`` in paths) as ``%XX``."""
    return quote(value, safe="-_.~/" if keep_slash else "-_.~")


def canonical_query(query: Iterable[tuple[str, str]]) -> str:
    pairs = sorted((uri_encode(name), uri_encode(value)) for name, value in query)
    return "&".join(f"{name}={value}" for name, value in pairs)


def signed_header_names(headers: Mapping[str, str]) -> str:
    return ";".join(sorted(name.lower() for name in headers))


def canonical_request(
    method: str,
    canonical_uri: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    content_sha256: str,
) -> str:
    """The request as AWS signs it; ``canonical_uri`` is the path already URI-encoded."""
    lines = sorted((name.lower(), " ".join(value.split())) for name, value in headers.items())
    return "\n".join(
        [
            method.upper(),
            canonical_uri or "/",
            canonical_query(query),
            "".join(f"{name}:{value}\n" for name, value in lines),
            signed_header_names(headers),
            content_sha256,
        ]
    )


def credential_scope(credentials: Credentials, timestamp: str) -> str:
    return f"{timestamp[:8]}/{credentials.region}/{credentials.service}/aws4_request"


def string_to_sign(credentials: Credentials, timestamp: str, request: str) -> str:
    digest = hashlib.sha256(request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{timestamp}\n{credential_scope(credentials, timestamp)}\n{digest}"


def signing_key(credentials: Credentials, day: str) -> bytes:
    key = _hmac(f"AWS4{credentials.secret_access_key}".encode(), day)
    for part in (credentials.region, credentials.service, "aws4_request"):
        key = _hmac(key, part)
    return key


def signature(credentials: Credentials, timestamp: str, request: str) -> str:
    key = signing_key(credentials, timestamp[:8])
    text = string_to_sign(credentials, timestamp, request)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(
    credentials: Credentials,
    method: str,
    canonical_uri: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    content_sha256: str,
) -> str:
    """The ``Authorization`` header over ``headers`` (which must hold ``x-amz-date``)."""
    timestamp = _header(headers, "x-amz-date")
    request = canonical_request(method, canonical_uri, query, headers, content_sha256)
    return (
        f"{ALGORITHM} Credential={credentials.access_key_id}/"
        f"{credential_scope(credentials, timestamp)},"
        f"SignedHeaders={signed_header_names(headers)},"
        f"Signature={signature(credentials, timestamp, request)}"
    )


def signed_headers(
    credentials: Credentials,
    method: str,
    host: str,
    canonical_uri: str,
    content: bytes,
    moment: datetime,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every header a request needs, signed: ``host``, the ``x-amz-*`` pair and ``extra``."""
    content_sha256 = payload_hash(content)
    headers = {
        "host": host,
        "x-amz-content-sha256": content_sha256,
        "x-amz-date": amz_date(moment),
        **{name.lower(): value for name, value in (extra or {}).items()},
    }
    headers["authorization"] = authorization(
        credentials, method, canonical_uri, (), headers, content_sha256
    )
    return headers


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise ValueError(f"the signed headers need {name}")


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
