import type { components } from "../api/schema";
import { json } from "../test/fakeServer";
import { ids, parentUser, studentUser } from "../test/fixtures";

type Schemas = components["schemas"];

export const teacherUser: Schemas["UserOut"] = {
  ...studentUser,
  id: ids.anna,
  email: "anna.smirnova@demo.thebot.local",
  first_name: "Анна",
  last_name: "Смирнова",
  full_name: "Анна Смирнова",
  role: "teacher",
};

export const tutorUser: Schemas["UserOut"] = {
  ...studentUser,
  id: ids.elena,
  email: "elena.kuznetsova@demo.thebot.local",
  first_name: "Елена",
  last_name: "Кузнецова",
  full_name: "Елена Кузнецова",
  role: "tutor",
};

export const signedInAs = (user: Schemas["UserOut"]) => ({
  "GET /api/v1/auth/me": () => json({ user, profile: null }),
});

export const mathEnrollment: Schemas["EnrollmentOut"] = {
  id: ids.mathEnrollment,
  student_id: ids.masha,
  student_name: "Маша Иванова",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  display_name: "Mathematics",
  teacher_id: ids.anna,
  teacher_name: "Анна Смирнова",
  custom_subject_name: null,
  assigned_by_id: null,
  status: "active",
  started_at: "2026-09-01T09:00:00Z",
  ended_at: null,
  price_per_period: "12000.00",
  currency: "RUB",
  period_weeks: 4,
  paid_until: "2026-12-18",
};

export const enrollmentPage = (items: Schemas["EnrollmentOut"][] = [mathEnrollment]) =>
  json({ items, total: items.length, limit: 100, offset: 0 });

export const sentReport: Schemas["ReportOut"] = {
  id: ids.report,
  author_id: ids.anna,
  author_name: "Анна Смирнова",
  author_role: "teacher",
  student_id: ids.masha,
  student_name: "Маша Иванова",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  period_start: "2026-11-05",
  period_end: "2026-11-25",
  title: "Математика: итоги трёх недель",
  summary: "Маша уверенно работает с дробями.",
  achievements: "Контрольная по дробям на 9 из 10.",
  concerns: null,
  recommendations: "Больше практики на текстовые задачи.",
  progress_percentage: 75,
  attendance_percentage: 100,
  status: "sent",
  sent_at: "2026-11-25T05:12:00Z",
  created_at: "2026-11-25T05:00:00Z",
  updated_at: "2026-11-25T05:12:00Z",
  recipients: [{ user_id: ids.olga, name: parentUser.full_name, role: "parent", read_at: null }],
};

/** The same report as its parent recipient receives it. */
export const receivedReport = (read: boolean): Schemas["ReportOut"] => ({
  ...sentReport,
  recipients: [{ ...sentReport.recipients[0]!, read_at: read ? "2026-11-26T08:00:00Z" : null }],
  read_at: read ? "2026-11-26T08:00:00Z" : null,
  is_unread: !read,
});

export const reportPage = (items: Schemas["ReportOut"][], unread = 0) =>
  json({ items, total: items.length, limit: 20, offset: 0, unread_count: unread });

export const draftPlan: Schemas["StudyPlanOut"] = {
  id: ids.plan,
  author_id: ids.anna,
  author_name: "Анна Смирнова",
  student_id: ids.masha,
  student_name: "Маша Иванова",
  subject_id: ids.mathSubject,
  subject_name: "Mathematics",
  enrollment_id: ids.mathEnrollment,
  week_start: "2026-11-30",
  week_end: "2026-12-06",
  title: "Десятичные дроби",
  content: "Пн: перевод обыкновенных дробей в десятичные.",
  status: "draft",
  sent_at: null,
  files: [],
  created_at: "2026-11-26T06:00:00Z",
  updated_at: "2026-11-26T06:00:00Z",
};
