import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { SelectField, TextField } from "../forms/fields";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Pager } from "../layout/Pager";
import { QueryProblem } from "../layout/QueryProblem";
import { ROLES, type Account, type Role } from "./accountFields";
import { AdminOnly, AdminPage } from "./AdminPage";

export const USERS_PAGE_SIZE = 20;

/** The list's filters as the URL holds them (`?role=&active=&q=&offset=`). */
function filtersOf(params: URLSearchParams) {
  const role = params.get("role");
  const active = params.get("active");
  const offset = Number.parseInt(params.get("offset") ?? "0", 10);
  return {
    role: ROLES.includes(role as Role) ? (role as Role) : null,
    active: active === "true" || active === "false" ? active : null,
    q: params.get("q")?.trim() || null,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

/** The school's accounts: filters, search and pages, all kept in the URL. */
export function UsersPage() {
  return (
    <AdminOnly>
      <UsersPageContent />
    </AdminOnly>
  );
}

function UsersPageContent() {
  const { t } = useI18n();
  return (
    <AdminPage title={t("admin.users.title")}>
      <p>
        <Link to="/admin/users/new" className="button">
          {t("admin.users.create")}
        </Link>
      </p>
      <UserList />
    </AdminPage>
  );
}

function UserList() {
  const { api } = useApi();
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [text, setText] = useState(filters.q ?? "");
  // Back and forward change the URL under the box: it shows the search of the page shown.
  useEffect(() => setText(filters.q ?? ""), [filters.q]);

  const page = useQuery({
    queryKey: ["admin", "users", filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: {
            query: {
              role: filters.role ?? undefined,
              is_active: filters.active === null ? undefined : filters.active === "true",
              q: filters.q ?? undefined,
              limit: USERS_PAGE_SIZE,
              offset: filters.offset,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  function change(name: "role" | "active" | "q" | "offset", value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null || value === "" || (name === "offset" && value === "0")) next.delete(name);
    else next.set(name, value);
    // A new filter starts from its first page.
    if (name !== "offset") next.delete("offset");
    setParams(next);
  }

  return (
    <>
      <form
        className="form filters"
        role="search"
        aria-label={t("admin.users.filters")}
        onSubmit={(event) => {
          event.preventDefault();
          change("q", text.trim());
        }}
      >
        <SelectField
          id="users-role"
          label={t("admin.users.role")}
          value={filters.role ?? ""}
          onChange={(v) => change("role", v)}
          placeholder={t("admin.users.anyRole")}
          options={ROLES.map((role) => ({ value: role, label: label("role", role) }))}
        />
        <SelectField
          id="users-active"
          label={t("admin.users.status")}
          value={filters.active ?? ""}
          onChange={(v) => change("active", v)}
          placeholder={t("admin.users.anyStatus")}
          options={[
            { value: "true", label: t("admin.users.activeOnly") },
            { value: "false", label: t("admin.users.inactiveOnly") },
          ]}
        />
        <TextField
          id="users-q"
          type="search"
          autoComplete="off"
          label={t("admin.users.search")}
          value={text}
          onChange={setText}
        />
        <p className="field">
          <button type="submit">{t("admin.users.find")}</button>
        </p>
      </form>
      {page.isPending && <p role="status">{t("common.loading")}</p>}
      {page.isError && <QueryProblem error={page.error} retry={() => void page.refetch()} />}
      {page.data && (
        <>
          <p role="status">{t("admin.users.found", { count: page.data.total })}</p>
          {page.data.items.length > 0 && <UserTable items={page.data.items} />}
          <Pager
            total={page.data.total}
            offset={filters.offset}
            limit={USERS_PAGE_SIZE}
            onChange={(offset) => change("offset", String(offset))}
          />
        </>
      )}
    </>
  );
}

function UserTable({ items }: { items: Account[] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <div className="card admin-table">
      <table>
        <caption className="visually-hidden">{t("admin.users.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.field.name")}</th>
            <th scope="col">{t("admin.field.email")}</th>
            <th scope="col">{t("admin.users.role")}</th>
            <th scope="col">{t("admin.users.status")}</th>
            <th scope="col">{t("admin.users.lastLogin")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ user }) => (
            <tr key={user.id} data-id={user.id}>
              <th scope="row">
                <Link to={`/admin/users/${user.id}`}>{user.full_name}</Link>
              </th>
              <td>{user.email}</td>
              <td>{label("role", user.role)}</td>
              <td>{user.is_active ? t("admin.status.active") : t("admin.status.inactive")}</td>
              <td>{user.last_login_at ? format.dateTime(user.last_login_at) : t("admin.never")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
