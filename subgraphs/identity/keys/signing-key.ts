import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
  const dir = path.resolve(options.dataDir, 'keys');
  const file = path.join(dir, 'jwt-private.pem');
  try {
    return fromPrivatePem(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': if another process generated it first, use theirs
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
    return fromPrivatePem(pem);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return fromPrivatePem(await readFile(file, 'utf8'));
  }
}
