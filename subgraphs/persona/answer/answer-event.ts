import type { AnimationHint } from '../../../internal/animation-hints.js';
import type { LlmUsage } from '../llm/provider.js';
import type { AnswerAction, Citation } from './answer.type.js';

export interface AnswerDone {
  type: 'done';
  text: string;
  citations: Citation[];
  animationHint: AnimationHint;
  actions: AnswerAction[];
  usage: LlmUsage;
  refused: boolean;
}

/**
 * What an answer streams, in order: many `token`s, then one `citation` per
 * cited chunk, then exactly one `done` — or one `error` instead of `done`.
 * These are the NDJSON lines of POST /internal/answers/stream.
 */
export type AnswerEvent =
  | { type: 'token'; delta: string }
  | { type: 'citation'; citation: Citation }
  | AnswerDone
  | { type: 'error'; code: string; message: string };
