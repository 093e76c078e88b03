import type { IdentityContext } from '../context.js';

/** Another subgraph holds an Organization { id }: only the caller's own organization resolves. */
export async function resolveOrganizationReference(ref: { id: string }, ctx: IdentityContext) {
  if (!ctx.claims || ctx.claims.org !== ref.id) return null;
  return ctx.loaders.organization.load(ref.id);
}
