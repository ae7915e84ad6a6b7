import type { components } from "../api/schema";
import { json } from "../test/fakeServer";
import { ids, parentUser, studentUser } from "../test/fixtures";

type Schemas = components["schemas"];

export const adminUser: Schemas["UserOut"] = {
  ...studentUser,
  id: "0190f3f4-0000-7000-8000-0000000000f0",
  email: "admin@demo.thebot.local",
  first_name: "Ирина",
  last_name: "Соколова",
  full_name: "Ирина Соколова",
  role: "admin",
};

export const asAdmin = { "GET /api/v1/auth/me": () => json({ user: adminUser, profile: null }) };

export const tutorUser: Schemas["UserOut"] = {
  ...studentUser,
  id: ids.elena,
  email: "elena.kuznetsova@demo.thebot.local",
  first_name: "Елена",
  last_name: "Кузнецова",
  full_name: "Елена Кузнецова",
  role: "tutor",
};

export const teacherUser: Schemas["UserOut"] = {
  ...studentUser,
  id: ids.anna,
  email: "anna.smirnova@demo.thebot.local",
  first_name: "Анна",
  last_name: "Смирнова",
  full_name: "Анна Смирнова",
  role: "teacher",
};

export const student: Schemas["AccountOut"] = {
  user: studentUser,
  profile: {
    role: "student",
    grade: 8,
    goal: "Сдать ОГЭ",
    tutor_id: null,
    parent_id: null,
    telegram: null,
    staff_notes: null,
  },
};

export const tutor: Schemas["AccountOut"] = {
  user: tutorUser,
  profile: { role: "tutor", specialization: "Экзамены", bio: null, experience_years: 6, telegram: null },
};

export const parent: Schemas["AccountOut"] = {
  user: parentUser,
  profile: { role: "parent", telegram: null, notify_by_telegram: false, notify_by_email: true },
};

export const teacher: Schemas["AccountOut"] = {
  user: teacherUser,
  profile: {
    role: "teacher",
    bio: null,
    experience_years: 12,
    telegram: null,
    subject_ids: [ids.mathSubject],
  },
};

export const subjects: Schemas["SubjectOut"][] = [
  { id: ids.mathSubject, name: "Mathematics", description: "Алгебра", color: "#2563EB" },
  { id: ids.englishSubject, name: "English", description: null, color: "#DC2626" },
];

export function page<T>(items: T[], total = items.length, offset = 0, limit = 20) {
  return { items, total, limit, offset };
}
