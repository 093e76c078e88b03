import type { Claims } from '../auth/claims.js';
import { bearerToken, type TokenVerifier } from '../auth/verifier.js';
import { Unauthenticated } from '../errors.js';
import type { Logger } from '../logger.js';
import { requestScope } from '../request-scope.js';

/** What every resolver sees. Built fresh for each request; never shared. */
export interface RequestContext<L = unknown> {
  requestId: string;
  /** verified access-token claims, or null for anonymous requests */
  claims: Claims | null;
  /** the raw bearer token, forwarded when this service calls another on the user's behalf */
  token: string | null;
  /** the client's address as seen through trusted proxies (the gateway) */
  clientIp: string;
  log: Logger;
  loaders: L;
}

export interface RequestInfo {
  authorization: string | undefined | null;
  requestId?: string;
  clientIp?: string;
}

export interface ContextFactoryOptions<L> {
  verifier: TokenVerifier;
  log: Logger;
  createLoaders: (base: Omit<RequestContext<L>, 'loaders'>) => L;
}

/** Builds a context from an Authorization value (HTTP header or graphql-ws connectionParams). */
export type ContextFactory<L> = (request: RequestInfo) => Promise<RequestContext<L>>;

export function createContextFactory<L>(options: ContextFactoryOptions<L>): ContextFactory<L> {
  return async (request: RequestInfo): Promise<RequestContext<L>> => {
    const token = bearerToken(request.authorization);
    const claims = token ? await options.verifier.verify(token) : null;
    const requestId = request.requestId ?? requestScope.current()?.requestId ?? 'none';
    const base = { requestId, claims, token, clientIp: request.clientIp ?? 'unknown', log: options.log.child({ requestId }) };
    return { ...base, loaders: options.createLoaders(base) };
  };
}

/** The caller's verified claims; UNAUTHENTICATED when anonymous. */
export function claimsOf(ctx: RequestContext<unknown>): Claims {
  if (!ctx.claims) throw Unauthenticated();
  return ctx.claims;
}
