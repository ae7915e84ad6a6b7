import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useErrorText } from "../forms/problems";
import { useI18n } from "../i18n/I18nProvider";
import { useFormat } from "../i18n/useFormat";
import { ConfirmedAction } from "../layout/ConfirmedAction";
import { startPayment } from "./pay";

type Due = components["schemas"]["DueOut"];

/** Leaves the app for the provider's page (a function of its own so tests can watch it). */
export const leave = { to: (url: string) => window.location.assign(url) };

/** Each child's priced subjects with what is owed, and the way to pay or to resume paying. */
export function DueList({ dues }: { dues: Due[] }) {
  const { t } = useI18n();
  if (dues.length === 0) return <p>{t("payments.nothingDue")}</p>;
  return (
    <ul className="items due-list">
      {dues.map((due) => (
        <DueItem key={due.enrollment_id} due={due} />
      ))}
    </ul>
  );
}

function DueItem({ due }: { due: Due }) {
  const { t, label } = useI18n();
  const format = useFormat();
  return (
    <li data-id={due.enrollment_id} className="due-item">
      <p>
        <strong>{due.subject_name}</strong> · {due.student_name} · {due.teacher_name}
      </p>
      <p className="meta">
        {label("paymentState", due.state)}
        {due.paid_until && <> · {t("dashboard.paidUntil", { day: format.day(due.paid_until) })}</>}
        {due.price_per_period !== null && (
          <>
            {" · "}
            {t("payments.pricePerPeriod", {
              amount: format.money(due.price_per_period),
              weeks: due.period_weeks,
            })}
          </>
        )}
      </p>
      <DueAction due={due} />
    </li>
  );
}

function DueAction({ due }: { due: Due }) {
  const { t } = useI18n();
  if (due.price_per_period === null) return <p className="meta">{t("payments.noPrice")}</p>;
  const status = due.open_payment_id !== null && (
    <Link to={`/payments/${due.open_payment_id}`}>{t("payments.status")}</Link>
  );
  // An open payment the provider already knows is resumed on its page; one it does not know
  // yet is sent to it by the same "pay" (the platform answers with the open payment).
  if (due.open_payment_id !== null && due.confirmation_url) {
    return (
      <p>
        <a href={due.confirmation_url} className="button">
          {t("payments.resume")}
        </a>{" "}
        {status}
      </p>
    );
  }
  return (
    <>
      {due.subscription_id !== null && <SubscriptionNote subscriptionId={due.subscription_id} />}
      <PayForm due={due} />
      {status && <p>{status}</p>}
    </>
  );
}

function PayForm({ due }: { due: Due }) {
  const { api } = useApi();
  const { t } = useI18n();
  const format = useFormat();
  const errorText = useErrorText();
  const [subscribe, setSubscribe] = useState(false);
  // One key per intent to pay: a retry after a failure repeats it, never opens a second payment.
  const [key] = useState(() => crypto.randomUUID());
  const pay = useMutation({
    mutationFn: () => startPayment(api, due.enrollment_id, subscribe, key),
    onSuccess: ({ paymentId, confirmationUrl }) => leave.to(confirmationUrl ?? `/payments/${paymentId}`),
  });
  const boxId = `subscribe-${due.enrollment_id}`;
  const amount = format.money(due.price_per_period ?? "0");
  return (
    <form
      className="pay-form"
      onSubmit={(event) => {
        event.preventDefault();
        pay.mutate();
      }}
    >
      {due.subscription_id === null && (
        <label htmlFor={boxId} className="checkbox">
          <input
            id={boxId}
            type="checkbox"
            checked={subscribe}
            onChange={(e) => setSubscribe(e.target.checked)}
          />
          {t("payments.subscribe")}
        </label>
      )}
      <button
        type="submit"
        disabled={pay.isPending}
        aria-label={t("payments.payFor", { subject: due.subject_name, student: due.student_name, amount })}
      >
        {pay.isPending ? t("payments.opening") : t("payments.pay", { amount })}
      </button>
      {pay.isError && (
        <p role="alert" className="error">
          {errorText(pay.error)}
        </p>
      )}
    </form>
  );
}

function SubscriptionNote({ subscriptionId }: { subscriptionId: string }) {
  const { api } = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <p className="meta">
      {t("payments.subscribed")}{" "}
      <ConfirmedAction
        className="link-button"
        label={t("payments.cancelSubscription")}
        question={t("payments.cancelSubscriptionConfirm")}
        run={async () => {
          await unwrap(
            api.DELETE("/api/v1/subscriptions/{subscription_id}", {
              params: { path: { subscription_id: subscriptionId } },
            }),
          );
          await queryClient.invalidateQueries({ queryKey: ["payments"] });
        }}
      />
    </p>
  );
}
