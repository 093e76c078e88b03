import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { ConversationContext } from '../context.js';
import { PersonaRef } from './persona.ref.js';

@Resolver(() => PersonaRef)
export class PersonaRefResolver {
  @FieldResolver(() => Int)
  conversationCount(@Root() persona: PersonaRef, @Ctx() ctx: ConversationContext) {
    return ctx.claims ? ctx.loaders.conversationCountByPersona.load(persona.id) : 0;
  }
}

/** Persona references resolve to themselves: this subgraph only adds a count, scoped to the caller's org. */
export const resolvePersonaReference = (ref: { id: string }) => ({ id: ref.id });
