import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the persona subgraph may touch. */
export type PersonaDb = Pick<PrismaClient, 'persona' | 'tokenUsage' | '$executeRaw' | '$queryRaw'>;
