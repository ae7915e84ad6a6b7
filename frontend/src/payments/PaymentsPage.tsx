import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Loaded } from "../layout/Loaded";
import { Page } from "../layout/Page";
import { Pager } from "../layout/Pager";
import { DueList } from "./DueList";

type Payment = components["schemas"]["PaymentOut"];
const PAGE_SIZE = 20;

/** A parent's payments: what is owed per child and subject, then every payment made. */
export function PaymentsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <Page title={t("payments.title")}>
      {user?.role === "parent" && (
        <section aria-labelledby="payments-due" className="card">
          <h2 id="payments-due">{t("payments.due")}</h2>
          <Loaded queryKey={["payments", "due"]} load={(api) => unwrap(api.GET("/api/v1/payments/due"))}>
            {(dues) => <DueList dues={dues} />}
          </Loaded>
        </section>
      )}
      <section aria-labelledby="payments-history" className="card">
        <h2 id="payments-history">{t("payments.history")}</h2>
        <History />
      </section>
    </Page>
  );
}

function History() {
  const { api } = useApi();
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ["payments", "history", offset],
    queryFn: () => unwrap(api.GET("/api/v1/payments", { params: { query: { limit: PAGE_SIZE, offset } } })),
  });
  if (page.isPending) return <p role="status">{t("common.loading")}</p>;
  if (page.isError) {
    return (
      <div role="alert" className="error">
        <p>{t("common.loadFailed")}</p>
        <button type="button" onClick={() => void page.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (page.data.total === 0) return <p>{t("payments.noPayments")}</p>;
  return (
    <>
      <ul className="items">
        {page.data.items.map((payment) => (
          <PaymentRow key={payment.id} payment={payment} />
        ))}
      </ul>
      <Pager total={page.data.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} />
    </>
  );
}

function PaymentRow({ payment }: { payment: Payment }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <li data-id={payment.id}>
      <Link to={`/payments/${payment.id}`}>
        {payment.subject_name} · {format.money(payment.amount, payment.currency)}
      </Link>
      <span className="meta">
        {" "}
        · {label("paymentStatus", payment.status)} ·{" "}
        {t("dashboard.period", { period: format.days(payment.period_start, payment.period_end) })} ·{" "}
        {payment.paid_at
          ? t("dashboard.paidAt", { when: format.dateTime(payment.paid_at) })
          : t("dashboard.createdAt", { when: format.dateTime(payment.created_at) })}
      </span>
    </li>
  );
}
