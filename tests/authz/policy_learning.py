"""The declared policy of learning: subjects, enrollments, materials, homework, reports."""

from __future__ import annotations

from tests.authz import bodies as b
from tests.authz.rules import SIGNED_IN, Rule, rule

FAMILY = ("admin", "teacher", "tutor", "student", "parent")
STAFF = ("admin", "tutor")
AUTHOR = ("teacher",)

SUBJECTS: tuple[Rule, ...] = (
    rule("GET /api/v1/subjects", "listSubjects", SIGNED_IN),
    rule("POST /api/v1/subjects", "createSubject", "admin", ok=201, body=b.subject),
    rule(
        "PATCH /api/v1/subjects/{subject_id}",
        "updateSubject",
        "admin",
        guarded=True,
        ids={"subject_id": "math"},
        body=b.subject_change,
    ),
    rule(
        "DELETE /api/v1/subjects/{subject_id}",
        "deleteSubject",
        "admin",
        ok=409,
        guarded=True,
        ids={"subject_id": "math"},
    ),
    rule(
        "GET /api/v1/subjects/{subject_id}/teachers",
        "listSubjectTeachers",
        (*STAFF, "other tutor"),
        guarded=True,
        ids={"subject_id": "math"},
        why="subjects are the whole school's: every tutor may see who teaches one",
    ),
)

ENROLLMENTS: tuple[Rule, ...] = (
    rule("GET /api/v1/enrollments", "listEnrollments", SIGNED_IN),
    rule("POST /api/v1/enrollments", "createEnrollment", STAFF, ok=201, body=b.enrollment),
    rule(
        "GET /api/v1/enrollments/{enrollment_id}",
        "getEnrollment",
        FAMILY,
        ids={"enrollment_id": "enrollment"},
    ),
    rule(
        "PATCH /api/v1/enrollments/{enrollment_id}",
        "updateEnrollment",
        STAFF,
        ids={"enrollment_id": "enrollment"},
        body=b.enrollment_change,
    ),
    rule(
        "DELETE /api/v1/enrollments/{enrollment_id}",
        "endEnrollment",
        STAFF,
        ok=204,
        ids={"enrollment_id": "enrollment"},
    ),
)

MATERIALS: tuple[Rule, ...] = (
    rule("GET /api/v1/materials", "listMaterials", SIGNED_IN),
    rule("POST /api/v1/materials", "createMaterial", AUTHOR, ok=201, body=b.material),
    rule(
        "GET /api/v1/materials/{material_id}",
        "getMaterial",
        FAMILY,
        ids={"material_id": "material"},
    ),
    rule(
        "PATCH /api/v1/materials/{material_id}",
        "updateMaterial",
        AUTHOR,
        ids={"material_id": "material"},
        body=b.title,
    ),
    rule(
        "DELETE /api/v1/materials/{material_id}",
        "deleteMaterial",
        AUTHOR,
        ok=204,
        ids={"material_id": "material"},
    ),
    rule(
        "GET /api/v1/materials/{material_id}/file",
        "downloadMaterialFile",
        ("admin", "teacher", "student"),
        refuse=404,
        why="tutors and parents follow progress; a material's file is for the class",
        ids={"material_id": "material"},
    ),
    rule(
        "PUT /api/v1/materials/{material_id}/file",
        "uploadMaterialFile",
        AUTHOR,
        ids={"material_id": "material"},
        body=lambda _: b.pdf(),
    ),
    rule(
        "DELETE /api/v1/materials/{material_id}/file",
        "deleteMaterialFile",
        AUTHOR,
        ok=204,
        ids={"material_id": "material"},
    ),
    rule(
        "POST /api/v1/materials/{material_id}/progress",
        "recordMaterialProgress",
        "student",
        guarded=True,
        ids={"material_id": "material"},
        body=b.progress,
    ),
)

HOMEWORK: tuple[Rule, ...] = (
    rule("GET /api/v1/assignments", "listAssignments", SIGNED_IN),
    rule("POST /api/v1/assignments", "createAssignment", AUTHOR, ok=201, body=b.assignment),
    rule(
        "GET /api/v1/assignments/{assignment_id}",
        "getAssignment",
        FAMILY,
        ids={"assignment_id": "assignment"},
    ),
    rule(
        "PATCH /api/v1/assignments/{assignment_id}",
        "updateAssignment",
        AUTHOR,
        ids={"assignment_id": "assignment"},
        body=b.title,
    ),
    rule(
        "DELETE /api/v1/assignments/{assignment_id}",
        "deleteAssignment",
        AUTHOR,
        ok=409,
        ids={"assignment_id": "assignment"},
        why="Masha has handed work in: the author gets as far as the rule that keeps it",
    ),
    rule(
        "POST /api/v1/assignments/{assignment_id}/attachments",
        "addAssignmentAttachment",
        AUTHOR,
        ok=201,
        ids={"assignment_id": "assignment"},
        body=lambda _: b.pdf(),
    ),
    rule(
        "GET /api/v1/assignments/{assignment_id}/attachments/{file_id}",
        "downloadAssignmentAttachment",
        ("admin", "teacher", "student"),
        refuse=404,
        why="tutors and parents see the homework, its files are for the class",
        ids={"assignment_id": "assignment", "file_id": "attachment"},
    ),
    rule(
        "DELETE /api/v1/assignments/{assignment_id}/attachments/{file_id}",
        "deleteAssignmentAttachment",
        AUTHOR,
        ok=204,
        ids={"assignment_id": "assignment", "file_id": "attachment"},
    ),
    rule(
        "POST /api/v1/assignments/{assignment_id}/submissions",
        "submitHomework",
        "student",
        guarded=True,
        ok=201,
        ids={"assignment_id": "assignment"},
        body=b.hand_in,
    ),
    rule("GET /api/v1/submissions", "listSubmissions", SIGNED_IN),
    rule(
        "GET /api/v1/submissions/{submission_id}",
        "getSubmission",
        FAMILY,
        ids={"submission_id": "submission"},
    ),
    rule(
        "POST /api/v1/submissions/{submission_id}/feedback",
        "giveSubmissionFeedback",
        AUTHOR,
        ids={"submission_id": "submission"},
        body=b.feedback,
    ),
    rule(
        "GET /api/v1/submissions/{submission_id}/versions/{number}/file",
        "downloadSubmissionFile",
        ("admin", "teacher", "student"),
        refuse=404,
        why="tutors and parents see the work, not its files",
        ids={"submission_id": "submission", "number": "first_version"},
    ),
)

REPORTS: tuple[Rule, ...] = (
    rule("GET /api/v1/reports", "listReports", SIGNED_IN),
    rule("POST /api/v1/reports", "createReport", ("teacher", "tutor"), ok=201, body=b.report),
    rule(
        "GET /api/v1/reports/{report_id}",
        "getReport",
        FAMILY,
        ids={"report_id": "report"},
    ),
    rule(
        "PATCH /api/v1/reports/{report_id}",
        "updateReport",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ids={"report_id": "draft_report"},
        body=b.title,
    ),
    rule(
        "DELETE /api/v1/reports/{report_id}",
        "deleteReport",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ok=204,
        ids={"report_id": "draft_report"},
    ),
    rule(
        "POST /api/v1/reports/{report_id}/send",
        "sendReport",
        AUTHOR,
        refuse=404,
        why="a draft is its author's alone",
        ids={"report_id": "draft_report"},
    ),
    rule(
        "POST /api/v1/reports/{report_id}/read",
        "markReportRead",
        ("tutor", "parent"),
        ids={"report_id": "report"},
    ),
)
