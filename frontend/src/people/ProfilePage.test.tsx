import { screen, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import type { components } from "../api/schema";
import { json, problem } from "../test/fakeServer";
import { studentUser } from "../test/fixtures";
import { renderApp } from "../test/render";

const account: components["schemas"]["AccountOut"] = {
  user: studentUser,
  profile: {
    role: "student",
    grade: 8,
    goal: "Уверенно сдать ОГЭ",
    tutor_id: null,
    parent_id: null,
    telegram: null,
  },
};
const avatarUrl = "http://thebot.test/media/avatars/new.webp";

/**
 * The fake platform records every request body as JSON; an avatar is sent as multipart form
 * data, so such a body is recorded as its text here instead of failing to parse.
 */
function acceptMultipart() {
  const parse = JSON.parse;
  vi.spyOn(JSON, "parse").mockImplementation((text: string, reviver?: Parameters<typeof parse>[1]) =>
    text.startsWith("--") ? text : parse(text, reviver),
  );
}

function openProfile(routes: Parameters<typeof renderApp>[1] = {}) {
  return renderApp(null, {
    route: "/profile",
    ...routes,
    routes: { "GET /api/v1/profile": () => json(account), ...routes.routes },
  });
}

test("only the changed editable fields are sent, and the header shows the new name", async () => {
  const { user, server } = openProfile({
    routes: {
      "PATCH /api/v1/profile": () =>
        json({
          user: { ...studentUser, first_name: "Мария", full_name: "Мария Иванова" },
          profile: { ...account.profile, goal: "Сдать ОГЭ на 5" },
        }),
    },
  });
  const details = await screen.findByRole("region", { name: "Личные данные" });
  expect(within(details).queryByLabelText("Специализация")).toBeNull();
  expect(within(details).queryByLabelText("Электронная почта")).toBeNull();
  expect(within(details).getByLabelText("Класс")).toHaveValue(8);

  const goal = within(details).getByLabelText("Цель занятий");
  await user.clear(goal);
  await user.type(goal, "Сдать ОГЭ на 5");
  const firstName = within(details).getByLabelText("Имя");
  await user.clear(firstName);
  await user.type(firstName, "Мария");
  await user.click(within(details).getByRole("button", { name: "Сохранить" }));

  expect(await within(details).findByText("Сохранено.")).toBeInTheDocument();
  expect(server.calls.filter((call) => call.method === "PATCH").map((call) => call.body)).toEqual([
    { first_name: "Мария", goal: "Сдать ОГЭ на 5" },
  ]);
  expect(screen.getByRole("link", { name: "Мария Иванова" })).toHaveAttribute("href", "/profile");

  // Saved values are the new starting point: nothing more to send.
  await user.click(within(details).getByRole("button", { name: "Сохранить" }));
  expect(await within(details).findByText("Изменений нет.")).toBeInTheDocument();
  expect(server.calls.filter((call) => call.method === "PATCH")).toHaveLength(1);
}, 20_000);

test("a server refusal of a field is shown by that field", async () => {
  const { user } = openProfile({
    routes: {
      "PATCH /api/v1/profile": () =>
        problem(400, "Some fields are not valid.", {
          errors: [{ field: "telegram", message: "must be 5 to 32 letters, digits or underscores" }],
        }),
    },
  });
  const telegram = await screen.findByLabelText("Telegram");
  await user.type(telegram, "@ab");
  await user.click(screen.getByRole("button", { name: "Сохранить" }));
  expect(await screen.findByText("must be 5 to 32 letters, digits or underscores")).toBeInTheDocument();
  expect(telegram).toHaveAttribute("aria-invalid", "true");
  expect(telegram).toHaveValue("@ab");
});

test("an avatar over 5 MB is refused in the browser, before any upload", async () => {
  const { user, server } = openProfile();
  const input = await screen.findByLabelText("Файл изображения");
  const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.png", { type: "image/png" });
  await user.upload(input, big);

  expect(screen.getByText("Файл больше 5 МБ: выберите изображение поменьше.")).toBeInTheDocument();
  expect(input).toHaveAttribute("aria-invalid", "true");
  await user.click(screen.getByRole("button", { name: "Загрузить" }));
  expect(server.calls.some((call) => call.method === "PUT")).toBe(false);
});

test("the server's 415 about the file is shown", async () => {
  acceptMultipart();
  const { user, server } = openProfile({
    routes: {
      "PUT /api/v1/profile/avatar": () => problem(415, "Send the body as multipart/form-data."),
    },
  });
  const input = await screen.findByLabelText("Файл изображения");
  await user.upload(input, new File([new Uint8Array([137, 80, 78, 71])], "face.png", { type: "image/png" }));
  await user.click(screen.getByRole("button", { name: "Загрузить" }));

  const form = input.closest("form") as HTMLElement;
  expect(await within(form).findByRole("alert")).toHaveTextContent("Send the body as multipart/form-data.");
  const put = server.calls.find((call) => call.method === "PUT");
  expect(put?.path).toBe("/api/v1/profile/avatar");
  expect(String(put?.body)).toContain('name="file"');
});

test("an uploaded avatar shows at once in the header and the profile", async () => {
  acceptMultipart();
  const { user } = openProfile({
    routes: { "PUT /api/v1/profile/avatar": () => json({ avatar_url: avatarUrl }) },
  });
  const input = await screen.findByLabelText("Файл изображения");
  await user.upload(input, new File([new Uint8Array([137, 80, 78, 71])], "face.png", { type: "image/png" }));
  await user.click(screen.getByRole("button", { name: "Загрузить" }));

  expect(await screen.findByText("Фотография обновлена.")).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "Ваша фотография" })).toHaveAttribute("src", avatarUrl);
  const header = screen.getByRole("banner");
  expect(within(header).getByRole("link", { name: "Маша Иванова" }).querySelector("img")).toHaveAttribute(
    "src",
    avatarUrl,
  );
});
