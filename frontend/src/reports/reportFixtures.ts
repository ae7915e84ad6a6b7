import type { components } from "../api/schema";
import { enrollment } from "../test/enrollments";
import { json, page } from "../test/fakeServer";
import { ids, parentUser } from "../test/fixtures";

type Schemas = components["schemas"];

export const enrollmentPage = (items: Schemas["EnrollmentOut"][] = [enrollment()]) => json(page(items));

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
  json({ ...page(items, items.length, 0, 20), unread_count: unread });

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
