/** Usage metrics a plan limits. */
export type QuotaMetric = 'messages' | 'storageBytes' | 'seats';

export interface QuotaRequest {
  orgId: string;
  metric: QuotaMetric;
  amount: number;
  /** the caller's bearer token, for adapters that call the billing service on the user's behalf */
  token: string | null;
}

/** A held reservation: `release` gives it back when the guarded work fails. */
export interface QuotaReservation {
  release(): Promise<void>;
}

/**
 * The quota port every subgraph calls before using a limited resource.
 * `reserve` is atomic (no overshoot under concurrency) and throws
 * QUOTA_EXCEEDED naming the limit and the plan that lifts it.
 */
export interface QuotaPort {
  reserve(request: QuotaRequest): Promise<QuotaReservation>;
}
