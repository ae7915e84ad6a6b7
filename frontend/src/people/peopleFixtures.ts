import type { components } from "../api/schema";
import { enrollment } from "../test/enrollments";
import { id, ids, parentUser, studentUser } from "../test/fixtures";

type Schemas = components["schemas"];

export const peopleIds = {
  sasha: id(201),
  dmitry: id(202),
  physics: id(203),
  sarah: id(204),
  newStudent: id(205),
};

const studentProfile = (grade: number, parent: string | null): Schemas["StudentProfileOut"] => ({
  role: "student",
  grade,
  goal: null,
  tutor_id: ids.elena,
  parent_id: parent,
  telegram: null,
  staff_notes: null,
});

export const petya: Schemas["AccountOut"] = {
  user: {
    ...studentUser,
    id: ids.petya,
    email: "petya.ivanov@demo.thebot.local",
    first_name: "Петя",
    last_name: "Иванов",
    full_name: "Петя Иванов",
  },
  profile: studentProfile(5, ids.olga),
};

export const sasha: Schemas["AccountOut"] = {
  user: {
    ...studentUser,
    id: peopleIds.sasha,
    email: "sasha.morozova@demo.thebot.local",
    first_name: "Саша",
    last_name: "Морозова",
    full_name: "Саша Морозова",
  },
  profile: { ...studentProfile(11, null), goal: "ЕГЭ по физике на 80+" },
};

export const olga: Schemas["AccountOut"] = {
  user: parentUser,
  profile: { role: "parent", telegram: null, notify_by_telegram: false, notify_by_email: false },
};

export const petyaMath = enrollment({
  id: ids.petyaEnrollment,
  student_id: ids.petya,
  student_name: "Петя Иванов",
  teacher_id: peopleIds.dmitry,
  teacher_name: "Дмитрий Волков",
  assigned_by_id: ids.elena,
  started_at: "2026-11-02T09:00:00Z",
  price_per_period: null,
  paid_until: null,
});

export const sashaPhysics: Schemas["EnrollmentOut"] = {
  ...petyaMath,
  id: id(210),
  student_id: peopleIds.sasha,
  student_name: "Саша Морозова",
  subject_id: peopleIds.physics,
  subject_name: "Physics",
  display_name: "Physics",
  price_per_period: "8000.00",
  paid_until: "2026-12-20",
};

export const subjects: Schemas["SubjectOut"][] = [
  { id: ids.mathSubject, name: "Mathematics", description: null, color: "#2563EB" },
  { id: ids.englishSubject, name: "English", description: null, color: "#DC2626" },
  { id: peopleIds.physics, name: "Physics", description: null, color: "#059669" },
];

export const credentials = (login: string, password: string) => ({ login, password });
