"""The declared policy of study plans, the forum, the schedule and payments."""

from __future__ import annotations

from tests.authz import bodies as b
from tests.authz.rules import SIGNED_IN, Rule, rule

FAMILY = ("admin", "teacher", "tutor", "student", "parent")
AUTHOR = ("teacher",)
ROOM = ("teacher", "student")  # the subject room of Masha's mathematics: Masha and Anna

STUDY_PLANS: tuple[Rule, ...] = (
    rule("GET /api/v1/study-plans", "listStudyPlans", SIGNED_IN),
    rule("POST /api/v1/study-plans", "createStudyPlan", AUTHOR, ok=201, body=b.study_plan),
    rule(
        "GET /api/v1/study-plans/{plan_id}",
        "getStudyPlan",
        FAMILY,
        ids={"plan_id": "sent_plan"},
    ),
    rule(
        "PATCH /api/v1/study-plans/{plan_id}",
        "updateStudyPlan",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ids={"plan_id": "draft_plan"},
        body=b.title,
    ),
    rule(
        "DELETE /api/v1/study-plans/{plan_id}",
        "deleteStudyPlan",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ok=204,
        ids={"plan_id": "draft_plan"},
    ),
    rule(
        "POST /api/v1/study-plans/{plan_id}/send",
        "sendStudyPlan",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ids={"plan_id": "draft_plan"},
    ),
    rule(
        "POST /api/v1/study-plans/{plan_id}/files",
        "attachStudyPlanFile",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ok=201,
        ids={"plan_id": "draft_plan"},
        body=lambda _: b.pdf(),
    ),
    rule(
        "GET /api/v1/study-plans/{plan_id}/files/{file_id}",
        "downloadStudyPlanFile",
        FAMILY,
        ids={"plan_id": "filed_plan", "file_id": "filed_plan_file"},
    ),
    rule(
        "DELETE /api/v1/study-plans/{plan_id}/files/{file_id}",
        "removeStudyPlanFile",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ok=204,
        ids={"plan_id": "draft_plan", "file_id": "draft_plan_file"},
    ),
)

FORUM: tuple[Rule, ...] = (
    rule("GET /api/v1/forum/chats", "listChats", SIGNED_IN),
    rule(
        "GET /api/v1/forum/chats/{chat_id}/messages",
        "listChatMessages",
        ROOM,
        refuse=404,
        ids={"chat_id": "chat"},
    ),
    rule(
        "POST /api/v1/forum/chats/{chat_id}/messages",
        "sendChatMessage",
        ROOM,
        ok=201,
        refuse=404,
        ids={"chat_id": "chat"},
        body=b.message,
    ),
    rule(
        "PATCH /api/v1/forum/chats/{chat_id}/messages/{message_id}",
        "editChatMessage",
        "student",
        status={"teacher": 403},
        refuse=404,
        ids={"chat_id": "chat", "message_id": "message"},
        body=b.message,
    ),
    rule(
        "DELETE /api/v1/forum/chats/{chat_id}/messages/{message_id}",
        "deleteChatMessage",
        "student",
        status={"teacher": 403},
        ok=204,
        refuse=404,
        why="only the author changes a message; in the room, others are refused (403)",
        ids={"chat_id": "chat", "message_id": "message"},
    ),
    rule(
        "POST /api/v1/forum/chats/{chat_id}/read",
        "markChatRead",
        ROOM,
        refuse=404,
        ids={"chat_id": "chat"},
        body=b.read_up_to,
    ),
)

LESSONS: tuple[Rule, ...] = (
    rule("GET /api/v1/lessons", "listLessons", SIGNED_IN),
    rule("GET /api/v1/lessons/upcoming", "listUpcomingLessons", SIGNED_IN),
    rule("POST /api/v1/lessons", "createLesson", "teacher", ok=201, body=b.lesson),
    rule("GET /api/v1/lessons/{lesson_id}", "getLesson", FAMILY, ids={"lesson_id": "lesson"}),
    rule(
        "GET /api/v1/lessons/{lesson_id}/history",
        "getLessonHistory",
        FAMILY,
        ids={"lesson_id": "lesson"},
    ),
    rule(
        "PATCH /api/v1/lessons/{lesson_id}",
        "updateLesson",
        "teacher",
        ids={"lesson_id": "lesson"},
        body=b.description,
    ),
    rule(
        "DELETE /api/v1/lessons/{lesson_id}",
        "cancelLesson",
        "teacher",
        ok=204,
        ids={"lesson_id": "lesson"},
    ),
    rule(
        "POST /api/v1/lessons/{lesson_id}/complete",
        "completeLesson",
        "teacher",
        ok=409,
        ids={"lesson_id": "lesson"},
    ),
)

PAYMENTS: tuple[Rule, ...] = (
    rule("GET /api/v1/payments", "listPayments", ("admin", "parent")),
    rule("GET /api/v1/payments/due", "listPaymentsDue", "parent"),
    rule("POST /api/v1/payments", "createPayment", "parent", ok=201, body=b.payment),
    rule(
        "GET /api/v1/payments/{payment_id}",
        "getPayment",
        ("admin", "parent"),
        refuse=404,
        why="a payment is its payer's (and the office's)",
        ids={"payment_id": "payment"},
    ),
    rule(
        "POST /api/v1/payments/{payment_id}/refund",
        "refundPayment",
        "admin",
        guarded=True,
        ids={"payment_id": "payment"},
    ),
    rule("GET /api/v1/subscriptions", "listSubscriptions", ("admin", "parent")),
    rule(
        "DELETE /api/v1/subscriptions/{subscription_id}",
        "cancelSubscription",
        ("admin", "parent"),
        refuse=404,
        ids={"subscription_id": "subscription"},
    ),
)
