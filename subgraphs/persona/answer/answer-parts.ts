import type { AnimationHint } from '../../../internal/animation-hints.js';
import type { Persona } from '../persona/persona.type.js';
import type { ContextChunk } from '../retrieval/retrieved-chunk.js';
import { contentTerms, overlap } from '../text/terms.js';
import type { AnswerAction, Citation } from './answer.type.js';

const SNIPPET_CHARS = 240;

/** The start of a passage, cut at a word boundary. */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SNIPPET_CHARS / 2))}…`;
}

export function citationOf(chunk: ContextChunk): Citation {
  return {
    sourceId: chunk.source.id,
    sourceTitle: chunk.source.title,
    chunkId: chunk.chunkId,
    snippet: snippetOf(chunk.text),
    location: chunk.location,
    score: chunk.score,
  };
}

// an uncited answer is attributed to a chunk only when they share this many topic words
const MIN_SHARED_TERMS = 3;

/**
 * The chunks the answer actually used: those it cited by tag, in citation
 * order. A model that forgot to cite is attributed the chunks its answer
 * shares the most topic words with, never chunks it did not draw on.
 */
export function usedChunks(context: ContextChunk[], citedTags: number[], answer: string): ContextChunk[] {
  const byTag = new Map(context.map((c) => [c.tag, c]));
  const cited = citedTags.map((tag) => byTag.get(tag)).filter((c): c is ContextChunk => c !== undefined);
  if (cited.length) return cited;
  const answerTerms = contentTerms(answer);
  return context
    .map((chunk) => ({ chunk, shared: overlap(answerTerms, contentTerms(chunk.text)) }))
    .filter((c) => c.shared >= MIN_SHARED_TERMS)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 2)
    .map((c) => c.chunk);
}

/** What kind of answer it was: it drives the avatar and the suggested actions. */
export type AnswerKind = 'grounded' | 'not_covered' | 'refused' | 'small_talk';

export function animationHintFor(kind: AnswerKind, text: string): AnimationHint {
  switch (kind) {
    case 'refused':
      return 'shaking_head';
    case 'not_covered':
      return 'thinking';
    case 'small_talk':
      return /welcome/i.test(text) ? 'happy' : 'waving';
    case 'grounded':
      return 'explaining';
  }
}

/** One show_source per cited source; sample questions when the material had nothing. */
export function actionsFor(kind: AnswerKind, citations: Citation[], persona: Pick<Persona, 'samplePrompts'>): AnswerAction[] {
  if (kind === 'grounded') {
    const seen = new Set<string>();
    return citations
      .filter((c) => !seen.has(c.sourceId) && seen.add(c.sourceId))
      .map((c) => ({ type: 'show_source', payload: { sourceId: c.sourceId, sourceTitle: c.sourceTitle, chunkId: c.chunkId, location: c.location } }));
  }
  if ((kind === 'not_covered' || kind === 'small_talk') && persona.samplePrompts.length) {
    return [{ type: 'suggest_prompts', payload: { prompts: persona.samplePrompts.slice(0, 3) } }];
  }
  return [];
}
