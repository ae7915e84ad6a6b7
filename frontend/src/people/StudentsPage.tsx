import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { accountsOf } from "../api/accounts";
import { useApi } from "../api/ApiProvider";
import { useActiveEnrollments, type Enrollment } from "../api/enrollments";
import { unwrap } from "../api/problem";
import { useI18n } from "../i18n/I18nProvider";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { studentProfileOf, type Account } from "./queries";
import { StaffOnly } from "./StaffOnly";

const PAGE_SIZE = 20;

/** A tutor's students (the office: every student) with grade, parent and subjects. */
export function StudentsPage() {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  return (
    <StaffOnly>
      <Page title={t("people.students.title")}>
        <p>
          <Link to="/students/new" className="button">
            {t("people.students.onboard")}
          </Link>
        </p>
        <Loaded
          queryKey={["people", "students", offset]}
          load={(api) =>
            unwrap(
              api.GET("/api/v1/admin/users", {
                params: { query: { role: "student", sort: "last_name", limit: PAGE_SIZE, offset } },
              }),
            )
          }
        >
          {(page) =>
            page.total === 0 ? (
              <p className="empty">{t("people.students.none")}</p>
            ) : (
              <>
                <StudentsTable students={page.items} />
                <Pager total={page.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
              </>
            )
          }
        </Loaded>
      </Page>
    </StaffOnly>
  );
}

function StudentsTable({ students }: { students: Account[] }) {
  const { api } = useApi();
  const { t } = useI18n();
  const parents = useQuery({ queryKey: ["people", "parents"], queryFn: () => accountsOf(api, "parent") });
  const enrollments = useActiveEnrollments();
  const parentName = (id: string | null | undefined) => {
    if (!id) return "—";
    if (parents.isPending) return "…";
    return parents.data?.find((parent) => parent.user.id === id)?.user.full_name ?? "—";
  };
  return (
    <>
      {(parents.isError || enrollments.isError) && (
        <p role="alert" className="error">
          {t("common.loadFailed")}
        </p>
      )}
      <table className="people-table">
        <caption className="visually-hidden">{t("people.students.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("common.student")}</th>
            <th scope="col">{t("people.grade")}</th>
            <th scope="col">{t("people.parent")}</th>
            <th scope="col">{t("people.subjects")}</th>
          </tr>
        </thead>
        <tbody>
          {students.map((student) => {
            const profile = studentProfileOf(student);
            return (
              <tr key={student.user.id} data-id={student.user.id}>
                <th scope="row">
                  <Link to={`/students/${student.user.id}`}>{student.user.full_name}</Link>
                </th>
                <td>{profile?.grade ?? "—"}</td>
                <td>{parentName(profile?.parent_id)}</td>
                <td>
                  <Subjects
                    enrollments={enrollments.isPending ? undefined : (enrollments.data ?? [])}
                    studentId={student.user.id}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Subjects({ enrollments, studentId }: { enrollments: Enrollment[] | undefined; studentId: string }) {
  if (enrollments === undefined) return <>…</>;
  const own = enrollments.filter((enrollment) => enrollment.student_id === studentId);
  if (own.length === 0) return <>—</>;
  return (
    <ul className="plain">
      {own.map((enrollment) => (
        <li key={enrollment.id}>
          {enrollment.display_name} <span className="meta">· {enrollment.teacher_name}</span>
        </li>
      ))}
    </ul>
  );
}
