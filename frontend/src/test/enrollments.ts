import type { components } from "../api/schema";
import { ids } from "./fixtures";

type Enrollment = components["schemas"]["EnrollmentOut"];

/** Маша's active Mathematics with Анна Смирнова; `changes` make it another enrollment. */
export function enrollment(changes: Partial<Enrollment> = {}): Enrollment {
  return {
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
    ...changes,
  };
}
