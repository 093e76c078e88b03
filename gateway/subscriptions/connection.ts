import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Express, Request } from 'express';
import jwt from 'jsonwebtoken';
import type { Claims } from '../../internal/auth/claims.js';
import { bearerToken, type TokenVerifier } from '../../internal/auth/verifier.js';
import { AppError } from '../../internal/errors.js';

/** What the gateway knows of one graphql-ws connection. */
export interface ConnectionState {
  id: string;
  /** the `Bearer <token>` the connection authenticated with, forwarded per operation */
  authorization: string | undefined;
  claims: Claims | null;
  /** when the access token expires (ms since epoch); null when anonymous */
  expiresAt: number | null;
  clientIp: string | undefined;
  /** ids of the connection's running subscriptions (the per-connection cap counts these) */
  subscriptions: Set<string>;
  expiryTimer?: NodeJS.Timeout;
}

/** Why a connection is closed at connection_init: a WebSocket close code and a short reason (≤ 123 bytes). */
export class ConnectionRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The client's address, by express's own `req.ip` rules ('trust proxy'), as the HTTP path sees it. */
export function clientIpOf(app: Express, request: IncomingMessage): string | undefined {
  const req = Object.create(app.request, {
    app: { value: app },
    headers: { value: request.headers },
    socket: { value: request.socket },
    connection: { value: request.socket },
  }) as Request;
  return req.ip;
}

/**
 * Authenticates a connection from connectionParams `{ authorization:
 * "Bearer <jwt>" }` with the HTTP path's verifier. No authorization means
 * anonymous (like an HTTP request without the header: subgraphs decide per
 * field); anything malformed or invalid refuses the connection with 4400 /
 * 4401 and a reason that says what is wrong.
 */
export async function authenticateConnection(
  params: Readonly<Record<string, unknown>> | undefined,
  verifier: TokenVerifier,
): Promise<Pick<ConnectionState, 'authorization' | 'claims' | 'expiresAt'>> {
  const raw = params?.authorization ?? params?.Authorization;
  if (raw === undefined || raw === null || raw === '') return { authorization: undefined, claims: null, expiresAt: null };
  if (typeof raw !== 'string') throw new ConnectionRefused(4400, 'connectionParams.authorization must be a string "Bearer <token>"');
  try {
    const token = bearerToken(raw)!;
    const claims = await verifier.verify(token);
    const exp = (jwt.decode(token) as { exp?: number } | null)?.exp;
    return { authorization: raw, claims, expiresAt: typeof exp === 'number' ? exp * 1000 : null };
  } catch (err) {
    if (err instanceof AppError) throw new ConnectionRefused(4401, err.message);
    throw new ConnectionRefused(1011, 'Authentication is temporarily unavailable');
  }
}

export function newConnectionState(auth: Pick<ConnectionState, 'authorization' | 'claims' | 'expiresAt'>, clientIp: string | undefined): ConnectionState {
  return { id: randomUUID(), ...auth, clientIp, subscriptions: new Set() };
}

/** A request id per operation, derived so it needs no storage: the connection's id and the client's operation id. */
export function operationRequestId(state: ConnectionState | undefined, operationId: string): string {
  const safe = operationId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 24) || 'op';
  return `${state?.id ?? 'ws'}.${safe}`;
}
