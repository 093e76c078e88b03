import jwt from 'jsonwebtoken';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type Claims } from '../../../internal/auth/claims.js';
import { verifyWithKey, type TokenVerifier } from '../../../internal/auth/verifier.js';
import { Unauthenticated } from '../../../internal/errors.js';
import type { SigningKey } from './signing-key.js';

/** Signs and verifies access tokens; identity is the only service holding the private key. */
export class AccessTokens implements TokenVerifier {
  constructor(
    private readonly key: SigningKey,
    readonly ttlSeconds: number,
  ) {}

  sign(claims: Claims): string {
    return jwt.sign({ org: claims.org, role: claims.role, email: claims.email }, this.key.privateKey, {
      algorithm: JWT_ALGORITHM,
      keyid: this.key.kid,
      subject: claims.sub,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
  }

  // identity verifies locally with its own key; other services use the JWKS
  async verify(token: string): Promise<Claims> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded === 'string' || decoded.header.kid !== this.key.kid) {
      throw Unauthenticated('Invalid access token');
    }
    return verifyWithKey(token, this.key.publicKey);
  }

  jwks(): { keys: Record<string, string>[] } {
    return { keys: [this.key.jwk] };
  }
}
