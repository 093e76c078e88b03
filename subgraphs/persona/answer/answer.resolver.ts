import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { PersonaContext } from '../context.js';
import type { AnswerService } from './answer.service.js';
import { PersonaAnswer } from './answer.type.js';

@Resolver()
export class AnswerResolver {
  constructor(private readonly answers: AnswerService) {}

  @Mutation(() => PersonaAnswer, {
    nullable: true,
    description: 'Asks a persona of your organization a question; the answer is built from its course material and cites it',
  })
  askPersona(@Arg('personaId', () => ID) personaId: string, @Arg('question', () => String) question: string, @Ctx() ctx: PersonaContext) {
    return this.answers.ask(ctx, { personaId, question, history: [] });
  }
}
