import { expect, test } from "vitest";
import { appPathOf } from "./links";

const plan = "0190f3f4-0000-7000-8000-000000000040";

test("only paths of pages this app has become links", () => {
  expect(appPathOf(`/study-plans/${plan}`)).toBe(`/study-plans/${plan}`);
  expect(appPathOf("/notifications")).toBe("/notifications");
  expect(appPathOf("/dashboard/parent")).toBe("/dashboard/parent");
  expect(appPathOf(`/lessons/${plan}`)).toBe(`/lessons/${plan}`);
  expect(appPathOf("/schedule")).toBe("/schedule");
  expect(appPathOf("/lessons/not-an-id")).toBeNull();
  expect(appPathOf(`/homework/${plan}`)).toBe(`/homework/${plan}`);
  expect(appPathOf(`/chats/${plan}`)).toBe(`/chats/${plan}`);
  expect(appPathOf(`/payments/${plan}`)).toBe(`/payments/${plan}`);
  expect(appPathOf(`/wizards/${plan}`)).toBeNull();
  expect(appPathOf("//evil.example/study-plans")).toBeNull();
  expect(appPathOf("https://evil.example/notifications")).toBeNull();
  expect(appPathOf("/study-plans/not-an-id")).toBeNull();
});
