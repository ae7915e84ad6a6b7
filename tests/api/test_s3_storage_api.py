"""Files through the API with the container on S3 storage (the fake S3): nothing touches disk.

Avatars land in the bucket and browsers fetch them from the public address; material files land
in the bucket and come back only through their access-checked route; a failing store answers 503.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.api.helpers import assert_problem
from tests.api.images import picture
from tests.api.learning_helpers import School, build_school
from tests.api.material_helpers import MATERIALS, publish
from tests.fakes.s3 import ACCESS_KEY_ID, BUCKET, REGION, SECRET_ACCESS_KEY, FakeS3
from thebot.adapters.s3 import S3FileStorage
from thebot.adapters.storage import LocalFileStorage
from thebot.bootstrap import Container, build_container
from thebot.config import Settings, SettingsError

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeS3]:
    # The bucket is public-read, as avatars need: browsers fetch them without signatures.
    with FakeS3(public_buckets=(BUCKET,)) as fake:
        yield fake


def s3_settings(fake: FakeS3) -> dict[str, Any]:
    return {
        "s3_endpoint_url": fake.endpoint_url,
        "s3_bucket": BUCKET,
        "s3_region": REGION,
        "s3_access_key_id": ACCESS_KEY_ID,
        "s3_secret_access_key": SECRET_ACCESS_KEY,
        "s3_public_url": f"{fake.endpoint_url}/{BUCKET}",
    }


@pytest.fixture
def settings(make_settings: Callable[..., Settings], fake: FakeS3) -> Settings:
    fake.reset()
    return make_settings(**s3_settings(fake))


@pytest.fixture
async def school(client: httpx.AsyncClient, container: Container) -> School:
    return await build_school(client, container)


def files_on_disk(settings: Settings) -> list[Path]:
    return [p for p in settings.data_path.rglob("*") if p.is_file() and "sqlite" not in p.name]


async def test_an_avatar_lands_in_the_bucket_and_is_fetched_from_its_public_address(
    school: School, fake: FakeS3, settings: Settings, container: Container
) -> None:
    assert isinstance(container.storage, S3FileStorage)

    response = await school.client.put(
        "/api/v1/profile/avatar",
        files={"file": ("me.jpg", picture(), "image/jpeg")},
        headers=school["ann"].headers,
    )

    assert response.status_code == 200, response.text
    url = response.json()["avatar_url"]
    assert url.startswith(f"{fake.endpoint_url}/{BUCKET}/avatars/")
    key = url.removeprefix(f"{fake.endpoint_url}/{BUCKET}/")
    assert list(fake.objects()) == [key]
    assert fake.objects()[key].content_type == "image/webp"
    async with httpx.AsyncClient() as browser:
        served = await browser.get(url)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(served.content)).format == "WEBP"
    profile = await school.client.get("/api/v1/profile", headers=school["ann"].headers)
    assert profile.json()["user"]["avatar_url"] == url
    config = await school.client.get("/api/v1/config")
    assert config.json()["media_base_url"] == f"{fake.endpoint_url}/{BUCKET}"
    assert files_on_disk(settings) == []
    assert not (settings.media_path / "avatars").exists(), "no local avatar folder is served"


async def test_a_material_file_lands_in_the_bucket_and_is_served_only_to_its_readers(
    school: School, fake: FakeS3, settings: Settings
) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann",), status="active")
    file_url = f"{MATERIALS}/{material['id']}/file"

    uploaded = await school.client.put(
        file_url,
        files={"file": ("Chapter 1.pdf", PDF, "application/pdf")},
        headers=school["teo"].headers,
    )

    assert uploaded.status_code == 200, uploaded.text
    [(key, stored)] = fake.objects().items()
    assert key.startswith("materials/")
    assert stored == (PDF, "application/pdf")
    served = await school.client.get(file_url, headers=school["ann"].headers)
    assert served.status_code == 200
    assert served.content == PDF
    refused = await school.client.get(file_url, headers=school["bob"].headers)
    assert refused.status_code == 404
    assert files_on_disk(settings) == []


async def test_a_store_that_fails_answers_503_and_keeps_no_record_of_the_file(
    school: School, fake: FakeS3
) -> None:
    material = await publish(school, "teo", "Mathematics", ("ann",), status="active")
    file_url = f"{MATERIALS}/{material['id']}/file"
    fake.fail_next(1, status=503)

    response = await school.client.put(
        file_url,
        files={"file": ("notes.pdf", PDF, "application/pdf")},
        headers=school["teo"].headers,
    )

    assert_problem(response, 503)
    assert response.headers["retry-after"] == "60"
    assert "SlowDown" not in response.text, "the store's answer is logged, not shown"
    assert fake.objects() == {}
    download = await school.client.get(file_url, headers=school["ann"].headers)
    assert download.status_code == 404


async def test_without_an_endpoint_the_container_keeps_the_local_folder(
    make_settings: Callable[..., Settings],
) -> None:
    container = build_container(make_settings())
    try:
        assert isinstance(container.storage, LocalFileStorage)
        assert container.settings.urls.media_base == "http://127.0.0.1:8000/media"
    finally:
        await container.close()


def test_an_endpoint_without_its_bucket_and_keys_is_refused(fake: FakeS3) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"THEBOT_S3_ENDPOINT_URL": fake.endpoint_url}, env_file=None)

    assert refused.value.problems == [
        "S3 is half-configured: THEBOT_S3_ENDPOINT_URL needs THEBOT_S3_BUCKET, "
        "THEBOT_S3_ACCESS_KEY_ID, THEBOT_S3_SECRET_ACCESS_KEY, THEBOT_S3_PUBLIC_URL"
    ]


def test_production_refuses_a_loopback_public_media_address_but_not_an_internal_endpoint(
    fake: FakeS3,
) -> None:
    production = {
        "THEBOT_ENV": "production",
        "THEBOT_DATABASE_URL": "postgresql+asyncpg://thebot@db.internal/thebot",
        "THEBOT_REDIS_URL": "redis://redis.internal:6379/0",
        "THEBOT_PUBLIC_URL": "https://school.example.org",
        "THEBOT_SECRET_KEY": "k3J9x-production-secret-of-enough-length-0042",
        "THEBOT_YOOKASSA_SHOP_ID": "123456",
        "THEBOT_YOOKASSA_SECRET_KEY": "live_not_a_real_key",
        **{f"THEBOT_{name.upper()}": value for name, value in s3_settings(fake).items()},
    }
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(production, env_file=None)

    assert refused.value.problems == [
        "THEBOT_S3_PUBLIC_URL must use https in production",
        "THEBOT_S3_PUBLIC_URL points at localhost/loopback in production",
    ]
    accepted = Settings.from_env(
        {**production, "THEBOT_S3_PUBLIC_URL": "https://media.example.org/thebot"}, env_file=None
    )
    assert accepted.urls.media_base == "https://media.example.org/thebot"
    assert accepted.masked()["s3_secret_access_key"] == "********"
