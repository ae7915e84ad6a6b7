import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { EnrollForm } from "./EnrollForm";
import { accountById, studentProfileOf, type Account } from "./queries";
import { AssignParentForm, ResetPassword } from "./StudentActions";
import { StudentEnrollments } from "./StudentEnrollments";
import { StaffOnly } from "./StaffOnly";

/** One student of the tutor (or of the school, for the office): profile, family, subjects. */
export function StudentPage() {
  const { studentId = "" } = useParams();
  const { t } = useI18n();
  return (
    <StaffOnly>
      <Loaded
        queryKey={["people", "student", studentId]}
        load={(api) => accountById(api, studentId)}
        notFound={t("people.student.notFound")}
      >
        {(account) =>
          studentProfileOf(account) ? (
            <StudentCard account={account} />
          ) : (
            <p role="alert" className="error">
              {t("people.student.notFound")}
            </p>
          )
        }
      </Loaded>
    </StaffOnly>
  );
}

function StudentCard({ account }: { account: Account }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user } = account;
  const profile = studentProfileOf(account);
  return (
    <Page title={user.full_name}>
      <p className="toolbar">
        <Link to="/students">{t("people.student.back")}</Link>
        <Link to="/schedule">{t("people.student.schedule")}</Link>
      </p>
      <section aria-labelledby="student-profile" className="card">
        <h2 id="student-profile">{t("people.student.profile")}</h2>
        {user.avatar_url && <img src={user.avatar_url} alt="" width={64} height={64} className="avatar" />}
        <dl className="facts">
          <Fact name={t("people.email")} value={user.email} />
          <Fact name={t("people.grade")} value={profile?.grade} />
          <Fact name={t("people.goal")} value={profile?.goal} />
          <Fact name={t("people.phone")} value={user.phone} />
          <Fact name={t("people.telegram")} value={profile?.telegram ? `@${profile.telegram}` : null} />
          <Fact name={t("people.staffNotes")} value={profile?.staff_notes} />
          <Fact
            name={t("people.status")}
            value={user.is_active ? t("people.active") : t("people.inactive")}
          />
          <Fact
            name={t("people.lastLogin")}
            value={user.last_login_at ? format.dateTime(user.last_login_at) : t("people.neverSignedIn")}
          />
        </dl>
        <ResetPassword account={account} />
      </section>
      <section aria-labelledby="student-parent" className="card">
        <h2 id="student-parent">{t("people.parent")}</h2>
        <ParentFacts parentId={profile?.parent_id ?? null} />
        <AssignParentForm account={account} />
      </section>
      <section aria-labelledby="student-enrollments" className="card">
        <h2 id="student-enrollments">{t("people.enrollments.title")}</h2>
        <StudentEnrollments studentId={user.id} />
      </section>
      <section aria-labelledby="student-enroll" className="card">
        <h2 id="student-enroll">{t("people.enroll.title")}</h2>
        <EnrollForm studentId={user.id} />
      </section>
    </Page>
  );
}

function Fact({ name, value }: { name: string; value: string | number | null | undefined }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
    </div>
  );
}

function ParentFacts({ parentId }: { parentId: string | null }) {
  const { api } = useApi();
  const { t } = useI18n();
  const parent = useQuery({
    queryKey: ["people", "account", parentId],
    queryFn: () => accountById(api, parentId ?? ""),
    enabled: parentId !== null,
  });
  if (parentId === null) return <p className="empty">{t("people.parent.none")}</p>;
  if (parent.isPending) return <p role="status">{t("common.loading")}</p>;
  if (parent.isError) {
    return (
      <p role="alert" className="error">
        {t("common.loadFailed")}
      </p>
    );
  }
  const { user } = parent.data;
  return (
    <dl className="facts">
      <Fact name={t("people.name")} value={user.full_name} />
      <Fact name={t("people.email")} value={user.email} />
      <Fact name={t("people.phone")} value={user.phone} />
    </dl>
  );
}
