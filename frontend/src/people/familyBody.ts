import type { components } from "../api/schema";

export type FamilyCreate = components["schemas"]["FamilyCreate"];
export type ParentMode = "new" | "existing";

export const STUDENT_FIELDS = ["first_name", "last_name", "email", "grade", "goal"] as const;
export const PARENT_FIELDS = ["first_name", "last_name", "email", "phone"] as const;
/** The form's fields, named as the platform names them in its errors. */
export const FAMILY_FIELDS = [
  ...STUDENT_FIELDS.map((name) => `student.${name}`),
  ...PARENT_FIELDS.map((name) => `parent.${name}`),
  "parent_id",
] as const;

/** The fields the form shows with this way of naming the parent. */
export function fieldsFor(mode: ParentMode): string[] {
  return FAMILY_FIELDS.filter((name) =>
    mode === "new" ? name !== "parent_id" : !name.startsWith("parent."),
  );
}

export type FamilyValues = Record<string, string>;

export const EMPTY_FAMILY: FamilyValues = Object.fromEntries(FAMILY_FIELDS.map((name) => [name, ""]));

/** The request: the fields filled in (trimmed), the grade as a number, one way of naming the parent. */
export function familyBody(values: FamilyValues, mode: ParentMode): FamilyCreate {
  const filled = (prefix: string, names: readonly string[]) => {
    const part: Record<string, string | number> = {};
    for (const name of names) {
      const value = (values[`${prefix}.${name}`] ?? "").trim();
      if (value === "") continue;
      part[name] = name === "grade" && Number.isFinite(Number(value)) ? Number(value) : value;
    }
    return part;
  };
  const student = filled("student", STUDENT_FIELDS);
  if (mode === "existing") return { student, parent_id: values.parent_id ?? "" };
  return { student, parent: filled("parent", PARENT_FIELDS) };
}
