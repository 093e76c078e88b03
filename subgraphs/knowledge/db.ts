import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the knowledge subgraph (and its ingest worker) may touch. */
export type KnowledgeDb = Pick<PrismaClient, 'knowledgeSource' | 'knowledgeChunk' | '$transaction' | '$queryRaw' | '$executeRaw'>;
