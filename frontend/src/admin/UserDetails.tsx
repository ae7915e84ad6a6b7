import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n/I18nProvider";
import type { MessageKey } from "../i18n/messages";
import { useFormat } from "../i18n/useFormat";
import { FLAGS, ROLE_FIELDS, valuesOf, type Account } from "./accountFields";
import { UserEditForm } from "./UserEditForm";

/** What the office knows of an account, and the way to change it. */
export function UserDetails({ account }: { account: Account }) {
  const { t, label } = useI18n();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const closedOnce = useRef(false);
  const { user } = account;
  const values = valuesOf(account);

  useEffect(() => {
    // Closing the form gives the focus back to the button that opened it.
    if (!editing && closedOnce.current) editButton.current?.focus();
  }, [editing]);

  function close(didSave: boolean) {
    closedOnce.current = true;
    setSaved(didSave);
    setEditing(false);
  }

  const shown = (value: string | boolean) =>
    typeof value === "boolean" ? (value ? t("common.yes") : t("common.no")) : value || "—";

  return (
    <section className="card" aria-labelledby="user-details">
      <h2 id="user-details">{t("admin.user.details")}</h2>
      {editing ? (
        <UserEditForm account={account} onClose={close} />
      ) : (
        <>
          <dl className="facts">
            <dt>{t("admin.field.role")}</dt>
            <dd>{label("role", user.role)}</dd>
            <dt>{t("admin.field.email")}</dt>
            <dd>{user.email}</dd>
            <dt>{t("admin.field.phone")}</dt>
            <dd>{user.phone ?? "—"}</dd>
            <dt>{t("admin.users.status")}</dt>
            <dd>{user.is_active ? t("admin.status.active") : t("admin.status.inactive")}</dd>
            <dt>{t("admin.user.mustChange")}</dt>
            <dd>{user.must_change_password ? t("common.yes") : t("common.no")}</dd>
            <dt>{t("admin.users.lastLogin")}</dt>
            <dd>{user.last_login_at ? format.dateTime(user.last_login_at) : t("admin.never")}</dd>
            <dt>{t("admin.user.created")}</dt>
            <dd>{format.dateTime(user.created_at)}</dd>
            {ROLE_FIELDS[user.role].map((name) => (
              <Fact key={name} term={t(`admin.field.${name}` as MessageKey)}>
                {FLAGS.has(name) ? shown(values[name] === true) : shown(values[name])}
              </Fact>
            ))}
          </dl>
          {saved && <p role="status">{t("admin.edit.saved")}</p>}
          <p>
            <button ref={editButton} type="button" onClick={() => setEditing(true)}>
              {t("admin.edit.open")}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className="multiline">{children}</dd>
    </>
  );
}
