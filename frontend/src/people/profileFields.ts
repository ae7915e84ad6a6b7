import type { components } from "../api/schema";
import type { Role } from "../auth/session";

export type Account = components["schemas"]["AccountOut"];
export type ProfileUpdate = components["schemas"]["OwnProfileUpdate"];
export type Editable = keyof ProfileUpdate;

export interface ProfileField {
  name: Editable;
  kind: "text" | "multiline" | "tel" | "number" | "flag";
  /** Emptied, the field is sent as null (cleared); otherwise an empty value is sent as it is. */
  nullable: boolean;
  min?: number;
  max?: number;
}

const NAMES: ProfileField[] = [
  { name: "first_name", kind: "text", nullable: false },
  { name: "last_name", kind: "text", nullable: false },
  { name: "phone", kind: "tel", nullable: true },
];
const TELEGRAM: ProfileField = { name: "telegram", kind: "text", nullable: true };
const BIO: ProfileField = { name: "bio", kind: "multiline", nullable: true };
const EXPERIENCE: ProfileField = {
  name: "experience_years",
  kind: "number",
  nullable: true,
  min: 0,
  max: 80,
};

/** What each role may change about itself (the platform's SELF_EDITABLE). */
export const EDITABLE: Record<Role, ProfileField[]> = {
  student: [
    ...NAMES,
    { name: "grade", kind: "number", nullable: true, min: 1, max: 11 },
    { name: "goal", kind: "multiline", nullable: true },
    TELEGRAM,
  ],
  teacher: [...NAMES, BIO, EXPERIENCE, TELEGRAM],
  tutor: [...NAMES, { name: "specialization", kind: "text", nullable: false }, BIO, EXPERIENCE, TELEGRAM],
  parent: [
    ...NAMES,
    TELEGRAM,
    { name: "notify_by_telegram", kind: "flag", nullable: false },
    { name: "notify_by_email", kind: "flag", nullable: false },
  ],
  admin: NAMES,
};

export type ProfileValues = Partial<Record<Editable, string | boolean>>;

/** The form's values: text as typed, flags as booleans, nothing as "". */
export function valuesOf(account: Account): ProfileValues {
  const source: Record<string, unknown> = { ...account.user, ...(account.profile ?? {}) };
  const values: ProfileValues = {};
  for (const field of EDITABLE[account.user.role]) {
    const value = source[field.name];
    if (field.kind === "flag") values[field.name] = value === true;
    else values[field.name] = value === null || value === undefined ? "" : String(value);
  }
  return values;
}

/** The PATCH body: only the fields that changed, typed as the platform wants them. */
export function changesOf(role: Role, before: ProfileValues, after: ProfileValues): ProfileUpdate {
  const body: Record<string, unknown> = {};
  for (const field of EDITABLE[role]) {
    const value = after[field.name];
    if (value === undefined || value === before[field.name]) continue;
    if (typeof value === "boolean") body[field.name] = value;
    else if (value.trim() === "" && field.nullable) body[field.name] = null;
    else if (field.kind === "number") body[field.name] = Number(value);
    else body[field.name] = value.trim();
  }
  return body as ProfileUpdate;
}

/** Fields whose number is not whole: the browser says so before anything is sent. */
export function notWholeNumbers(role: Role, values: ProfileValues): Editable[] {
  return EDITABLE[role]
    .filter((field) => field.kind === "number")
    .filter((field) => {
      const value = values[field.name];
      return typeof value === "string" && value.trim() !== "" && !Number.isInteger(Number(value));
    })
    .map((field) => field.name);
}
