import type { Persona } from '../persona/persona.type.js';
import type { SafetyCategory } from './safety-check.js';

const REASON: Record<SafetyCategory, string> = {
  self_harm:
    'If you are thinking about hurting yourself, please talk right now to someone you trust: a parent, a teacher or the school counsellor. You matter, and you do not have to face this alone.',
  sexual_minors: 'That is not something I will talk about.',
  weapons: 'Explaining how to make or use weapons could hurt people, so I will not do it.',
};

/** A polite refusal in the persona's voice, pointing back to what it can help with. */
export function refusalText(persona: Pick<Persona, 'name' | 'samplePrompts'>, category: SafetyCategory): string {
  const next = persona.samplePrompts[0];
  const redirect = next ? `Let’s get back to our lessons. You could ask me: “${next}”` : 'Let’s get back to our lessons: ask me anything about the course.';
  return `I’m sorry, but I can’t help with that. ${REASON[category]} ${redirect}`;
}

/** What the persona says when its material does not cover the question. */
export function notCoveredText(persona: Pick<Persona, 'name' | 'samplePrompts'>): string {
  const examples = persona.samplePrompts.slice(0, 2).map((p) => `“${p}”`);
  const suggestion = examples.length ? ` You could ask me, for example: ${examples.join(' or ')}` : ' Try asking about a topic from the course.';
  return `I’m sorry, my course material does not cover that, and I only answer from it so I don’t tell you anything wrong. Please ask your teacher about it.${suggestion}`;
}

const GREETING = /^\s*(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|bonjour|salut|muraho|mwaramutse|mwiriwe|thanks?|thank\s+you|merci|murakoze)[\s!.,]*(?:\p{L}+[\s!.]*)?$/iu;

/** Small talk (a greeting or a thank-you) that needs no course material. */
export const isSmallTalk = (question: string) => GREETING.test(question);

export function smallTalkText(persona: Pick<Persona, 'name' | 'samplePrompts'>, question: string): string {
  const thanks = /thank|merci|murakoze/i.test(question);
  const opener = thanks ? 'You’re welcome!' : `Hello! I’m ${persona.name}.`;
  const next = persona.samplePrompts[0];
  return `${opener} What would you like to learn about?${next ? ` You could ask me: “${next}”` : ''}`;
}
