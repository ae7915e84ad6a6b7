"""S3FileStorage against the fake S3 over real HTTP on 127.0.0.1, and its SigV4 signing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.fakes.s3 import ACCESS_KEY_ID, BUCKET, REGION, SECRET_ACCESS_KEY, FakeS3
from thebot.adapters.s3 import S3FileStorage, StorageUnavailable
from thebot.adapters.s3_signing import (
    Credentials,
    authorization,
    payload_hash,
    signed_headers,
    uri_encode,
)
from thebot.adapters.storage import InvalidStorageKey
from thebot.domain.shared.errors import NotFound, ProviderUnavailable

PUBLIC = "https://media.school.test/thebot-media"
KEY = "avatars/0195f3c2-7b1e-7c3a-9d2e-4a1b2c3d4e5f.webp"
# The example credentials of AWS's "Signature Version 4" S3 examples.
AWS_EXAMPLE = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
AWS_HOST = "examplebucket.s3.amazonaws.com"
AWS_DATE = "20130524T000000Z"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeS3]:
    with FakeS3() as server:
        yield server


@pytest.fixture
def fake(server: FakeS3) -> FakeS3:
    server.reset()
    return server


def storage_for(
    fake: FakeS3,
    *,
    key_id: str = ACCESS_KEY_ID,
    secret: str = SECRET_ACCESS_KEY,
    bucket: str = BUCKET,
    timeout: float = 5.0,
) -> S3FileStorage:
    return S3FileStorage(
        endpoint_url=fake.endpoint_url,
        bucket=bucket,
        credentials=Credentials(key_id, secret, REGION),
        public_base_url=PUBLIC + "/",
        timeout=timeout,
    )


@pytest.fixture
async def storage(fake: FakeS3) -> AsyncIterator[S3FileStorage]:
    storage = storage_for(fake)
    yield storage
    await storage.close()


async def test_a_saved_file_is_read_back_checked_and_deleted_in_the_bucket(
    storage: S3FileStorage, fake: FakeS3
) -> None:
    assert await storage.exists(KEY) is False

    await storage.save(KEY, b"RIFF fake webp", "image/webp")

    assert fake.objects()[KEY].content == b"RIFF fake webp"
    assert fake.objects()[KEY].content_type == "image/webp"
    assert await storage.exists(KEY) is True
    assert await storage.read(KEY) == b"RIFF fake webp"
    await storage.delete(KEY)
    assert fake.objects() == {}
    assert await storage.exists(KEY) is False
    assert [(method, status) for method, _, status in fake.requests] == [
        ("HEAD", 404),
        ("PUT", 200),
        ("HEAD", 200),
        ("GET", 200),
        ("DELETE", 204),
        ("HEAD", 404),
    ]
    assert {path for _, path, _ in fake.requests} == {f"/{BUCKET}/{KEY}"}


@pytest.mark.parametrize("size", [0, 1, 256 * 1024 + 7])
async def test_binary_content_of_any_size_comes_back_byte_for_byte(
    storage: S3FileStorage, fake: FakeS3, size: int
) -> None:
    content = bytes(n % 256 for n in range(size))

    await storage.save("materials/2025/notes.bin", content, "application/octet-stream")

    assert await storage.read("materials/2025/notes.bin") == content
    assert fake.objects()["materials/2025/notes.bin"].content == content


async def test_saving_again_replaces_the_content(storage: S3FileStorage) -> None:
    await storage.save("materials/lesson-1/notes.pdf", b"first", "application/pdf")
    await storage.save("materials/lesson-1/notes.pdf", b"second", "application/pdf")

    assert await storage.read("materials/lesson-1/notes.pdf") == b"second"


async def test_a_missing_key_reads_as_not_found_and_deleting_it_is_no_error(
    storage: S3FileStorage, fake: FakeS3
) -> None:
    with pytest.raises(NotFound):
        await storage.read("materials/lesson-1/gone.pdf")

    await storage.delete("materials/lesson-1/gone.pdf")

    assert [status for _, _, status in fake.requests] == [404, 204]


def test_the_url_of_a_file_is_the_public_base_and_the_key(storage: S3FileStorage) -> None:
    assert storage.url(KEY) == f"{PUBLIC}/{KEY}"


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "avatars/../../secret",
        "avatars/..",
        "/avatars/a.webp",
        "avatars",
        "avatars/.hidden",
        "avatars/a b.webp",
        "avatars/a.webp\n",
        "avatars/a.webp?x=1",
        "Avatars/a.webp",
        "",
    ],
)
async def test_a_key_the_platform_never_makes_is_refused_before_any_request(
    storage: S3FileStorage, fake: FakeS3, key: str
) -> None:
    with pytest.raises(InvalidStorageKey):
        await storage.save(key, b"x", "text/plain")
    with pytest.raises(InvalidStorageKey):
        await storage.read(key)
    with pytest.raises(InvalidStorageKey):
        await storage.delete(key)
    with pytest.raises(InvalidStorageKey):
        await storage.exists(key)
    with pytest.raises(InvalidStorageKey):
        storage.url(key)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("key_id", "secret", "code"),
    [
        (ACCESS_KEY_ID, "a-wrong-secret", "SignatureDoesNotMatch"),
        ("AKIDUNKNOWN", SECRET_ACCESS_KEY, "InvalidAccessKeyId"),
    ],
)
async def test_wrong_credentials_are_refused_by_the_store_and_raise_storage_unavailable(
    fake: FakeS3, key_id: str, secret: str, code: str
) -> None:
    storage = storage_for(fake, key_id=key_id, secret=secret)
    try:
        with pytest.raises(StorageUnavailable) as refused:
            await storage.save(KEY, b"content", "image/webp")
        with pytest.raises(StorageUnavailable):
            await storage.read(KEY)
    finally:
        await storage.close()

    assert isinstance(refused.value, ProviderUnavailable), "the HTTP edge answers 503"
    assert refused.value.reason == f"PUT {KEY}: answered 403 {code}"
    assert SECRET_ACCESS_KEY not in str(refused.value)
    assert fake.objects() == {}
    assert [status for _, _, status in fake.requests] == [403, 403]


async def test_the_fake_refuses_a_request_changed_after_it_was_signed(fake: FakeS3) -> None:
    credentials = fake.credentials
    host = fake.endpoint_url.removeprefix("http://")
    now = datetime.now(UTC)
    signed = signed_headers(credentials, "PUT", host, f"/{BUCKET}/{KEY}", b"good", now)
    async with httpx.AsyncClient(base_url=fake.endpoint_url) as client:
        other_key = await client.put(
            f"/{BUCKET}/avatars/other.webp", content=b"good", headers=signed
        )
        other_body = await client.put(f"/{BUCKET}/{KEY}", content=b"evil", headers=signed)
        unsigned = await client.get(f"/{BUCKET}/{KEY}")
        genuine = await client.put(f"/{BUCKET}/{KEY}", content=b"good", headers=signed)

    assert other_key.status_code == 403
    assert other_key.headers["content-type"] == "application/xml"
    assert b"<Code>SignatureDoesNotMatch</Code>" in other_key.content
    assert other_body.status_code == 400
    assert b"<Code>XAmzContentSHA256Mismatch</Code>" in other_body.content
    assert unsigned.status_code == 403
    assert b"<Code>AccessDenied</Code>" in unsigned.content
    assert genuine.status_code == 200
    assert fake.objects() == {KEY: (b"good", "binary/octet-stream")}


@pytest.mark.parametrize(
    ("method", "path", "query", "extra", "body", "expected"),
    [
        (
            "GET",
            "/test.txt",
            [],
            {"range": "bytes=0-9"},
            b"",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        ),
        (
            "PUT",
            "/" + uri_encode("test$file.text", keep_slash=True),
            [],
            {"date": "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY"},
            b"Welcome to Amazon S3.",
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        ),
        (
            "GET",
            "/",
            [("max-keys", "2"), ("prefix", "J")],
            {},
            b"",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
        ),
    ],
    ids=["get-object", "put-object", "list-objects"],
)
def test_signatures_match_the_examples_in_awss_signature_v4_documentation(
    method: str,
    path: str,
    query: list[tuple[str, str]],
    extra: dict[str, str],
    body: bytes,
    expected: str,
) -> None:
    content_sha256 = payload_hash(body)
    headers = {"host": AWS_HOST, "x-amz-content-sha256": content_sha256, "x-amz-date": AWS_DATE}

    header = authorization(AWS_EXAMPLE, method, path, query, {**headers, **extra}, content_sha256)

    assert header.startswith(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
    )
    assert header.endswith(f",Signature={expected}")


async def test_a_5xx_from_the_store_raises_storage_unavailable(
    storage: S3FileStorage, fake: FakeS3
) -> None:
    fake.fail_next(1, status=503)

    with pytest.raises(StorageUnavailable) as failed:
        await storage.save(KEY, b"content", "image/webp")

    assert failed.value.reason == f"PUT {KEY}: answered 503 SlowDown"
    await storage.save(KEY, b"content", "image/webp")
    assert await storage.read(KEY) == b"content"


async def test_a_store_that_does_not_answer_in_time_raises_storage_unavailable(
    fake: FakeS3,
) -> None:
    storage = storage_for(fake, timeout=0.5)
    fake.hang_next(1, seconds=3)
    try:
        with pytest.raises(StorageUnavailable) as failed:
            await storage.read(KEY)
    finally:
        await storage.close()

    assert failed.value.reason == f"GET {KEY}: no answer (TimeoutError)"


async def test_a_store_that_is_down_or_a_missing_bucket_raises_storage_unavailable() -> None:
    with FakeS3() as fake:
        storage = storage_for(fake, bucket="no-such-bucket")
        try:
            with pytest.raises(StorageUnavailable) as missing:
                await storage.read(KEY)
            fake.stop()
            with pytest.raises(StorageUnavailable) as down:
                await storage.exists(KEY)
        finally:
            await storage.close()

    assert missing.value.reason == f"GET {KEY}: answered 404 NoSuchBucket"
    assert down.value.reason == f"HEAD {KEY}: no answer (ConnectError)"
