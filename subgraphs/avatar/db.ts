import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the avatar subgraph may touch. */
export type AvatarDb = Pick<PrismaClient, 'avatarPersona' | 'avatarModel' | '$transaction' | '$queryRaw'>;
