import { randomBytes } from 'node:crypto';
import { loadOrCreateSecret } from '../../../internal/secret-file.js';

/**
 * The HMAC key of signed asset URLs: AVATAR_URL_SIGNING_KEY when set (every
 * replica must share it), otherwise 32 random bytes generated once into
 * BWENGE_DATA_DIR/keys/avatar-url-signing.key. Never in the repository.
 */
export async function loadUrlSigningKey(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const stored = await loadOrCreateSecret(dataDir, 'avatar-url-signing.key', () => randomBytes(32).toString('base64url'));
  return Buffer.from(stored.trim(), 'base64url');
}
