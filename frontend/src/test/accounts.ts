import type { components } from "../api/schema";
import { json, type Handler } from "./fakeServer";
import { ids, studentUser } from "./fixtures";

type User = components["schemas"]["UserOut"];
type Account = components["schemas"]["AccountOut"];

// The demo school's staff, as the fake platform knows them (Маша, the student, and Ольга, her
// parent, are in fixtures.ts).
export const teacherUser: User = {
  ...studentUser,
  id: ids.anna,
  email: "anna.smirnova@demo.thebot.local",
  first_name: "Анна",
  last_name: "Смирнова",
  full_name: "Анна Смирнова",
  role: "teacher",
};

export const tutorUser: User = {
  ...studentUser,
  id: ids.elena,
  email: "elena.kuznetsova@demo.thebot.local",
  first_name: "Елена",
  last_name: "Кузнецова",
  full_name: "Елена Кузнецова",
  role: "tutor",
};

export const adminUser: User = {
  ...studentUser,
  id: "0190f3f4-0000-7000-8000-0000000000f0",
  email: "admin@demo.thebot.local",
  first_name: "Ирина",
  last_name: "Соколова",
  full_name: "Ирина Соколова",
  role: "admin",
};

/** Анна's account as the platform gives it: she teaches Mathematics. */
export const teacherAccount: Account = {
  user: teacherUser,
  profile: {
    role: "teacher",
    bio: null,
    experience_years: 12,
    telegram: null,
    subject_ids: [ids.mathSubject],
  },
};

/** The fake platform's answer to "who am I" for this user. */
export const signedInAs = (user: User): Record<string, Handler> => ({
  "GET /api/v1/auth/me": () => json({ user, profile: null }),
});
