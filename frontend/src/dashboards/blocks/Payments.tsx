import { Link } from "react-router";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n/I18nProvider";
import { useFormat } from "../../i18n/useFormat";
import { Section } from "./Section";

type PaymentDue = components["schemas"]["PaymentDue"];
type RecentPayment = components["schemas"]["RecentPayment"];

/** What to pay now; each item leads to the payments page, or to its open payment's status. */
export function PaymentsDue({ payments }: { payments: PaymentDue[] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="payments-due" title={t("dashboard.paymentsDue")} empty={payments.length === 0}>
      <ul className="items">
        {payments.map((due) => (
          <li
            key={due.enrollment_id}
            data-id={due.enrollment_id}
            data-payment-id={due.payment_id ?? undefined}
          >
            <strong>{due.subject_name}</strong> · {due.student.name} · {format.money(due.amount)}
            <span className="meta">
              {" "}
              · {label("paymentState", due.state)}
              {due.paid_until && <> · {t("dashboard.paidUntil", { day: format.day(due.paid_until) })}</>}
            </span>{" "}
            {due.payment_id ? (
              <Link to={`/payments/${due.payment_id}`}>{t("payments.status")}</Link>
            ) : (
              <Link to="/payments">{t("dashboard.payNow")}</Link>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function RecentPayments({ payments }: { payments: RecentPayment[] }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Section id="recent-payments" title={t("dashboard.recentPayments")} empty={payments.length === 0}>
      <ul className="items">
        {payments.map((payment) => (
          <li key={payment.payment_id} data-id={payment.payment_id}>
            <Link to={`/payments/${payment.payment_id}`}>
              <strong>{payment.subject_name}</strong>
            </Link>{" "}
            · {payment.student.name} · {format.money(payment.amount)}
            <span className="meta">
              {" "}
              · {label("paymentStatus", payment.status)} ·{" "}
              {t("dashboard.period", { period: format.days(payment.period_start, payment.period_end) })}
              {" · "}
              {payment.paid_at
                ? t("dashboard.paidAt", { when: format.dateTime(payment.paid_at) })
                : t("dashboard.createdAt", { when: format.dateTime(payment.created_at) })}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
