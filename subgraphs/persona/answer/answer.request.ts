import { z } from 'zod';

export const MAX_QUESTION_CHARS = 4_000;
export const MAX_HISTORY_MESSAGES = 100;

export interface HistoryMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface AskRequest {
  personaId: string;
  question: string;
  history: HistoryMessage[];
}

/** The JSON body of POST /internal/answers/stream. */
export const askRequestSchema = z.object({
  personaId: z.string().min(1).max(100),
  question: z.string(),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), text: z.string().max(20_000) }))
    .max(MAX_HISTORY_MESSAGES)
    .default([]),
});
