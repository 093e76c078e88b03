import type { KnowledgeContext } from '../context.js';
import { toView } from './source.view.js';

/** A KnowledgeSource of another organization resolves to null. */
export async function resolveSourceReference(ref: { id: string }, ctx: KnowledgeContext) {
  if (!ctx.claims) return null;
  const row = await ctx.loaders.source.load(ref.id);
  return row ? toView(row) : null;
}
