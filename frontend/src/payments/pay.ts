import type { Api } from "../api/client";
import { unwrap } from "../api/problem";

/**
 * Opens (or resumes) the payment of an enrollment's next period and returns where the payer
 * confirms it. The same `key` is sent again when the payer retries after a failure, so the
 * platform never opens a second payment for one click.
 */
export async function startPayment(
  api: Api,
  enrollmentId: string,
  subscribe: boolean,
  key: string,
): Promise<{ paymentId: string; confirmationUrl: string | null }> {
  const started = await unwrap(
    api.POST("/api/v1/payments", {
      params: { header: { "Idempotency-Key": key } },
      body: { enrollment_id: enrollmentId, subscribe },
    }),
  );
  return { paymentId: started.payment.id, confirmationUrl: started.confirmation_url };
}

/** Whether the provider may still decide the payment: its page keeps asking. */
export function isOpen(status: string): boolean {
  return status === "pending" || status === "waiting_for_capture";
}
