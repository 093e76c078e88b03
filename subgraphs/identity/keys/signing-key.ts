import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadOrCreateSecret } from '../../../internal/secret-file.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** the public half as a JWK, for /.well-known/jwks.json */
  jwk: Record<string, string>;
}

/** RFC 7638 thumbprint: a stable key id derived from the public key itself. */
function thumbprint(jwk: { e?: string; kty?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('JWT_PRIVATE_KEY must be an RSA key (RS256)');
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' }) as { e: string; kty: string; n: string };
  const kid = thumbprint(exported);
  return { kid, privateKey, publicKey, jwk: { kty: exported.kty, n: exported.n, e: exported.e, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * The key identity signs access tokens with: from JWT_PRIVATE_KEY when set,
 * otherwise generated once into <dataDir>/keys/jwt-private.pem (mode 0600)
 * and reused on every later start, so tokens survive restarts in dev.
 */
export async function loadSigningKey(options: { pem?: string; dataDir: string }): Promise<SigningKey> {
  if (options.pem) return fromPrivatePem(options.pem);
  const pem = await loadOrCreateSecret(options.dataDir, 'jwt-private.pem', () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  return fromPrivatePem(pem);
}
