import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type Role = Schemas["Role"];
export type Account = Schemas["AccountOut"];
export type UserUpdate = Schemas["UserUpdate"];

export const ROLES: readonly Role[] = ["student", "teacher", "tutor", "parent", "admin"];

export const USER_FIELDS = ["first_name", "last_name", "email", "phone"] as const;
const PROFILE_FIELDS = [
  "grade",
  "goal",
  "specialization",
  "bio",
  "experience_years",
  "telegram",
  "staff_notes",
  "notify_by_telegram",
  "notify_by_email",
] as const;
export type FieldName = (typeof USER_FIELDS)[number] | (typeof PROFILE_FIELDS)[number];
export type Values = Record<FieldName, string | boolean>;

/** The profile fields of each role, as the platform's people rules define them. */
export const ROLE_FIELDS: Record<Role, readonly FieldName[]> = {
  student: ["grade", "goal", "telegram", "staff_notes"],
  teacher: ["bio", "experience_years", "telegram"],
  tutor: ["specialization", "bio", "experience_years", "telegram"],
  parent: ["telegram", "notify_by_telegram", "notify_by_email"],
  admin: [],
};
/** Besides email and names, what a new account of the role cannot do without. */
export const REQUIRED_PROFILE: Partial<Record<Role, FieldName>> = {
  student: "grade",
  tutor: "specialization",
};
export const FLAGS: ReadonlySet<FieldName> = new Set(["notify_by_telegram", "notify_by_email"]);
export const NUMBERS: ReadonlySet<FieldName> = new Set(["grade", "experience_years"]);
export const LONG_TEXTS: ReadonlySet<FieldName> = new Set(["goal", "bio", "staff_notes"]);
// Text the platform refuses to set to null (it answers "must not be empty" instead).
const NOT_NULL: ReadonlySet<FieldName> = new Set(["first_name", "last_name", "email", "specialization"]);

export function fieldsOf(role: Role): FieldName[] {
  return [...USER_FIELDS, ...ROLE_FIELDS[role]];
}

export function emptyValues(): Values {
  const values = {} as Values;
  for (const name of [...USER_FIELDS, ...PROFILE_FIELDS]) values[name] = FLAGS.has(name) ? false : "";
  return values;
}

/** The form's values of an existing account (its user and the profile of its role). */
export function valuesOf(account: Account): Values {
  const values = emptyValues();
  const known: Record<string, unknown> = { ...account.user, ...(account.profile ?? {}) };
  for (const name of Object.keys(values) as FieldName[]) {
    const value = known[name];
    if (typeof value === "boolean") values[name] = value;
    else if (value !== null && value !== undefined) values[name] = String(value);
  }
  return values;
}

export interface Built {
  body: Record<string, unknown>;
  /** Field problems found before asking the platform (a number that is not one). */
  invalid: Record<string, true>;
}

function valueOf(name: FieldName, raw: string | boolean): { value: unknown; ok: boolean } {
  if (typeof raw === "boolean") return { value: raw, ok: true };
  const text = raw.trim();
  if (text === "") return { value: NOT_NULL.has(name) ? "" : null, ok: true };
  if (NUMBERS.has(name)) return { value: Number(text), ok: /^-?\d+$/.test(text) };
  return { value: text, ok: true };
}

/** The body creating an account: the fields of its role that were filled in. */
export function creationOf(role: Role, values: Values, password: string): Built {
  const built: Built = { body: { role }, invalid: {} };
  for (const name of fieldsOf(role)) {
    const { value, ok } = valueOf(name, values[name]);
    if (!ok) built.invalid[name] = true;
    else if (value !== null && value !== "") built.body[name] = value;
    else if (value === "" && NOT_NULL.has(name)) built.body[name] = value;
  }
  if (password !== "") built.body.password = password;
  return built;
}

/** The body of a change: only the fields whose value differs from what the account has. */
export function changesOf(role: Role, before: Values, values: Values): Built {
  const built: Built = { body: {}, invalid: {} };
  for (const name of fieldsOf(role)) {
    if (values[name] === before[name]) continue;
    const { value, ok } = valueOf(name, values[name]);
    if (!ok) built.invalid[name] = true;
    else built.body[name] = value;
  }
  return built;
}
