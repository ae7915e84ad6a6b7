import type { components } from "../api/schema";
import { signedInAs, teacherAccount, teacherUser } from "../test/accounts";
import { enrollment } from "../test/enrollments";
import { json, page } from "../test/fakeServer";
import { ids } from "../test/fixtures";

type Schemas = components["schemas"];

export const asTeacher = signedInAs(teacherUser);

/** What the forms read to offer a teacher's subjects and students. */
export const teaching = {
  "GET /api/v1/profile": () => json(teacherAccount),
  "GET /api/v1/subjects": () =>
    json([
      { id: ids.mathSubject, name: "Mathematics", description: null, color: "#2563EB" },
      { id: ids.englishSubject, name: "English", description: null, color: "#DC2626" },
    ] satisfies Schemas["SubjectOut"][]),
  "GET /api/v1/enrollments": () =>
    json(
      page([
        enrollment(),
        enrollment({ id: ids.petyaEnrollment, student_id: ids.petya, student_name: "Петя Иванов" }),
      ]) satisfies Schemas["EnrollmentPage"],
    ),
};

export const material: Schemas["MaterialDetailOut"] = {
  id: ids.material,
  title: "Linear equations: practice set",
  description: "Twenty equations from easy to exam level.",
  content: "Solve: 3x + 5 = 20; 2(x - 4) = 10",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  type: "practice",
  status: "active",
  author_id: ids.anna,
  author_name: "Анна Смирнова",
  difficulty: 3,
  video_url: null,
  file: null,
  published_at: "2026-11-10T09:00:00Z",
  created_at: "2026-11-10T09:00:00Z",
  updated_at: "2026-11-10T09:00:00Z",
  assigned_count: null,
  completed_count: null,
  progress: {
    progress_percentage: 60,
    time_spent_minutes: 30,
    started_at: "2026-11-12T09:00:00Z",
    completed_at: null,
    last_accessed_at: "2026-11-19T05:12:00Z",
  },
  students: null,
};

export const assignment: Schemas["AssignmentOut"] = {
  id: ids.assignment,
  title: "Essay: my favourite place",
  instructions: "150–200 words. Use the Present Perfect at least three times.",
  subject_id: ids.englishSubject,
  subject_name: "English",
  author_id: ids.oliver,
  author_name: "Oliver Brown",
  due_at: "2099-12-01T17:00:00Z",
  max_score: 20,
  status: "published",
  published_at: "2026-11-23T09:00:00Z",
  student_ids: [ids.masha],
  attachments: [],
  counts: null,
  own_submission: null,
};

export const submission: Schemas["SubmissionDetailOut"] = {
  id: ids.submission,
  assignment_id: ids.assignment,
  assignment_title: "Дроби: задачи 1–10",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  student_id: ids.masha,
  student_name: "Маша Иванова",
  status: "submitted",
  is_late: false,
  submitted_at: "2026-11-18T05:12:00Z",
  version: 1,
  score: null,
  max_score: 10,
  feedback: null,
  graded_at: null,
  graded_by_id: null,
  versions: [
    {
      number: 1,
      text: "Решила все задачи 1–10.",
      file: null,
      submitted_at: "2026-11-18T05:12:00Z",
      is_late: false,
    },
  ],
};
