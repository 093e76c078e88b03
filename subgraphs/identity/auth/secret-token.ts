import { createHash, randomBytes } from 'node:crypto';

/** A random opaque token for the client and the hash we keep (the token itself is never stored). */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest('hex');
