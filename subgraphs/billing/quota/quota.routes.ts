import express, { type Express, type Request } from 'express';
import type { Claims, RoleName } from '../../../internal/auth/claims.js';
import { bearerToken, type TokenVerifier } from '../../../internal/auth/verifier.js';
import { BadInput, Forbidden, Unauthenticated } from '../../../internal/errors.js';
import type { Logger } from '../../../internal/logger.js';
import type { QuotaMetric } from '../../../internal/quota/quota.js';
import { jsonBodyErrors, route } from '../http/json-errors.js';
import { isUuid } from '../uuid.js';
import { isQuotaMetric, QUOTA_METRICS } from './metrics.js';
import type { QuotaService } from './quota.service.js';

export const QUOTA_ROUTE = '/internal/quota';

/**
 * Who may reserve what, matching who may do the guarded work: any member
 * sends messages; teachers and admins upload; only admins invite. (The
 * caller's own authorization runs first; this keeps a token from being
 * used directly against the API to burn another kind of quota.)
 */
const MAY_RESERVE: Record<QuotaMetric, readonly RoleName[]> = {
  messages: ['ADMIN', 'TEACHER', 'STUDENT'],
  storageBytes: ['ADMIN', 'TEACHER'],
  seats: ['ADMIN'],
};

async function callerOf(req: Request, verifier: TokenVerifier): Promise<Claims> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw Unauthenticated('The quota API needs the end user’s bearer token');
  return verifier.verify(token);
}

function reserveInput(body: unknown): { metric: QuotaMetric; amount: number } {
  const { metric, amount } = (body ?? {}) as Record<string, unknown>;
  if (!isQuotaMetric(metric)) throw BadInput(`metric must be one of ${QUOTA_METRICS.join(', ')}`, { field: 'metric' });
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
    throw BadInput('amount must be a positive whole number', { field: 'amount' });
  }
  return { metric, amount };
}

/**
 * The quota API other subgraphs call (through internal/quota/billing-quota.ts):
 *   POST /internal/quota/reserve  { metric, amount }   → 200 { reservationId, orgId, metric, amount, used, limit, plan }
 *   POST /internal/quota/release  { reservationId }    → 200 { released }
 * authenticated with the end user's bearer token; the organization comes
 * from its verified claims. Errors: 401, 400, 403, 402 QUOTA_EXCEEDED.
 */
export function mountQuotaRoutes(app: Express, quotas: QuotaService, verifier: TokenVerifier, log: Logger): void {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));
  router.post(
    '/reserve',
    route(log, async (req, res) => {
      const caller = await callerOf(req, verifier);
      const { metric, amount } = reserveInput(req.body);
      if (!MAY_RESERVE[metric].includes(caller.role)) throw Forbidden(`Role ${caller.role} may not reserve ${metric}`);
      const held = await quotas.reserve(caller.org, metric, amount);
      res.json({ reservationId: held.reservationId, orgId: held.orgId, metric, amount, used: held.used, limit: held.limit, plan: held.planId });
    }),
  );
  router.post(
    '/release',
    route(log, async (req, res) => {
      const caller = await callerOf(req, verifier);
      const { reservationId } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof reservationId !== 'string' || !isUuid(reservationId)) throw BadInput('reservationId must be a reservation id', { field: 'reservationId' });
      res.json({ released: await quotas.release(caller.org, reservationId) });
    }),
  );
  router.use(jsonBodyErrors(log));
  app.use(QUOTA_ROUTE, router);
}
