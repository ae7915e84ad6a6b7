import type { components } from "../api/schema";
import { adminUser, signedInAs, tutorUser } from "../test/accounts";
import { ids, parentUser, studentUser } from "../test/fixtures";

type Schemas = components["schemas"];

export const asAdmin = signedInAs(adminUser);

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

export const subjects: Schemas["SubjectOut"][] = [
  { id: ids.mathSubject, name: "Mathematics", description: "Алгебра", color: "#2563EB" },
  { id: ids.englishSubject, name: "English", description: null, color: "#DC2626" },
];
