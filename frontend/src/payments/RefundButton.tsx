import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { ApiError, unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";

type Payment = components["schemas"]["PaymentOut"];

/** An administrator refunds a succeeded payment in full, after confirming. */
export function RefundButton({ payment }: { payment: Payment }) {
  const { api } = useApi();
  const { user } = useSession();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const refund = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/payments/{payment_id}/refund", { params: { path: { payment_id: payment.id } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["payments"] }),
  });
  if (user?.role !== "admin" || payment.status !== "succeeded") return null;
  return (
    <p>
      <button
        type="button"
        disabled={refund.isPending}
        onClick={() => {
          if (window.confirm(t("payments.refundConfirm"))) refund.mutate();
        }}
      >
        {t("payments.refund")}
      </button>
      {refund.isError && (
        <span role="alert" className="error">
          {" "}
          {refund.error instanceof ApiError ? refund.error.problem.detail : t("common.networkError")}
        </span>
      )}
    </p>
  );
}
