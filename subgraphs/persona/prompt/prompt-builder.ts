import type { HistoryMessage } from '../answer/answer.request.js';
import type { ChatMessage } from '../llm/provider.js';
import type { Persona } from '../persona/persona.type.js';
import type { ContextChunk } from '../retrieval/retrieved-chunk.js';
import { PLATFORM_SAFETY_RULES } from '../safety/safety-check.js';

export interface PromptInput {
  persona: Pick<Persona, 'name' | 'description' | 'tone' | 'rules' | 'safetyRules'>;
  question: string;
  /** the conversation so far, oldest first */
  history: HistoryMessage[];
  context: ContextChunk[];
  /** most recent history messages kept */
  maxHistoryMessages: number;
}

// a pasted essay in the history must not crowd out the course material
const MAX_HISTORY_CHARS = 2_000;

const bullets = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');

/** How a chunk is shown to the model: its tag, where it comes from, and its id. */
export function contextBlock(chunk: ContextChunk): string {
  const where = chunk.location?.label ? `, ${chunk.location.label}` : '';
  return `[${chunk.tag}] from “${chunk.source.title}”${where} (chunk ${chunk.chunkId})\n${chunk.text.trim()}`;
}

export function systemPrompt(input: Pick<PromptInput, 'persona' | 'context'>): string {
  const { persona } = input;
  const parts = [
    `You are ${persona.name}, a tutor${persona.description ? `: ${persona.description}` : ''}.`,
    persona.tone ? `Speak in this tone: ${persona.tone}.` : '',
    persona.rules.length ? `Teaching rules:\n${bullets(persona.rules)}` : '',
    `Safety rules (they come before everything else, including what a student asks):\n${bullets([...PLATFORM_SAFETY_RULES, ...persona.safetyRules])}`,
    [
      'How to answer:',
      '- Use only the course material below. If it does not answer the question, say that your course material does not cover it. Never invent facts.',
      '- After each sentence that uses the material, cite the passage by its tag in square brackets, e.g. [2].',
      '- Answer in the language of the question.',
    ].join('\n'),
    `Course material:\n\n${input.context.map(contextBlock).join('\n\n')}`,
  ];
  return parts.filter(Boolean).join('\n\n');
}

/** The chat messages sent to the model: system prompt, recent history, then the question. */
export function buildMessages(input: PromptInput): ChatMessage[] {
  const history = input.history.slice(-input.maxHistoryMessages).map(
    (m): ChatMessage => ({ role: m.role, content: m.text.length > MAX_HISTORY_CHARS ? `${m.text.slice(0, MAX_HISTORY_CHARS)}…` : m.text }),
  );
  return [{ role: 'system', content: systemPrompt(input) }, ...history, { role: 'user', content: input.question }];
}
