"""The school the sweep calls into: the demo school, every caller signed in, and the id of one
object of each kind that belongs to family A (Masha and Petya Ivanov, parent Olga, tutor Elena,
Masha's mathematics teacher Anna).

Family B (Emily and Jack Taylor, parent Sarah, tutor James) and a teacher who does not teach
Masha (Dmitry) are the "other" callers: for them every object here is someone else's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse
from uuid import UUID

import httpx
from PIL import Image
from sqlalchemy import select

from tests.api.helpers import bearer, sign_in
from thebot.adapters.db import models as m
from thebot.bootstrap import Container
from thebot.entrypoints.seeds import demo_school as plan
from thebot.entrypoints.seeds.demo import seed_demo

ANONYMOUS = "anonymous"
# Who calls: the role's person in family A's circle, then the same role outside it.
CALLERS: dict[str, str | None] = {
    ANONYMOUS: None,
    "admin": plan.ADMIN,
    "teacher": "anna.smirnova",
    "tutor": "elena.kuznetsova",
    "student": "masha.ivanova",
    "parent": "olga.ivanova",
    "other teacher": "dmitry.volkov",
    "other tutor": "james.wilson",
    "other student": "emily.taylor",
    "other parent": "sarah.taylor",
}
ROLES = ("admin", "teacher", "tutor", "student", "parent")
OTHERS = ("other teacher", "other tutor", "other student", "other parent")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 90, 200)).save(output, "PNG")
    return output.getvalue()


@dataclass
class World:
    """What the sweep needs: a client, each caller's headers, ids by name, the clock's now."""

    client: httpx.AsyncClient
    container: Container
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    users: dict[str, UUID] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def id(self, name: str) -> str:
        return str(self.ids[name])

    def at(self, days: int, hour: int) -> str:
        """An ISO time ``days`` from the clock's today, at ``hour`` in the school's zone."""
        zone = self.container.settings.zone
        today = self.container.clock.now().astimezone(zone).date()
        moment = datetime(today.year, today.month, today.day, hour, tzinfo=zone)
        return (moment + timedelta(days=days)).isoformat()

    def monday(self, weeks: int) -> str:
        """The Monday ``weeks`` after this week's, as an ISO date."""
        zone = self.container.settings.zone
        today = self.container.clock.now().astimezone(zone).date()
        return (today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)).isoformat()


async def build_world(client: httpx.AsyncClient, container: Container) -> World:
    await seed_demo(container)
    world = World(client=client, container=container)
    world.headers[ANONYMOUS] = {}
    for caller, key in CALLERS.items():
        if key is not None:
            body = await sign_in(client, plan.email(key), plan.PASSWORD)
            world.headers[caller] = bearer(body["access_token"])
            world.users[caller] = UUID(body["user"]["id"])
    await _find_demo_objects(world)
    await _make_more_objects(world)
    return world


async def _find_demo_objects(world: World) -> None:
    async with world.container.unit_of_work(read_only=True) as uow:
        s = uow.session

        async def one(statement: Any) -> Any:
            return (await s.execute(statement.limit(1))).scalar_one()

        users = {row.email: row.id for row in (await s.execute(select(m.UserModel))).scalars()}
        subjects = {row.name: row.id for row in (await s.execute(select(m.SubjectModel))).scalars()}
        masha = users[plan.email("masha.ivanova")]
        anna = users[plan.email("anna.smirnova")]
        math = subjects["Mathematics"]
        ids = world.ids
        ids.update(masha=masha, petya=users[plan.email("petya.ivanov")], anna=anna)
        ids.update(olga=users[plan.email("olga.ivanova")], math=math)
        ids.update(elena=users[plan.email("elena.kuznetsova")], english=subjects["English"])
        ids.update(oliver=users[plan.email("oliver.brown")])
        enrollment = m.EnrollmentModel
        ids["enrollment"] = await one(
            select(enrollment.id).where(
                enrollment.student_id == masha, enrollment.teacher_id == anna
            )
        )
        ids["english_enrollment"] = await one(
            select(enrollment.id).where(
                enrollment.student_id == masha, enrollment.subject_id == subjects["English"]
            )
        )
        lesson = m.LessonModel
        now = world.container.clock.now()
        ids["lesson"] = await one(
            select(lesson.id)
            .where(
                lesson.teacher_id == anna, lesson.student_id == masha, lesson.status == "scheduled"
            )
            .where(lesson.start_at > now + timedelta(days=2))
            .order_by(lesson.start_at)
        )
        report = m.ReportModel
        ids["report"] = await one(
            select(report.id).where(report.author_id == anna, report.student_id == masha)
        )
        study_plan = m.StudyPlanModel
        ids["sent_plan"] = await one(select(study_plan.id).where(study_plan.author_id == anna))
        room = m.ChatRoomModel
        ids["chat"] = await one(
            select(room.id).where(room.enrollment_id == ids["enrollment"], room.kind == "subject")
        )
        notice = m.NotificationModel
        ids["notification"] = await one(
            select(notice.id).where(notice.recipient_id == masha).order_by(notice.created_at.desc())
        )


async def _make_more_objects(world: World) -> None:
    """Objects the demo lacks, made by their owners through the API: files, drafts, a homework
    with a handed-in file, a subscription, a spare sign-in's refresh token, a calendar token."""
    client, ids = world.client, world.ids
    anna, masha, olga = (world.headers[c] for c in ("teacher", "student", "parent"))

    async def ok(response: httpx.Response) -> Any:
        assert response.status_code in (200, 201), response.text
        return response.json()

    def pdf(name: str) -> dict[str, Any]:
        return {"file": (name, PDF, "application/pdf")}

    # Demo homework and materials are shared with Jack (family B): Masha gets her own.
    material = await ok(
        await client.post(
            "/api/v1/materials",
            json={
                "title": "Fractions for Masha",
                "subject_id": str(ids["math"]),
                "type": "theory",
                "status": "active",
                "student_ids": [str(ids["masha"])],
            },
            headers=anna,
        )
    )
    ids["material"] = material["id"]
    file = f"/api/v1/materials/{material['id']}/file"
    await ok(await client.put(file, files=pdf("fractions.pdf"), headers=anna))

    homework = await ok(
        await client.post(
            "/api/v1/assignments",
            json={
                "title": "Fractions: a second set",
                "subject_id": str(ids["math"]),
                "due_at": world.at(6, 20),
                "student_ids": [str(ids["masha"])],
                "status": "published",
            },
            headers=anna,
        )
    )
    ids["assignment"] = homework["id"]
    attachments = f"/api/v1/assignments/{homework['id']}/attachments"
    attachment = await ok(await client.post(attachments, files=pdf("tasks.pdf"), headers=anna))
    ids["attachment"] = attachment["id"]
    submission = await ok(
        await client.post(
            f"/api/v1/assignments/{homework['id']}/submissions",
            files=[
                ("text", (None, "My answers")),
                ("file", ("answers.pdf", PDF, "application/pdf")),
            ],
            headers=masha,
        )
    )
    ids["submission"] = submission["id"]
    ids["first_version"] = 1

    # Messages may be changed for 15 minutes: one just written (the clock stands still).
    chat = f"/api/v1/forum/chats/{ids['chat']}/messages"
    written = await ok(
        await client.post(chat, json={"content": "A question about task 3"}, headers=masha)
    )
    ids["message"] = written["id"]

    draft = await ok(
        await client.post(
            "/api/v1/reports",
            json={
                "student_id": str(ids["masha"]),
                "subject_id": str(ids["math"]),
                "title": "Mathematics: this month (draft)",
                "period_start": world.at(-28, 12)[:10],
                "period_end": world.at(0, 12)[:10],
            },
            headers=anna,
        )
    )
    ids["draft_report"] = draft["id"]

    for name, weeks, send in (("draft_plan", 2, False), ("filed_plan", 3, True)):
        created = await ok(
            await client.post(
                "/api/v1/study-plans",
                json={
                    "student_id": str(ids["masha"]),
                    "subject_id": str(ids["math"]),
                    "title": f"Week plan in {weeks} weeks",
                    "week_start": world.monday(weeks),
                },
                headers=anna,
            )
        )
        ids[name] = created["id"]
        files = f"/api/v1/study-plans/{created['id']}/files"
        filed = await ok(await client.post(files, files=pdf("week.pdf"), headers=anna))
        ids[f"{name}_file"] = filed["id"]
        if send:
            await ok(await client.post(f"/api/v1/study-plans/{created['id']}/send", headers=anna))

    # A payment made and paid through this app's gateway (the demo's own payments were made by
    # the seeder's gateway, which this process does not know), with a saved card: a subscription.
    paying = await ok(
        await client.post(
            "/api/v1/payments",
            json={"enrollment_id": str(ids["english_enrollment"]), "subscribe": True},
            headers=olga,
        )
    )
    ids["payment"] = paying["payment"]["id"]
    ids["subscription"] = paying["payment"]["subscription_id"]
    provider_id = paying["confirmation_url"].rstrip("/").rsplit("/", 1)[-1]
    paid = await client.post(f"/api/v1/payments/dev/{provider_id}/pay")
    assert paid.status_code == 303, paid.text

    spare = await sign_in(client, plan.email("masha.ivanova"), plan.PASSWORD)
    ids["refresh_token"] = spare["refresh_token"]
    feed = await ok(await client.get("/api/v1/calendar", headers=masha))
    ids["feed_token"] = parse_qs(urlparse(feed["feed_url"]).query)["token"][0]
