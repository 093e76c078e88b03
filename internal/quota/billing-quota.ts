import { AppError, ErrorCode } from '../errors.js';
import { outgoingHeaders } from '../tracing/span.js';
import type { QuotaMetric, QuotaPort, QuotaRequest, QuotaReservation } from './quota.js';

export interface BillingQuotaOptions {
  /** base URL of the billing subgraph (BILLING_URL) */
  billingUrl: string;
  timeoutMs?: number;
}

/** A reservation held in billing; its id can be stored to release it later (e.g. when a file is deleted). */
export interface BillingQuotaReservation extends QuotaReservation {
  readonly id: string;
  readonly metric: QuotaMetric;
  readonly amount: number;
  /** the organization's count after this reservation */
  readonly used: number;
  /** null: unlimited on the organization's plan */
  readonly limit: number | null;
}

export interface BillingQuota extends QuotaPort {
  reserve(request: QuotaRequest): Promise<BillingQuotaReservation>;
  /** Releases a stored reservation id (once; later calls and other organizations' ids release nothing). */
  releaseById(reservationId: string, token: string | null): Promise<boolean>;
}

interface ErrorBody {
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
}

/**
 * The QuotaPort every subgraph uses: billing's quota API over HTTP, called
 * with the end user's own bearer token (billing verifies it and scopes the
 * reservation to the token's organization; no shared secret). Billing's
 * client errors come back as AppErrors with the same code and details
 * (QUOTA_EXCEEDED carries `limit`, `plan`, `upgradePlan`); anything else
 * (billing down, timeout) is a plain Error the caller's masking hides.
 */
export function createBillingQuota(options: BillingQuotaOptions): BillingQuota {
  const base = `${options.billingUrl.replace(/\/$/, '')}/internal/quota`;

  async function post<T>(path: string, body: object, token: string | null): Promise<T> {
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
    let res: Response;
    try {
      res = await fetch(`${base}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...outgoingHeaders() },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (err) {
      throw new Error(`billing quota API unreachable at ${base}: ${(err as Error).message}`);
    }
    const answer = (await res.json().catch(() => null)) as (T & ErrorBody) | null;
    const error = answer?.errors?.[0];
    if (error) {
      const { code, ...details } = error.extensions ?? {};
      if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && (Object.values(ErrorCode) as string[]).includes(code)) {
        throw new AppError(code as ErrorCode, error.message, details);
      }
      throw new Error(`billing quota API answered ${res.status}: ${error.message}`);
    }
    if (!res.ok || !answer) throw new Error(`billing quota API answered HTTP ${res.status}`);
    return answer;
  }

  const releaseById = async (reservationId: string, token: string | null) =>
    (await post<{ released: boolean }>('release', { reservationId }, token)).released;

  return {
    async reserve(request) {
      const held = await post<{ reservationId: string; orgId: string; used: number; limit: number | null }>(
        'reserve',
        { metric: request.metric, amount: request.amount },
        request.token,
      );
      if (held.orgId !== request.orgId) {
        // the token belongs to another organization than the caller thinks: give it back and refuse
        await releaseById(held.reservationId, request.token).catch(() => undefined);
        throw new AppError(ErrorCode.FORBIDDEN, 'The quota reservation was requested for another organization than the token’s');
      }
      return {
        id: held.reservationId,
        metric: request.metric,
        amount: request.amount,
        used: held.used,
        limit: held.limit,
        release: async () => void (await releaseById(held.reservationId, request.token)),
      };
    },
    releaseById,
  };
}

/**
 * Reserves, runs `work`, and releases the reservation if the work fails
 * (the work's own error is what the caller sees; a failed release is
 * reported to `onReleaseError`, e.g. a logger).
 */
export async function withReservation<T>(
  quota: QuotaPort,
  request: QuotaRequest,
  work: (reservation: QuotaReservation) => Promise<T>,
  onReleaseError: (err: unknown) => void = () => undefined,
): Promise<T> {
  const reservation = await quota.reserve(request);
  try {
    return await work(reservation);
  } catch (err) {
    await reservation.release().catch(onReleaseError);
    throw err;
  }
}
