import jwt from 'jsonwebtoken';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '../../internal/auth/claims.js';
import { loadSigningKey } from '../../subgraphs/identity/keys/signing-key.js';
import type { Session } from './client.js';
import { testRun } from './test-env.js';

/**
 * An access token for `session`'s user, signed with the stack's real
 * identity key (from the run's data folder), expiring `expiresInSeconds`
 * from now — negative for one that has already expired. For tests of
 * token expiry that should not wait 30 minutes.
 */
export async function mintAccessToken(session: Session, role: 'ADMIN' | 'TEACHER' | 'STUDENT', expiresInSeconds: number): Promise<string> {
  const key = await loadSigningKey({ dataDir: testRun().dataDir });
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ org: session.orgId, role, email: session.email, sub: session.userId, iat: now, exp: now + expiresInSeconds }, key.privateKey, {
    algorithm: JWT_ALGORITHM,
    keyid: key.kid,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
  });
}
