import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { Page } from "../layout/Page";
import { isOpen } from "./pay";
import { RefundButton } from "./RefundButton";

type Payment = components["schemas"]["PaymentOut"];
/** While the provider has not decided, the page asks again this often, this many times. */
export const POLL_MS = 2000;
export const POLLS = 30;

/**
 * One payment: where the provider sends the payer back. Until the provider decides, the status
 * is asked again every few seconds (the webhook or the reconciler settles it on the server).
 */
export function PaymentPage() {
  const { paymentId = "" } = useParams();
  const { api } = useApi();
  const { t } = useI18n();
  const [polls, setPolls] = useState(0);
  const query = useQuery({
    queryKey: ["payments", "one", paymentId],
    queryFn: async () => {
      setPolls((count) => count + 1);
      return unwrap(
        api.GET("/api/v1/payments/{payment_id}", { params: { path: { payment_id: paymentId } } }),
      );
    },
    refetchInterval: (current) =>
      current.state.data && isOpen(current.state.data.status) && polls < POLLS ? POLL_MS : false,
  });
  if (query.isPending) return <p role="status">{t("common.loading")}</p>;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.problem.status === 404;
    return (
      <div role="alert" className="error">
        <p>{missing ? t("payments.notFound") : t("common.loadFailed")}</p>
        {!missing && (
          <button type="button" onClick={() => void query.refetch()}>
            {t("common.retry")}
          </button>
        )}
      </div>
    );
  }
  return <PaymentView payment={query.data} stillWaiting={isOpen(query.data.status) && polls >= POLLS} />;
}

function PaymentView({ payment, stillWaiting }: { payment: Payment; stillWaiting: boolean }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <Page title={t("payments.one", { subject: payment.subject_name })}>
      <p role="status" aria-live="polite" className={`payment-status status-${payment.status}`}>
        {label("paymentOutcome", payment.status)}
        {stillWaiting && <> {t("payments.stillWaiting")}</>}
      </p>
      {isOpen(payment.status) && payment.confirmation_url && (
        <p>
          <a href={payment.confirmation_url} className="button">
            {t("payments.resume")}
          </a>
        </p>
      )}
      <dl className="facts">
        <dt>{t("payments.amount")}</dt>
        <dd>{format.money(payment.amount, payment.currency)}</dd>
        <dt>{t("payments.periodLabel")}</dt>
        <dd>{format.days(payment.period_start, payment.period_end)}</dd>
        <dt>{t("payments.description")}</dt>
        <dd>{payment.description}</dd>
        <dt>{t("payments.statusLabel")}</dt>
        <dd>{label("paymentStatus", payment.status)}</dd>
        {payment.paid_at && (
          <>
            <dt>{t("payments.paidAtLabel")}</dt>
            <dd>{format.dateTime(payment.paid_at)}</dd>
          </>
        )}
        {payment.cancellation_reason && (
          <>
            <dt>{t("payments.reason")}</dt>
            <dd>{payment.cancellation_reason}</dd>
          </>
        )}
      </dl>
      <RefundButton payment={payment} />
      <section aria-labelledby="payment-history" className="card">
        <h2 id="payment-history">{t("payments.changes")}</h2>
        <ol className="plain">
          {(payment.history ?? []).map((event) => (
            <li key={`${event.at}-${event.to_status}`}>
              {format.dateTime(event.at)} · {label("paymentStatus", event.to_status)}
              <span className="meta">
                {" "}
                · {label("paymentSource", event.source)}
                {event.detail && <> · {event.detail}</>}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to="/payments">{t("payments.back")}</Link>
      </p>
    </Page>
  );
}
