"""Payments made through the API, for payment tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.api.learning_helpers import School

PAYMENTS = "/api/v1/payments"
PRICE = "1500.00"


async def priced(school: School, key: str, price: str = PRICE, weeks: int | None = None) -> str:
    """Set the enrollment's price (as the admin does); returns the enrollment id."""
    enrollment_id = str(school.enrollments[key]["id"])
    body: dict[str, Any] = {"price_per_period": price}
    if weeks is not None:
        body["period_weeks"] = weeks
    response = await school.client.patch(
        f"/api/v1/enrollments/{enrollment_id}", json=body, headers=school["admin"].headers
    )
    assert response.status_code == 200, response.text
    return enrollment_id


async def pay(
    school: School, parent: str, enrollment_id: str, *, key: str | None = None, **body: Any
) -> Any:
    headers = dict(school[parent].headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return await school.client.post(
        PAYMENTS, json={"enrollment_id": enrollment_id, **body}, headers=headers
    )


async def started(school: School, parent: str, enrollment_id: str, **body: Any) -> dict[str, Any]:
    response = await pay(school, parent, enrollment_id, **body)
    assert response.status_code == 201, response.text
    payment: dict[str, Any] = response.json()["payment"]
    return payment


async def confirm(school: School, payment: dict[str, Any], action: str = "pay") -> Any:
    """The payer's button on the development gateway's page."""
    path = urlsplit(payment["confirmation_url"]).path
    return await school.client.post(f"{path}/{action}")


async def read(school: School, viewer: str, payment_id: str) -> Any:
    return await school.client.get(f"{PAYMENTS}/{payment_id}", headers=school[viewer].headers)


async def paid_until(school: School, enrollment_id: str) -> str | None:
    response = await school.client.get(
        f"/api/v1/enrollments/{enrollment_id}", headers=school["admin"].headers
    )
    assert response.status_code == 200, response.text
    value: str | None = response.json()["paid_until"]
    return value
