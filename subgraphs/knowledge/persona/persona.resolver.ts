import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { KnowledgeContext } from '../context.js';
import { KnowledgeSource } from '../source/source.type.js';
import { toView } from '../source/source.view.js';
import { Persona } from './persona.type.js';

@Resolver(() => Persona)
export class PersonaKnowledgeResolver {
  @FieldResolver(() => [KnowledgeSource], { description: "The persona's course material, newest first (only the caller's organization's)" })
  async knowledgeSources(@Root() persona: Persona, @Ctx() ctx: KnowledgeContext): Promise<KnowledgeSource[]> {
    if (!ctx.claims) return [];
    return (await ctx.loaders.sourcesByPersona.load(persona.id)).map(toView);
  }
}

/** Persona references resolve to themselves: knowledgeSources is scoped to the caller's organization anyway. */
export const resolvePersonaReference = (ref: { id: string }) => ({ id: ref.id });
