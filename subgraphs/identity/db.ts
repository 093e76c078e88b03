import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the identity subgraph may touch. */
export type IdentityDb = Pick<PrismaClient, 'organization' | 'user' | 'refreshToken' | 'invitation' | '$transaction' | '$queryRaw'>;
