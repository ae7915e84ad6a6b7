import type { Assignment } from "./api";

export type HomeworkState = "todo" | "overdue" | "submitted" | "graded" | "returned";

/** Where a student stands with an assignment: to do, overdue, handed in, graded or returned. */
export function homeworkState(assignment: Assignment, now: number = Date.now()): HomeworkState {
  const own = assignment.own_submission;
  if (own === null) return Date.parse(assignment.due_at) < now ? "overdue" : "todo";
  return own.status;
}
