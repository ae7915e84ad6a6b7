"""Field rules of profiles: what is valid, what is refused, and who may change what."""

from __future__ import annotations

from uuid import uuid4

import pytest

from thebot.domain.accounts.entities import Role
from thebot.domain.profiles.rules import (
    ADMIN_EDITABLE,
    REQUIRED_ON_CREATE,
    SELF_EDITABLE,
    TUTOR_EDITABLE,
    clean_fields,
)
from thebot.domain.shared.errors import Invalid


@pytest.mark.parametrize(
    ("field", "raw", "clean"),
    [
        ("phone", "+7 (900) 123-45-67", "+79001234567"),
        ("phone", "", None),
        ("telegram", "@Ivan_Petrov", "Ivan_Petrov"),
        ("first_name", "  Anna ", "Anna"),
        ("email", " Anna@Example.ORG ", "anna@example.org"),
        ("goal", "   ", None),
        ("grade", 11, 11),
        ("experience_years", 0, 0),
    ],
)
def test_values_are_normalised(field: str, raw: object, clean: object) -> None:
    assert clean_fields({field: raw}, frozenset({field})) == {field: clean}


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("phone", "89001234567"),
        ("phone", "+12345"),
        ("telegram", "abc"),
        ("telegram", "has space"),
        ("grade", 0),
        ("grade", 12),
        ("grade", True),
        ("experience_years", 81),
        ("first_name", ""),
        ("specialization", None),
        ("bio", "x" * 1001),
        ("email", "nobody"),
        ("notify_by_email", "yes"),
        ("tutor_id", "not-a-uuid"),
    ],
)
def test_invalid_values_are_refused_by_name(field: str, raw: object) -> None:
    with pytest.raises(Invalid) as refused:
        clean_fields({field: raw}, frozenset({field}))
    assert [e.field for e in refused.value.errors] == [field]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(Invalid) as refused:
        clean_fields(
            {"grade": 99, "role": "admin", "phone": "1"},
            frozenset({"grade", "phone"}),
            required=frozenset({"first_name"}),
        )
    assert sorted(e.field for e in refused.value.errors) == ["first_name", "grade", "phone", "role"]


def test_nobody_edits_their_own_role_email_links_or_notes() -> None:
    for role, fields in SELF_EDITABLE.items():
        assert not fields & {
            "role",
            "email",
            "tutor_id",
            "parent_id",
            "staff_notes",
            "is_active",
        }, role


def test_tutors_never_reassign_tutors_and_manage_only_students_and_parents() -> None:
    assert set(TUTOR_EDITABLE) == {Role.STUDENT, Role.PARENT}
    assert "tutor_id" not in TUTOR_EDITABLE[Role.STUDENT]
    assert "parent_id" in TUTOR_EDITABLE[Role.STUDENT]


def test_creation_requirements_follow_the_school_rules() -> None:
    assert "grade" in REQUIRED_ON_CREATE[Role.STUDENT]
    assert "specialization" in REQUIRED_ON_CREATE[Role.TUTOR]
    for role, required in REQUIRED_ON_CREATE.items():
        assert required <= ADMIN_EDITABLE[role]


def test_links_must_be_ids() -> None:
    linked = uuid4()
    assert clean_fields({"parent_id": linked}, frozenset({"parent_id"})) == {"parent_id": linked}
