"""The declared authorization policy: one entry per operation of the OpenAPI document.

The sweep (test_authorization_sweep.py) calls every operation as every caller and compares the
status with what the entry says (see rules.py for the defaults: 401 anonymous, 403 wrong role,
404 someone else's object). An operation without an entry, or an entry without an operation,
fails the sweep: a new endpoint cannot ship without saying who may call it.

Objects (``ids``) belong to family A: Masha (student), Olga (parent), Elena (tutor), and Anna
(Masha's mathematics teacher); see school.py.
"""

from __future__ import annotations

from tests.authz import bodies as b
from tests.authz import policy_learning as learning
from tests.authz import policy_school_life as school_life
from tests.authz.rules import EVERYONE, SIGNED_IN, Rule, rule

STAFF = ("admin", "tutor")
FAMILY = ("admin", "teacher", "tutor", "student", "parent")

PUBLIC: tuple[Rule, ...] = (
    rule("GET /health", "getHealth", EVERYONE),
    rule("GET /ready", "getReadiness", EVERYONE),
    rule("GET /api/v1/config", "getPublicConfig", EVERYONE),
    rule("POST /api/v1/auth/login", "login", EVERYONE, body=b.login),
    rule("POST /api/v1/auth/refresh", "refreshTokens", EVERYONE, body=b.refresh),
    rule("GET /api/v1/calendar.ics", "getCalendarIcs", EVERYONE, body=b.feed),
    rule(
        "POST /api/v1/payments/webhooks/yookassa",
        "receiveYookassaNotification",
        (),
        status=dict.fromkeys(EVERYONE, 403),
        body=b.notification,
        why="public, but only from the provider's networks: the sweep is not one",
    ),
)

ACCOUNTS: tuple[Rule, ...] = (
    rule("POST /api/v1/auth/logout", "logout", SIGNED_IN, ok=204),
    rule("GET /api/v1/auth/me", "getMe", SIGNED_IN),
    rule("POST /api/v1/auth/password", "changePassword", SIGNED_IN, ok=204, body=b.password),
    rule("GET /api/v1/profile", "getOwnProfile", SIGNED_IN),
    rule("PATCH /api/v1/profile", "updateOwnProfile", SIGNED_IN, body=b.own_profile),
    rule("PUT /api/v1/profile/avatar", "uploadAvatar", SIGNED_IN, body=b.avatar),
    rule("DELETE /api/v1/profile/avatar", "deleteAvatar", SIGNED_IN, ok=204),
    rule(
        "GET /api/v1/users/{user_id}",
        "getRelatedUser",
        FAMILY,
        ids={"user_id": "masha"},
        why="the cards of related people: Masha's teachers, tutor, parent, herself, the office",
    ),
    rule("POST /api/v1/ws/ticket", "createSocketTicket", SIGNED_IN),
    rule("GET /api/v1/calendar", "getCalendarFeed", SIGNED_IN),
    rule("POST /api/v1/calendar/rotate", "rotateCalendarFeed", SIGNED_IN),
    rule("GET /api/v1/notifications", "listNotifications", SIGNED_IN),
    rule("POST /api/v1/notifications/read-all", "markAllNotificationsRead", SIGNED_IN),
    rule("GET /api/v1/notifications/preferences", "getNotificationPreferences", SIGNED_IN),
    rule(
        "PUT /api/v1/notifications/preferences",
        "setNotificationPreferences",
        SIGNED_IN,
        body=b.preferences,
    ),
    rule(
        "POST /api/v1/notifications/{notification_id}/read",
        "markNotificationRead",
        "student",
        refuse=404,
        why="a notification is its recipient's alone",
        ids={"notification_id": "notification"},
    ),
    rule("GET /api/v1/dashboard/student", "getStudentDashboard", "student"),
    rule("GET /api/v1/dashboard/teacher", "getTeacherDashboard", "teacher"),
    rule("GET /api/v1/dashboard/tutor", "getTutorDashboard", "tutor"),
    rule("GET /api/v1/dashboard/parent", "getParentDashboard", "parent"),
)

ADMINISTRATION: tuple[Rule, ...] = (
    rule("GET /api/v1/admin/audit", "listAuditEntries", "admin"),
    rule("GET /api/v1/admin/users", "listUsers", STAFF),
    rule("POST /api/v1/admin/users", "createUser", STAFF, ok=201, body=b.new_user),
    rule("POST /api/v1/admin/families", "onboardFamily", STAFF, ok=201, body=b.family),
    rule(
        "GET /api/v1/admin/users/{user_id}",
        "getUser",
        STAFF,
        ids={"user_id": "masha"},
        guarded=True,
    ),
    rule(
        "PATCH /api/v1/admin/users/{user_id}",
        "updateUser",
        STAFF,
        guarded=True,
        ids={"user_id": "masha"},
        body=b.user_change,
    ),
    rule(
        "DELETE /api/v1/admin/users/{user_id}",
        "deleteUser",
        "admin",
        ok=204,
        guarded=True,
        ids={"user_id": "masha"},
    ),
    rule(
        "POST /api/v1/admin/users/{user_id}/activate",
        "activateUser",
        "admin",
        ok=409,
        guarded=True,
        ids={"user_id": "masha"},
        why="Masha is active: the admitted admin gets as far as the rule that refuses it",
    ),
    rule(
        "POST /api/v1/admin/users/{user_id}/reset-password",
        "resetUserPassword",
        STAFF,
        guarded=True,
        ids={"user_id": "masha"},
    ),
    rule(
        "POST /api/v1/admin/parents/{parent_id}/children",
        "assignChildren",
        STAFF,
        guarded=True,
        ids={"parent_id": "olga"},
        body=b.children,
    ),
    rule(
        "POST /api/v1/admin/students/{student_id}/tutor",
        "assignTutor",
        "admin",
        guarded=True,
        ids={"student_id": "masha"},
        body=b.tutor,
    ),
    rule(
        "PUT /api/v1/admin/teachers/{teacher_id}/subjects",
        "setTeacherSubjects",
        "admin",
        guarded=True,
        ids={"teacher_id": "anna"},
        body=b.teacher_subjects,
    ),
)

POLICY: tuple[Rule, ...] = (
    *PUBLIC,
    *ACCOUNTS,
    *ADMINISTRATION,
    *learning.SUBJECTS,
    *learning.ENROLLMENTS,
    *learning.MATERIALS,
    *learning.HOMEWORK,
    *learning.REPORTS,
    *school_life.STUDY_PLANS,
    *school_life.FORUM,
    *school_life.LESSONS,
    *school_life.PAYMENTS,
)

# Routes the OpenAPI document leaves out on purpose, each with why it needs no policy entry. A new
# undocumented route fails the sweep until it is listed here.
OUTSIDE_THE_DOCUMENT: dict[str, str] = {
    "GET /api/v1/payments/dev/{provider_id}": "development gateway's page: public, embedded only",
    "POST /api/v1/payments/dev/{provider_id}/pay": "its Pay button (the id is the capability)",
    "POST /api/v1/payments/dev/{provider_id}/decline": "its Decline button (likewise)",
    "WEBSOCKET /api/v1/ws": "the socket: a one-time ticket, not a bearer token (ws tests)",
    "GET /api/docs": "the interactive API documentation, public",
    "GET /api/schema": "the OpenAPI document itself, public",
    "GET /api/schema/scalar": "the OpenAPI document's viewer, public",
    "GET /api/schema/openapi.json": "the OpenAPI document, public",
    "GET /api/schema/{path}": "the OpenAPI document in other formats, public",
    "GET /metrics": "Prometheus metrics, guarded by its own settings (tests/ops)",
    "GET /media/avatars/{file_path}": "avatars are public by design (random names)",
    "HEAD /media/avatars/{file_path}": "likewise",
    "* /": "the web app (static pages, no data)",
    "* /{path}": "the web app's client-side routes (static pages, no data)",
}
