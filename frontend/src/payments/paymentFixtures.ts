import type { components } from "../api/schema";
import { ids } from "../test/fixtures";

type Schemas = components["schemas"];

export const dueMath: Schemas["DueOut"] = {
  enrollment_id: ids.mathEnrollment,
  student_id: ids.masha,
  student_name: "Маша Иванова",
  subject_name: "Mathematics",
  teacher_name: "Анна Смирнова",
  price_per_period: "12000.00",
  period_weeks: 4,
  paid_until: "2026-11-20",
  state: "overdue",
  open_payment_id: null,
  confirmation_url: null,
  subscription_id: null,
};

export const payment: Schemas["PaymentOut"] = {
  id: ids.payment,
  enrollment_id: ids.mathEnrollment,
  student_id: ids.masha,
  subject_name: "Mathematics",
  payer_id: ids.olga,
  amount: "12000.00",
  currency: "RUB",
  period_start: "2026-11-21",
  period_end: "2026-12-18",
  status: "succeeded",
  description: "Mathematics — Маша Иванова, 21.11–18.12",
  provider: "development",
  confirmation_url: null,
  subscription_id: null,
  paid_at: "2026-11-26T07:00:00Z",
  cancellation_reason: null,
  created_at: "2026-11-26T06:59:00Z",
  updated_at: "2026-11-26T07:00:00Z",
  history: [
    { from_status: null, to_status: "pending", at: "2026-11-26T06:59:00Z", source: "opened", detail: null },
    {
      from_status: "pending",
      to_status: "succeeded",
      at: "2026-11-26T07:00:00Z",
      source: "dev-gateway",
      detail: null,
    },
  ],
};
