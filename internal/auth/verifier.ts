import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError, Unauthenticated } from '../errors.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, ROLES, type Claims } from './claims.js';

export interface TokenVerifier {
  verify(token: string): Promise<Claims>;
}

/** Extracts the token from `Bearer <token>`; a malformed header is an error, a missing one is not. */
export function bearerToken(header: string | undefined | null): string | null {
  if (header === undefined || header === null || header === '') return null;
  const match = /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/.exec(header.trim());
  if (!match) throw Unauthenticated('Malformed Authorization header; expected "Bearer <token>"');
  return match[1]!;
}

function toClaims(payload: unknown): Claims {
  const p = payload as Record<string, unknown>;
  if (
    typeof p?.sub !== 'string' ||
    typeof p.org !== 'string' ||
    typeof p.email !== 'string' ||
    !ROLES.includes(p.role as Claims['role'])
  ) {
    throw Unauthenticated('Token is missing required claims');
  }
  return { sub: p.sub, org: p.org, role: p.role as Claims['role'], email: p.email };
}

/** Verifies RS256 signature, issuer, audience and expiry; only RS256 is ever accepted. */
export function verifyWithKey(token: string, key: KeyObject): Claims {
  try {
    const payload = jwt.verify(token, key, {
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return toClaims(payload);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const expired = err instanceof jwt.TokenExpiredError;
    throw Unauthenticated(expired ? 'Access token expired' : 'Invalid access token');
  }
}

interface Jwks {
  keys: (JsonWebKey & { kid?: string })[];
}

/**
 * Verifies tokens against identity's JWKS. Keys are cached by `kid`; an
 * unknown kid triggers at most one refetch per `minRefetchMs` (key rotation).
 */
export function createJwksVerifier(jwksUrl: string, options: { minRefetchMs?: number } = {}): TokenVerifier {
  const minRefetchMs = options.minRefetchMs ?? 30_000;
  let keys = new Map<string, KeyObject>();
  let lastFetch = 0;
  let inflight: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    const res = await fetch(jwksUrl, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`JWKS fetch failed: HTTP ${res.status}`);
    const body = (await res.json()) as Jwks;
    const next = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (jwk.kid && jwk.kty === 'RSA') next.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
    keys = next;
    lastFetch = Date.now();
  }

  async function keyFor(kid: string): Promise<KeyObject | undefined> {
    const cached = keys.get(kid);
    if (cached) return cached;
    if (Date.now() - lastFetch < minRefetchMs && lastFetch !== 0) return undefined;
    inflight ??= refresh().finally(() => {
      inflight = null;
    });
    try {
      await inflight;
    } catch {
      // masked as INTERNAL_SERVER_ERROR for the client; the cause is logged
      throw new Error(`Token keys are unavailable from ${jwksUrl}`);
    }
    return keys.get(kid);
  }

  return {
    async verify(token: string): Promise<Claims> {
      const decoded = jwt.decode(token, { complete: true });
      if (!decoded || typeof decoded === 'string' || decoded.header.alg !== JWT_ALGORITHM || !decoded.header.kid) {
        throw Unauthenticated('Invalid access token');
      }
      const key = await keyFor(decoded.header.kid);
      if (!key) throw Unauthenticated('Invalid access token');
      return verifyWithKey(token, key);
    },
  };
}
