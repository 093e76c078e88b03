import { claimsOf } from '../../../internal/graphql/context.js';
import type { PersonaContext } from '../context.js';
import type { PersonaService } from '../persona/persona.service.js';
import type { PersonaAnswer } from './answer.type.js';

export interface HistoryMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface AskRequest {
  personaId: string;
  question: string;
  history: HistoryMessage[];
}

/** Answers questions with a persona. (Interim: retrieval and generation land next.) */
export class AnswerService {
  constructor(private readonly personas: PersonaService) {}

  async ask(ctx: PersonaContext, request: AskRequest): Promise<PersonaAnswer> {
    await this.personas.requireAnswering(claimsOf(ctx), request.personaId);
    throw new Error('askPersona: retrieval and generation are not wired yet');
  }
}
