import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the conversation subgraph may touch. */
export type ConversationDb = Pick<PrismaClient, 'conversation' | 'message' | '$transaction' | '$queryRaw'>;
