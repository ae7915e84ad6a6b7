import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Pager } from "../layout/Pager";
import { QueryProblem } from "../layout/QueryProblem";
import { AdminOnly, AdminPage } from "./AdminPage";
import { adminRu } from "./messages";

type Entry = components["schemas"]["AuditEntryOut"];
export const AUDIT_PAGE_SIZE = 25;
const ID = /^[0-9a-f-]{36}$/i;

/** The audit log of administrative actions, newest first, a page at a time (`?offset=`). */
export function AuditPage() {
  return (
    <AdminOnly>
      <AuditPageContent />
    </AdminOnly>
  );
}

function AuditPageContent() {
  const { api } = useApi();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const parsed = Number.parseInt(params.get("offset") ?? "0", 10);
  const offset = Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
  const target = params.get("target_id");
  const targetId = target && ID.test(target) ? target : undefined;
  const page = useQuery({
    queryKey: ["admin", "audit", targetId ?? null, offset],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/admin/audit", {
          params: { query: { target_id: targetId, limit: AUDIT_PAGE_SIZE, offset } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  function turn(next: number) {
    const query = new URLSearchParams(params);
    if (next > 0) query.set("offset", String(next));
    else query.delete("offset");
    setParams(query);
  }

  return (
    <AdminPage title={t("admin.audit.title")}>
      {targetId && (
        <p>
          {t("admin.audit.oneTarget")} <Link to="/admin/audit">{t("admin.audit.all")}</Link>
        </p>
      )}
      {page.isPending && <p role="status">{t("common.loading")}</p>}
      {page.isError && <QueryProblem error={page.error} retry={() => void page.refetch()} />}
      {page.data && page.data.total === 0 && <p>{t("admin.audit.empty")}</p>}
      {page.data && page.data.items.length > 0 && (
        <>
          <div className="card admin-table">
            <table>
              <caption className="visually-hidden">{t("admin.audit.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.audit.when")}</th>
                  <th scope="col">{t("admin.audit.who")}</th>
                  <th scope="col">{t("admin.audit.action")}</th>
                  <th scope="col">{t("admin.audit.target")}</th>
                  <th scope="col">{t("admin.audit.details")}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={page.data.total} offset={offset} limit={AUDIT_PAGE_SIZE} onChange={turn} />
        </>
      )}
    </AdminPage>
  );
}

function AuditRow({ entry }: { entry: Entry }) {
  const { t, label } = useI18n();
  const format = useFormat();
  const actionKey = `admin.action.${entry.action}`;
  const fieldName = (field: string) => {
    const key = `admin.field.${field}`;
    return key in adminRu ? t(key as keyof typeof adminRu) : field;
  };
  return (
    <tr data-id={entry.id}>
      <td>{format.dateTime(entry.created_at)}</td>
      <td>{entry.actor_name ?? t("admin.audit.system")}</td>
      <td>{actionKey in adminRu ? t(actionKey as keyof typeof adminRu) : entry.action}</td>
      <td>
        {entry.target_name && entry.target_id ? (
          <Link to={`/admin/users/${entry.target_id}`}>{entry.target_name}</Link>
        ) : (
          (entry.target_id ?? "—")
        )}
      </td>
      <td>
        <ul className="plain">
          {Object.entries(entry.changes).map(([field, value]) => (
            <li key={field}>
              {fieldName(field)}:{" "}
              {field === "role" && typeof value === "string" ? label("role", value) : change(value)}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

/** A recorded value: `[old, new]` as "old → new", anything else as itself. */
function change(value: unknown): string {
  if (Array.isArray(value) && value.length === 2) return `${shown(value[0])} → ${shown(value[1])}`;
  return shown(value);
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.map(shown).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
