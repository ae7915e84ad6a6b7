"""The demo school as data: who is in it, what they study, teach, write and say.

``demo.py`` makes it real through the domain services. Days are counted from today (negative:
the past); times of day are in the school's time zone.
"""

# The school speaks Russian and English: Cyrillic letters and typographic dashes are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thebot.domain.accounts.entities import Role

DOMAIN = "demo.thebot.local"
# One known, clearly demo password for every demo account (development databases only).
PASSWORD = "demo-pass-2026"  # noqa: S105  (a published demo value, never production)
ADMIN = "admin"
# Subjects the seeder creates carry this at the end of their description, so that ``--reset``
# removes only those (and only when nothing outside the demo uses them).
SUBJECT_MARK = "(demo)"


def email(key: str) -> str:
    return f"{key}@{DOMAIN}"


@dataclass(frozen=True)
class Person:
    key: str  # the email's local part
    role: Role
    first_name: str
    last_name: str
    fields: dict[str, Any] = field(default_factory=dict)
    tutor: str | None = None
    parent: str | None = None

    @property
    def email(self) -> str:
        return email(self.key)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PEOPLE: tuple[Person, ...] = (
    Person(ADMIN, Role.ADMIN, "Ирина", "Соколова"),
    Person(
        "anna.smirnova",
        Role.TEACHER,
        "Анна",
        "Смирнова",
        {"bio": "Учитель математики, готовит к ОГЭ и ЕГЭ.", "experience_years": 12},
    ),
    Person(
        "oliver.brown",
        Role.TEACHER,
        "Oliver",
        "Brown",
        {"bio": "Native speaker from Manchester, Cambridge exams.", "experience_years": 7},
    ),
    Person(
        "dmitry.volkov",
        Role.TEACHER,
        "Дмитрий",
        "Волков",
        {"bio": "Физика и математика, олимпиадная подготовка.", "experience_years": 9},
    ),
    Person(
        "elena.kuznetsova",
        Role.TUTOR,
        "Елена",
        "Кузнецова",
        {"specialization": "Подготовка к экзаменам", "experience_years": 6},
    ),
    Person(
        "james.wilson",
        Role.TUTOR,
        "James",
        "Wilson",
        {"specialization": "Study skills and languages", "experience_years": 4},
    ),
    Person("olga.ivanova", Role.PARENT, "Ольга", "Иванова", {"phone": "+79161234567"}),
    Person("sarah.taylor", Role.PARENT, "Sarah", "Taylor", {"phone": "+447700900123"}),
    Person(
        "masha.ivanova",
        Role.STUDENT,
        "Маша",
        "Иванова",
        {"grade": 8, "goal": "Уверенно сдать ОГЭ по математике"},
        tutor="elena.kuznetsova",
        parent="olga.ivanova",
    ),
    Person(
        "petya.ivanov",
        Role.STUDENT,
        "Петя",
        "Иванов",
        {"grade": 5},
        tutor="elena.kuznetsova",
        parent="olga.ivanova",
    ),
    Person(
        "emily.taylor",
        Role.STUDENT,
        "Emily",
        "Taylor",
        {"grade": 9, "goal": "Cambridge B2 First"},
        tutor="james.wilson",
        parent="sarah.taylor",
    ),
    Person(
        "jack.taylor",
        Role.STUDENT,
        "Jack",
        "Taylor",
        {"grade": 7},
        tutor="james.wilson",
        parent="sarah.taylor",
    ),
    Person(
        "sasha.morozova",
        Role.STUDENT,
        "Саша",
        "Морозова",
        {"grade": 11, "goal": "ЕГЭ по физике на 80+"},
        tutor="elena.kuznetsova",
    ),
)

SUBJECTS: dict[str, tuple[str, str]] = {
    "Mathematics": ("Алгебра, геометрия и подготовка к экзаменам", "#2563EB"),
    "English": ("General English, grammar and Cambridge exams", "#DC2626"),
    "Physics": ("Механика, электричество, подготовка к ЕГЭ", "#059669"),
}

TEACHES: dict[str, tuple[str, ...]] = {
    "anna.smirnova": ("Mathematics",),
    "oliver.brown": ("English",),
    "dmitry.volkov": ("Physics", "Mathematics"),
}


@dataclass(frozen=True)
class Course:
    """An enrollment and its weekly lessons: (weekday, hour) slots, unique across the school,
    so that no teacher or student ever has two lessons at once."""

    key: str
    student: str
    subject: str
    teacher: str
    by: str  # who enrolls: the office (sets prices) or the student's tutor
    slots: tuple[tuple[int, int], ...]
    price: Decimal | None = None
    minutes: int = 60


COURSES: tuple[Course, ...] = (
    Course(
        "masha-math",
        "masha.ivanova",
        "Mathematics",
        "anna.smirnova",
        ADMIN,
        ((0, 16), (3, 16)),
        Decimal("12000.00"),
    ),
    Course(
        "masha-english",
        "masha.ivanova",
        "English",
        "oliver.brown",
        ADMIN,
        ((1, 17), (4, 17)),
        Decimal("9600.00"),
    ),
    Course(
        "petya-math",
        "petya.ivanov",
        "Mathematics",
        "dmitry.volkov",
        "elena.kuznetsova",
        ((2, 15), (4, 15)),
        minutes=45,
    ),
    Course(
        "emily-english",
        "emily.taylor",
        "English",
        "oliver.brown",
        ADMIN,
        ((0, 18), (2, 18)),
        Decimal("10400.00"),
    ),
    Course(
        "emily-physics",
        "emily.taylor",
        "Physics",
        "dmitry.volkov",
        ADMIN,
        ((1, 16), (3, 18)),
        Decimal("11000.00"),
        minutes=90,
    ),
    Course(
        "jack-math",
        "jack.taylor",
        "Mathematics",
        "anna.smirnova",
        "james.wilson",
        ((1, 15), (3, 15)),
    ),
    Course(
        "sasha-physics",
        "sasha.morozova",
        "Physics",
        "dmitry.volkov",
        ADMIN,
        ((0, 19), (2, 19)),
        Decimal("8000.00"),
        minutes=90,
    ),
)
PAST_LESSON_DAYS = 14
FUTURE_LESSON_DAYS = 14
# The first lesson of this course in the coming days is cancelled by its teacher.
CANCELLED_COURSE = "emily-physics"


@dataclass(frozen=True)
class MaterialPlan:
    teacher: str
    subject: str
    title: str
    type: str
    students: tuple[str, ...]
    description: str
    content: str
    difficulty: int
    status: str = "active"
    # student -> (percentage, minutes)
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)


MATERIALS: tuple[MaterialPlan, ...] = (
    MaterialPlan(
        "anna.smirnova",
        "Mathematics",
        "Дроби: сложение и вычитание",
        "theory",
        ("masha.ivanova", "jack.taylor"),
        "Общий знаменатель, сокращение, смешанные числа.",
        "1. Приводим дроби к общему знаменателю.\n2. Складываем числители.\n3. Сокращаем.",
        2,
        progress={"masha.ivanova": (100, 45), "jack.taylor": (30, 15)},
    ),
    MaterialPlan(
        "anna.smirnova",
        "Mathematics",
        "Linear equations: practice set",
        "practice",
        ("masha.ivanova", "jack.taylor"),
        "Twenty equations from easy to exam level.",
        "Solve: 3x + 5 = 20; 2(x - 4) = 10; x/3 + 1 = 5 …",
        3,
        progress={"masha.ivanova": (60, 30)},
    ),
    MaterialPlan(
        "anna.smirnova",
        "Mathematics",
        "Контрольная работа: дроби",
        "test",
        (),
        "Черновик: десять задач на 40 минут.",
        "Задачи будут добавлены.",
        3,
        status="draft",
    ),
    MaterialPlan(
        "oliver.brown",
        "English",
        "Present Perfect vs Past Simple",
        "theory",
        ("masha.ivanova", "emily.taylor"),
        "When to use which, with signal words and examples.",
        "I have lived here for five years. / I lived in London in 2019.",
        2,
        progress={"emily.taylor": (100, 40), "masha.ivanova": (50, 20)},
    ),
    MaterialPlan(
        "dmitry.volkov",
        "Physics",
        "Законы Ньютона",
        "lesson",
        ("emily.taylor", "sasha.morozova"),
        "Три закона, инерциальные системы отсчёта, задачи.",
        "F = ma. Действие равно противодействию. Тело сохраняет скорость, пока …",
        4,
        progress={"sasha.morozova": (80, 90), "emily.taylor": (50, 35)},
    ),
    MaterialPlan(
        "dmitry.volkov",
        "Mathematics",
        "Таблица умножения: тренажёр",
        "practice",
        ("petya.ivanov",),
        "Десять минут в день.",
        "7 × 8 = ?  6 × 9 = ?  12 ÷ 4 = ?",
        1,
        progress={"petya.ivanov": (20, 10)},
    ),
)


@dataclass(frozen=True)
class Submitted:
    student: str
    day: int  # when it was handed in
    text: str
    # (score, comment, day) when graded
    grade: tuple[int, str, int] | None = None


@dataclass(frozen=True)
class HomeworkPlan:
    teacher: str
    subject: str
    title: str
    instructions: str
    set_on: int  # the day it is set
    due: int  # the day it is due, at 20:00
    students: tuple[str, ...]
    max_score: int
    submissions: tuple[Submitted, ...] = ()


HOMEWORK: tuple[HomeworkPlan, ...] = (
    HomeworkPlan(
        "anna.smirnova",
        "Mathematics",
        "Дроби: задачи 1–10",
        "Решите задачи 1–10 из материала «Дроби». Покажите решение.",
        -20,
        -10,
        ("masha.ivanova", "jack.taylor"),
        10,
        (
            Submitted(
                "masha.ivanova",
                -12,
                "Решила все задачи, фото в тетради.",
                (9, "Отлично! Задача 7: не забывай сокращать ответ.", -9),
            ),
            Submitted("jack.taylor", -8, "Done 1-8, 9 and 10 were hard."),
        ),
    ),
    HomeworkPlan(
        "dmitry.volkov",
        "Physics",
        "Задачи на второй закон Ньютона",
        "Пять задач из листка, с рисунками сил.",
        -12,
        -3,
        ("emily.taylor", "sasha.morozova"),
        5,
        (
            Submitted(
                "emily.taylor",
                -4,
                "All five solved, diagrams attached in class.",
                (4, "Good work. In task 3 friction acts the other way.", -2),
            ),
            Submitted("sasha.morozova", -3, "Решения задач 1–5 в тексте ниже. F = ma …"),
        ),
    ),
    HomeworkPlan(
        "oliver.brown",
        "English",
        "Essay: my favourite place",
        "150–200 words. Use the Present Perfect at least three times.",
        -3,
        5,
        ("masha.ivanova", "emily.taylor"),
        20,
        (Submitted("emily.taylor", -1, "My favourite place is the old library in our town …"),),
    ),
)


@dataclass(frozen=True)
class ReportPlan:
    author: str
    student: str
    subject: str | None
    title: str
    summary: str
    achievements: str
    recommendations: str
    progress: int
    attendance: int
    recipients: tuple[str, ...]


REPORTS: tuple[ReportPlan, ...] = (
    ReportPlan(
        "anna.smirnova",
        "masha.ivanova",
        "Mathematics",
        "Математика: итоги трёх недель",
        "Маша уверенно работает с дробями, домашние задания сдаёт вовремя.",
        "Контрольная по дробям на 9 из 10.",
        "Больше практики на текстовые задачи.",
        75,
        100,
        ("tutor", "parent"),
    ),
    ReportPlan(
        "elena.kuznetsova",
        "petya.ivanov",
        None,
        "Петя: первые недели",
        "Петя освоился, занимается с интересом.",
        "Выучил таблицу умножения до 6.",
        "Тренажёр по 10 минут в день.",
        40,
        90,
        ("parent",),
    ),
    ReportPlan(
        "james.wilson",
        "emily.taylor",
        None,
        "Emily: progress this month",
        "Emily is motivated and well organised.",
        "Essay skills improved; physics homework graded 4/5.",
        "Keep a vocabulary notebook for the B2 First.",
        70,
        100,
        ("parent",),
    ),
)


@dataclass(frozen=True)
class StudyPlanPlan:
    """A teacher's plan for this week of one course, sent to the family."""

    course: str
    title: str
    content: str


STUDY_PLANS: tuple[StudyPlanPlan, ...] = (
    StudyPlanPlan(
        "masha-math",
        "Дроби: сложение и вычитание",
        "Пн: разбор домашней работы. Ср: дроби с разными знаменателями. "
        "Пт: самостоятельная работа на 20 минут.",
    ),
    StudyPlanPlan(
        "emily-english",
        "Essay week",
        "Mon: linking words. Wed: plan an opinion essay. Fri: write 180 words and self-check.",
    ),
)


@dataclass(frozen=True)
class Conversation:
    """Messages in one room: the room of ``kind`` for ``course`` (and its parent, if any)."""

    course: str
    kind: str  # subject | tutor | parent_teacher | parent_tutor
    day: int
    lines: tuple[tuple[str, str], ...]  # (who, text)


CONVERSATIONS: tuple[Conversation, ...] = (
    Conversation(
        "masha-math",
        "subject",
        -6,
        (
            ("anna.smirnova", "Маша, не забудь: в понедельник разбираем задачи на дроби."),
            ("masha.ivanova", "Хорошо, Анна Сергеевна! Можно вопрос по задаче 7?"),
            ("anna.smirnova", "Конечно, пиши — разберём вместе."),
        ),
    ),
    Conversation(
        "emily-english",
        "subject",
        -2,
        (
            ("oliver.brown", "Emily, great progress this week! Don't forget the essay."),
            ("emily.taylor", "Thanks! I've just handed it in."),
        ),
    ),
    Conversation(
        "emily-physics",
        "parent_teacher",
        -5,
        (
            ("sarah.taylor", "Good afternoon! How is Emily doing with physics?"),
            ("dmitry.volkov", "Добрый день! Emily is doing well: Newton's laws are clear to her."),
        ),
    ),
    Conversation(
        "masha-math",
        "parent_tutor",
        -1,
        (
            ("olga.ivanova", "Елена, добрый день! Как у Маши дела с математикой?"),
            ("elena.kuznetsova", "Здравствуйте, Ольга! Всё хорошо, учитель прислал отчёт."),
        ),
    ),
)

# Payments: the parent opens a payment for the course; "paid" ones are paid on that day.
PAID = ("masha-math", "olga.ivanova", -5)
PENDING = ("emily-english", "sarah.taylor")
