import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { QueryProblem } from "../layout/QueryProblem";
import { AccountActions } from "./AccountActions";
import { AdminOnly, AdminPage } from "./AdminPage";
import { StudentLinks } from "./StudentLinks";
import { TeacherSubjects } from "./TeacherSubjects";
import { UserDetails } from "./UserDetails";

/** One account: its details and profile, changes, sign-in, and the links of its role. */
export function UserPage() {
  return (
    <AdminOnly>
      <UserPageContent />
    </AdminOnly>
  );
}

function UserPageContent() {
  const { userId = "" } = useParams();
  const { api } = useApi();
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ["admin", "user", userId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/admin/users/{user_id}", { params: { path: { user_id: userId } } })),
  });
  const account = query.data;
  return (
    <AdminPage title={account ? account.user.full_name : t("admin.user.title")}>
      <p>
        <Link to="/admin">{t("admin.user.back")}</Link>
      </p>
      {query.isPending && <p role="status">{t("common.loading")}</p>}
      {query.isError && (
        <QueryProblem
          error={query.error}
          retry={() => void query.refetch()}
          notFound={t("admin.user.notFound")}
        />
      )}
      {account && (
        <>
          <UserDetails account={account} />
          {account.profile?.role === "student" && (
            <StudentLinks studentId={account.user.id} profile={account.profile} />
          )}
          {account.profile?.role === "teacher" && (
            <TeacherSubjects teacherId={account.user.id} subjectIds={account.profile.subject_ids} />
          )}
          <AccountActions account={account} />
          <p>
            <Link to={`/admin/audit?target_id=${account.user.id}`}>{t("admin.user.history")}</Link>
          </p>
        </>
      )}
    </AdminPage>
  );
}
