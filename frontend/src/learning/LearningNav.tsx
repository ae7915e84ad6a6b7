import { NavLink } from "react-router";
import type { Role } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { CountBadge } from "../layout/CountBadge";
import { usePendingCount } from "./api";

/** The header's items of this area: materials and homework; for teachers, the work to grade. */
export function LearningNav({ role }: { role: Role }) {
  const { t } = useI18n();
  if (role !== "teacher" && role !== "student") return null;
  return (
    <>
      <li>
        <NavLink to="/materials" end={false}>
          {t("learning.materials")}
        </NavLink>
      </li>
      <li>
        <NavLink to="/homework" end={false}>
          {t("learning.homework")}
        </NavLink>
      </li>
      {role === "teacher" && (
        <li>
          <NavLink to="/submissions" end={false}>
            {t("learning.toGrade")} <PendingBadge />
          </NavLink>
        </li>
      )}
    </>
  );
}

function PendingBadge() {
  const { t } = useI18n();
  const { data: count } = usePendingCount();
  return (
    <CountBadge
      count={count}
      label={t("learning.pendingCount", { count: count ?? 0 })}
      testId="pending-badge"
    />
  );
}
