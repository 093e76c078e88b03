import type { IdentityContext } from '../context.js';

/** Another subgraph holds a User { id }: it resolves only within the caller's organization. */
export async function resolveUserReference(ref: { id: string }, ctx: IdentityContext) {
  if (!ctx.claims) return null;
  const user = await ctx.loaders.user.load(ref.id);
  return user && user.orgId === ctx.claims.org ? user : null;
}
