import httpx

from tests.factories import create_user


async def test_signed_in_user_reads_themselves(client: httpx.AsyncClient, container) -> None:
    account = await create_user(container, email="ann@example.org")
    response = await client.post(
        "/api/v1/auth/login", json={"email": "ANN@example.org", "password": account.password}
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["user"]["email"] == "ann@example.org"
