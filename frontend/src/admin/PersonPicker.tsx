import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SelectField, TextField } from "../forms/fields";
import { useI18n } from "../i18n/I18nProvider";

const CHOICES = 50;
const TYPING_PAUSE_MS = 300;

interface Props {
  id: string;
  role: "tutor" | "parent";
  /** The select's label ("Tutor", "Parent"). */
  label: string;
  /** The button that assigns the chosen one. */
  action: string;
  busy: boolean;
  onPick: (person: { id: string; name: string }) => void;
}

/** Finds an active account of a role by name or email and assigns the one chosen. */
export function PersonPicker({ id, role, label, action, busy, onPick }: Props) {
  const { api } = useApi();
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const people = useQuery({
    queryKey: ["admin", "users", "choices", role, q],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: {
            query: { role, is_active: true, q: q || undefined, sort: "last_name", limit: CHOICES, offset: 0 },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const items = people.data?.items ?? [];
  const selected = items.find((item) => item.user.id === chosen);

  return (
    <form
      className="form filters"
      aria-label={action}
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) onPick({ id: selected.user.id, name: selected.user.full_name });
      }}
    >
      <TextField
        id={`${id}-search`}
        type="search"
        autoComplete="off"
        label={t("admin.picker.search")}
        value={text}
        onChange={setText}
      />
      <SelectField
        id={id}
        label={label}
        value={selected ? chosen : ""}
        onChange={setChosen}
        hint={
          people.isError
            ? t("common.loadFailed")
            : t("admin.picker.found", { count: people.data?.total ?? 0 })
        }
        placeholder={people.isPending ? t("common.loading") : t("admin.picker.choose")}
        options={items.map(({ user }) => ({ value: user.id, label: `${user.full_name} — ${user.email}` }))}
      />
      <p className="field">
        <button type="submit" disabled={busy || !selected}>
          {action}
        </button>
      </p>
    </form>
  );
}
