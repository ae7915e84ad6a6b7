import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { NextLessonTime } from "./Lessons";

type StudentSubject = components["schemas"]["StudentSubject"];
type SubjectPayment = components["schemas"]["SubjectPayment"];

/** A child's or tutee's subjects: teacher, progress, payment and next lesson. */
export function StudentSubjects({ subjects }: { subjects: StudentSubject[] }) {
  const { t } = useI18n();
  const format = useFormat();
  if (subjects.length === 0) return <p className="empty">{t("dashboard.noSubjects")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("common.subject")}</th>
          <th scope="col">{t("common.teacher")}</th>
          <th scope="col">{t("dashboard.progress")}</th>
          <th scope="col">{t("dashboard.payment")}</th>
          <th scope="col">{t("dashboard.nextLesson")}</th>
        </tr>
      </thead>
      <tbody>
        {subjects.map((subject) => (
          <tr key={subject.enrollment_id} data-id={subject.enrollment_id}>
            <th scope="row">{subject.subject_name}</th>
            <td>{subject.teacher.name}</td>
            <td>{format.percent(subject.progress_percentage)}</td>
            <td>
              <PaymentStateText payment={subject.payment} />
            </td>
            <td>
              <NextLessonTime lesson={subject.next_lesson} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PaymentStateText({ payment }: { payment: SubjectPayment }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <span className={`payment-state state-${payment.state}`}>
      {label("paymentState", payment.state)}
      {payment.paid_until && <> · {t("dashboard.paidUntil", { day: format.day(payment.paid_until) })}</>}
      {payment.price_per_period && (
        <> · {t("dashboard.pricePerPeriod", { price: format.money(payment.price_per_period) })}</>
      )}
    </span>
  );
}
