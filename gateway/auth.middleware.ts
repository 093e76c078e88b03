import type { NextFunction, Request, Response } from 'express';
import type { Claims } from '../internal/auth/claims.js';
import { bearerToken, type TokenVerifier } from '../internal/auth/verifier.js';
import { AppError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { RateDecision, RateLimiter } from '../internal/rate-limit.js';
import { sendGraphQLError } from './http-errors.js';

export interface GatewayLocals {
  claims: Claims | null;
}

/**
 * Verifies the bearer token (if any) before anything else runs: a bad token
 * is refused with 401 here, so no subgraph sees it. The header itself is
 * forwarded; each subgraph verifies it again.
 */
export function authenticate(verifier: TokenVerifier, log: Logger) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = bearerToken(req.headers.authorization);
      (res.locals as GatewayLocals).claims = token ? await verifier.verify(token) : null;
      next();
    } catch (err) {
      if (err instanceof AppError) return sendGraphQLError(res, 401, err.code, err.message);
      log.error({ err }, 'token verification failed');
      sendGraphQLError(res, 503, 'INTERNAL_SERVER_ERROR', 'Authentication is temporarily unavailable');
    }
  };
}

export interface RateLimits {
  perIp: number;
  perUser: number;
}

/** Counts one request against the caller's IP and user; the refusing decision, if any. Shared by HTTP and graphql-ws. */
export async function hitRateLimits(limiter: RateLimiter, limits: RateLimits, ip: string | undefined, userId: string | undefined): Promise<RateDecision | undefined> {
  const checks = [limiter.hit(`ip:${ip}`, limits.perIp)];
  if (userId) checks.push(limiter.hit(`user:${userId}`, limits.perUser));
  return (await Promise.all(checks)).find((d) => !d.allowed);
}

/** Per-IP, then per-user request limits; 429 with Retry-After when exceeded. */
export function rateLimit(limiter: RateLimiter, limits: RateLimits, log: Logger) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const refused = await hitRateLimits(limiter, limits, req.ip, (res.locals as GatewayLocals).claims?.sub);
      if (refused) {
        res.setHeader('retry-after', String(refused.retryAfterSeconds));
        return sendGraphQLError(res, 429, 'RATE_LIMITED', `Too many requests; retry in ${refused.retryAfterSeconds} s`, {
          retryAfterSeconds: refused.retryAfterSeconds,
        });
      }
      next();
    } catch (err) {
      // Redis trouble must not take the API down: let the request through and say so in the log
      log.warn({ err }, 'rate limiter unavailable');
      next();
    }
  };
}
