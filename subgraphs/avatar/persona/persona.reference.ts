import type { AvatarContext } from '../context.js';

/**
 * Another subgraph holds a Persona { id }. Personas are persona's, but a
 * persona whose stored model belongs to another organization resolves to
 * null here too, so a direct `_entities` call cannot fetch its signed URL.
 */
export async function resolvePersonaReference(ref: { id: string }, ctx: AvatarContext) {
  if (!ctx.claims) return null;
  const model = await ctx.loaders.currentModel.load(ref.id);
  if (model && model.orgId !== ctx.claims.org) return null;
  return { id: ref.id };
}
