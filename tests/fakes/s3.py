"""A local S3: Put/Get/Head/DeleteObject on path-style URLs, over real HTTP, signatures checked.

It follows the S3 REST contract for ``{endpoint}/{bucket}/{key}``: PUT answers 200 with an
``ETag``; GET answers the bytes with their ``Content-Type``, or 404 ``NoSuchKey``; HEAD answers
200 or a bare 404; DELETE answers 204 whether the key existed or not; an unknown bucket is 404
``NoSuchBucket``. Every request must carry a valid AWS Signature V4 made with the known test
credentials: a missing one is 403 ``AccessDenied``, an unknown key id 403 ``InvalidAccessKeyId``,
a wrong signature 403 ``SignatureDoesNotMatch``, a body that does not match its
``x-amz-content-sha256`` 400 ``XAmzContentSHA256Mismatch``, a clock off by more than 15 minutes
403 ``RequestTimeTooSkewed``. A public bucket (as with a public-read bucket policy) also answers
anonymous GET and HEAD, as browsers fetch avatars. Errors are S3's XML ``<Error>`` documents.
Faults, each for the next N requests: a 5xx (503 ``SlowDown``) or a hang longer than the
client's timeout.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote

from tests.fakes.server import FakeService, read_body
from thebot.adapters.s3_signing import ALGORITHM, Credentials, canonical_request, signature

ACCESS_KEY_ID = "AKIDTHEBOTTESTEXAMPLE"
SECRET_ACCESS_KEY = "test-s3-secret-access-key-not-a-real-one"
REGION = "ru-central1"
BUCKET = "thebot-media"
MAX_SKEW = timedelta(minutes=15)

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class StoredObject(NamedTuple):
    content: bytes
    content_type: str


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


def error(status: int, code: str, message: str, resource: str = "") -> Answer:
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        f"<Resource>{resource}</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>"
    )
    return Answer(status, {"content-type": "application/xml"}, document.encode())


class FakeS3(FakeService):
    def __init__(
        self,
        *,
        buckets: Iterable[str] = (BUCKET,),
        public_buckets: Iterable[str] = (),
        access_key_id: str = ACCESS_KEY_ID,
        secret_access_key: str = SECRET_ACCESS_KEY,
        region: str = REGION,
    ) -> None:
        super().__init__("the fake S3")
        self.buckets: dict[str, dict[str, StoredObject]] = {name: {} for name in buckets}
        self.public_buckets = frozenset(public_buckets)
        self.credentials = Credentials(access_key_id, secret_access_key, region)
        self.requests: list[tuple[str, str, int]] = []

    # ----- control ------------------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._http.port}"

    def objects(self, bucket: str = BUCKET) -> dict[str, StoredObject]:
        with self._lock:
            return dict(self.buckets[bucket])

    def reset(self) -> None:
        """Empty buckets, no requests seen, no faults pending: a server shared by many tests."""
        with self._lock:
            for bucket in self.buckets.values():
                bucket.clear()
            self.requests.clear()
            self._faults.clear()

    def fail_next(self, count: int, status: int = 503) -> None:
        self._add_faults(count, "fail", status)

    def hang_next(self, count: int, seconds: float) -> None:
        self._add_faults(count, "hang", seconds)

    # ----- the HTTP side ------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = await read_body(receive)
        method = scope["method"]
        raw_path = scope.get("raw_path") or scope["path"].encode()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        if fault is not None and fault[0] == "hang":
            await asyncio.sleep(fault[1])
        if fault is not None and fault[0] == "fail":
            answer = error(int(fault[1]), "SlowDown", "Please reduce your request rate.")
        else:
            answer = self._answer(method, raw_path.decode("ascii"), query, headers, body)
        with self._lock:
            self.requests.append((method, scope["path"], answer.status))
        payload = b"" if method == "HEAD" else answer.body
        response_headers = [(k.encode(), v.encode()) for k, v in answer.headers.items()]
        response_headers.append((b"content-length", str(len(answer.body)).encode()))
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": response_headers}
        )
        await send({"type": "http.response.body", "body": payload})

    def _answer(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
    ) -> Answer:
        bucket_name, _, key = unquote(path).lstrip("/").partition("/")
        anonymous = "authorization" not in headers and method in ("GET", "HEAD")
        if not (anonymous and bucket_name in self.public_buckets):
            refused = self._check_signature(method, path, query, headers, body)
            if refused is not None:
                return refused
        with self._lock:
            bucket = self.buckets.get(bucket_name)
            if bucket is None:
                return error(404, "NoSuchBucket", "The specified bucket does not exist.", path)
            if not key:
                return error(405, "MethodNotAllowed", "Only object operations are faked.", path)
            return self._object(method, bucket, key, headers, body, path)

    def _object(
        self,
        method: str,
        bucket: dict[str, StoredObject],
        key: str,
        headers: dict[str, str],
        body: bytes,
        path: str,
    ) -> Answer:
        if method == "PUT":
            content_type = headers.get("content-type", "binary/octet-stream")
            bucket[key] = StoredObject(body, content_type)
            return Answer(200, {"etag": _etag(body)}, b"")
        if method == "DELETE":
            bucket.pop(key, None)
            return Answer(204, {}, b"")
        if method not in ("GET", "HEAD"):
            return error(405, "MethodNotAllowed", "The method is not allowed.", path)
        stored = bucket.get(key)
        if stored is None:
            return error(404, "NoSuchKey", "The specified key does not exist.", path)
        found = {"content-type": stored.content_type, "etag": _etag(stored.content)}
        return Answer(200, found, stored.content)

    def _check_signature(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
    ) -> Answer | None:
        """S3's checks, in S3's order; None when the request is signed by the known key."""
        given = headers.get("authorization", "")
        if not given.startswith(ALGORITHM + " "):
            return error(403, "AccessDenied", "Access Denied", path)
        fields = dict(
            part.strip().partition("=")[::2] for part in given[len(ALGORITHM) :].split(",")
        )
        scope = fields.get("Credential", "").split("/")
        names = fields.get("SignedHeaders", "").split(";")
        if len(scope) != 5 or scope[4] != "aws4_request" or scope[3] != "s3":
            return error(400, "AuthorizationHeaderMalformed", "The header is malformed.", path)
        if scope[0] != self.credentials.access_key_id:
            return error(403, "InvalidAccessKeyId", "The access key Id does not exist.", path)
        if scope[2] != self.credentials.region:
            return error(400, "AuthorizationHeaderMalformed", "The region is wrong.", path)
        if "host" not in names or any(n not in headers for n in names):
            return error(403, "AccessDenied", "Host and every signed header are required.", path)
        if any(n.startswith("x-amz-") and n not in names for n in headers):
            return error(403, "AccessDenied", "Every x-amz- header must be signed.", path)
        content_sha256 = headers.get("x-amz-content-sha256", "")
        if content_sha256 != hashlib.sha256(body).hexdigest():
            return error(400, "XAmzContentSHA256Mismatch", "The body does not match.", path)
        timestamp = headers.get("x-amz-date", "")
        try:
            moment = datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return error(403, "AccessDenied", "x-amz-date is required.", path)
        if abs(datetime.now(UTC) - moment) > MAX_SKEW or scope[1] != timestamp[:8]:
            return error(403, "RequestTimeTooSkewed", "The request time is too skewed.", path)
        signed = {name: headers[name] for name in names}
        request = canonical_request(method, path, query, signed, content_sha256)
        expected = signature(self.credentials, timestamp, request)
        if not hmac.compare_digest(expected, fields.get("Signature", "")):
            return error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
                path,
            )
        return None


def _etag(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'
