export const ROLES = ['ADMIN', 'TEACHER', 'STUDENT'] as const;
export type RoleName = (typeof ROLES)[number];

/** Access-token claims every service trusts once the signature is verified. */
export interface Claims {
  /** user id */
  sub: string;
  /** organization id: the tenant every read and write is scoped to */
  org: string;
  role: RoleName;
  email: string;
}

export const JWT_ISSUER = 'bwenge-identity';
export const JWT_AUDIENCE = 'bwenge';
export const JWT_ALGORITHM = 'RS256';
