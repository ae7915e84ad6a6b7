import { useQueryClient } from "@tanstack/react-query";
import { useApi } from "../api/ApiProvider";
import { unwrap } from "../api/problem";
import type { components } from "../api/schema";
import { useSession } from "../auth/session";
import { useI18n } from "../i18n/I18nProvider";
import { ConfirmedAction } from "../layout/ConfirmedAction";

type Payment = components["schemas"]["PaymentOut"];

/** An administrator refunds a succeeded payment in full, after confirming. */
export function RefundButton({ payment }: { payment: Payment }) {
  const { api } = useApi();
  const { user } = useSession();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  if (user?.role !== "admin" || payment.status !== "succeeded") return null;
  return (
    <p>
      <ConfirmedAction
        label={t("payments.refund")}
        question={t("payments.refundConfirm")}
        run={async () => {
          await unwrap(
            api.POST("/api/v1/payments/{payment_id}/refund", {
              params: { path: { payment_id: payment.id } },
            }),
          );
          await queryClient.invalidateQueries({ queryKey: ["payments"] });
        }}
      />
    </p>
  );
}
