import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { allPages, PAGE_LIMIT } from "../api/pages";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";

export type Lesson = components["schemas"]["LessonOut"];
export type LessonCreate = components["schemas"]["LessonCreate"];
export type LessonUpdate = components["schemas"]["LessonUpdate"];
export type HistoryEntry = components["schemas"]["HistoryOut"];

export const LESSONS_KEY = ["lessons"] as const;
const CALENDAR_KEY = ["calendar"] as const;

/** The lessons that start from `from` (inclusive) to `to` (exclusive), in start order. */
export function useLessonsBetween(from: string, to: string) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...LESSONS_KEY, "between", from, to],
    queryFn: () =>
      allPages((offset) =>
        unwrap(api.GET("/api/v1/lessons", { params: { query: { from, to, limit: PAGE_LIMIT, offset } } })),
      ),
  });
}

export function useLessonHistory(lessonId: string) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...LESSONS_KEY, lessonId, "history"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/lessons/{lesson_id}/history", { params: { path: { lesson_id: lessonId } } })),
  });
}

/** A change of a lesson changes the schedule, the lesson's history and the dashboards. */
function useRefreshLessons() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: LESSONS_KEY }),
      queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
    ]);
  };
}

export function useCreateLesson() {
  const { api } = useApi();
  const refresh = useRefreshLessons();
  return useMutation({
    mutationFn: (body: LessonCreate) => unwrap(api.POST("/api/v1/lessons", { body })),
    onSuccess: refresh,
  });
}

export function useMoveLesson(lessonId: string) {
  const { api } = useApi();
  const refresh = useRefreshLessons();
  return useMutation({
    mutationFn: (body: LessonUpdate) =>
      unwrap(api.PATCH("/api/v1/lessons/{lesson_id}", { params: { path: { lesson_id: lessonId } }, body })),
    onSuccess: refresh,
  });
}

export function useCancelLesson(lessonId: string) {
  const { api } = useApi();
  const refresh = useRefreshLessons();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.DELETE("/api/v1/lessons/{lesson_id}", {
          params: { path: { lesson_id: lessonId }, query: reason ? { reason } : {} },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useCompleteLesson(lessonId: string) {
  const { api } = useApi();
  const refresh = useRefreshLessons();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/lessons/{lesson_id}/complete", { params: { path: { lesson_id: lessonId } } })),
    onSuccess: refresh,
  });
}

export function useCalendarFeed() {
  const { api } = useApi();
  return useQuery({
    queryKey: CALENDAR_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/calendar")),
  });
}

export function useRotateCalendarFeed() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/calendar/rotate")),
    onSuccess: (feed) => queryClient.setQueryData(CALENDAR_KEY, feed),
  });
}
