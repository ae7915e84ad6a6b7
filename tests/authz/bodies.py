"""Minimal valid requests for the operations that need a body, built from the school's ids, so
that an admitted caller really gets through (and a refused one is refused with a valid body)."""

from __future__ import annotations

from tests.authz.rules import Request
from tests.authz.school import PDF, World, png
from thebot.entrypoints.seeds import demo_school as plan

NEW_PASSWORD = "sweep-pass-2026-new"


def pdf(name: str = "sweep.pdf") -> Request:
    return {"files": {"file": (name, PDF, "application/pdf")}}


def avatar(_: World) -> Request:
    return {"files": {"file": ("me.png", png(), "image/png")}}


def login(_: World) -> Request:
    return {"json": {"email": plan.email("masha.ivanova"), "password": plan.PASSWORD}}


def refresh(world: World) -> Request:
    return {"json": {"refresh_token": world.ids["refresh_token"]}}


def password(_: World) -> Request:
    return {"json": {"current_password": plan.PASSWORD, "new_password": NEW_PASSWORD}}


def feed(world: World) -> Request:
    return {"params": {"token": world.ids["feed_token"]}}


def new_user(_: World) -> Request:
    return {
        "json": {
            "role": "student",
            "email": "new.student@demo.thebot.local",
            "first_name": "New",
            "last_name": "Student",
            "grade": 6,
        }
    }


def family(world: World) -> Request:
    student = {
        "email": "vera.ivanova@demo.thebot.local",
        "first_name": "Vera",
        "last_name": "Ivanova",
        "grade": 3,
    }
    return {"json": {"student": student, "parent_id": world.id("olga")}}


def children(world: World) -> Request:
    return {"json": {"student_ids": [world.id("petya")]}}


def tutor(world: World) -> Request:
    return {"json": {"tutor_id": world.id("elena")}}


def teacher_subjects(world: World) -> Request:
    return {"json": {"subject_ids": [world.id("math")]}}


def user_change(_: World) -> Request:
    return {"json": {"first_name": "Maria"}}


def own_profile(_: World) -> Request:
    return {"json": {"first_name": "Sweep"}}


def subject(_: World) -> Request:
    return {"json": {"name": "Chemistry", "color": "#7C3AED"}}


def subject_change(_: World) -> Request:
    return {"json": {"description": "Changed by the sweep"}}


def enrollment(world: World) -> Request:
    return {
        "json": {
            "student_id": world.id("petya"),
            "subject_id": world.id("english"),
            "teacher_id": world.id("oliver"),
        }
    }


def enrollment_change(_: World) -> Request:
    return {"json": {"custom_subject_name": "Algebra"}}


def assignment(world: World) -> Request:
    return {
        "json": {
            "title": "Sweep homework",
            "subject_id": world.id("math"),
            "due_at": world.at(5, 20),
            "student_ids": [world.id("masha")],
        }
    }


def title(_: World) -> Request:
    return {"json": {"title": "Renamed by the sweep"}}


def hand_in(_: World) -> Request:
    return {"files": [("text", (None, "Second try"))]}


def feedback(_: World) -> Request:
    return {"json": {"score": 8, "comment": "Good"}}


def material(world: World) -> Request:
    return {"json": {"title": "Sweep material", "subject_id": world.id("math"), "type": "theory"}}


def progress(_: World) -> Request:
    return {"json": {"progress_percentage": 70, "time_spent_minutes": 5}}


def lesson(world: World) -> Request:
    return {
        "json": {
            "student_id": world.id("masha"),
            "subject_id": world.id("math"),
            "start_at": world.at(5, 10),
            "end_at": world.at(5, 11),
        }
    }


def description(_: World) -> Request:
    return {"json": {"description": "Bring the workbook"}}


def message(_: World) -> Request:
    return {"json": {"content": "Hello from the sweep"}}


def read_up_to(world: World) -> Request:
    return {"json": {"up_to_message_id": world.ids["message"]}}


def report(world: World) -> Request:
    return {
        "json": {
            "student_id": world.id("masha"),
            "title": "Sweep report",
            "period_start": world.at(-14, 12)[:10],
            "period_end": world.at(0, 12)[:10],
        }
    }


def study_plan(world: World) -> Request:
    return {
        "json": {
            "student_id": world.id("masha"),
            "subject_id": world.id("math"),
            "title": "Sweep week",
            "week_start": world.monday(4),
        }
    }


def preferences(_: World) -> Request:
    return {"json": {"kinds": [{"kind": "chat_message", "enabled": False}]}}


def payment(world: World) -> Request:
    return {"json": {"enrollment_id": world.id("enrollment")}}


def notification(_: World) -> Request:
    return {"json": {"type": "notification", "event": "payment.succeeded", "object": {"id": "x"}}}
