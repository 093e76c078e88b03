import type { PersonaContext } from '../context.js';

/**
 * Another subgraph holds a Persona { id } (a conversation, a knowledge
 * source): it resolves only within the caller's organization, and still
 * resolves once deleted so old conversations keep showing who answered.
 */
export async function resolvePersonaReference(ref: { id: string }, ctx: PersonaContext) {
  if (!ctx.claims) return null;
  const persona = await ctx.loaders.persona.load(ref.id);
  return persona && persona.orgId === ctx.claims.org ? persona : null;
}
