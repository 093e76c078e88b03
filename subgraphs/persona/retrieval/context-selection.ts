import { estimateTokens } from '../../../internal/text/tokens.js';
import { contentTerms, overlap } from '../text/terms.js';
import type { ContextChunk, RetrievedChunk } from './retrieved-chunk.js';

export interface SelectionOptions {
  /** token budget of all selected chunk texts together */
  budgetTokens: number;
  /** hits scoring below this are ignored */
  minScore: number;
}

const SHINGLE = 5;

/** Word 5-grams of a text: the unit overlap between chunks is measured in. */
function shingles(text: string): Set<string> {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  if (!out.size && words.length) out.add(words.join(' '));
  return out;
}

/** Share of `a`'s shingles also in `b`. */
function containment(a: Set<string>, b: Set<string>): number {
  if (!a.size) return 1;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / a.size;
}

/**
 * Chooses the prompt's context from knowledge's hits (best first):
 * - a hit must share a topic word with the question — the retriever always
 *   returns its top-k, relevant or not, and a persona must not answer from
 *   unrelated material;
 * - the same chunk twice, or a chunk mostly repeated by a better one (the
 *   chunker overlaps neighbours, re-uploads duplicate whole files), counts once;
 * - chunks are taken in score order while they fit the token budget.
 * Selected chunks are tagged 1, 2, … in that order.
 */
export function selectContext(question: string, hits: RetrievedChunk[], options: SelectionOptions): ContextChunk[] {
  const questionTerms = contentTerms(question);
  const ordered = [...hits].sort((a, b) => b.score - a.score);
  const chosen: { chunk: RetrievedChunk; shingles: Set<string> }[] = [];
  const seen = new Set<string>();
  let budget = options.budgetTokens;
  for (const hit of ordered) {
    if (hit.score < options.minScore || seen.has(hit.chunkId)) continue;
    if (!overlap(questionTerms, contentTerms(hit.text))) continue;
    const own = shingles(hit.text);
    if (chosen.some((c) => containment(own, c.shingles) >= 0.5)) continue;
    const cost = estimateTokens(hit.text);
    if (cost > budget) {
      // one oversized chunk may not starve the prompt: skip it and try smaller ones
      continue;
    }
    seen.add(hit.chunkId);
    chosen.push({ chunk: hit, shingles: own });
    budget -= cost;
  }
  return chosen.map(({ chunk }, i) => ({ ...chunk, tag: i + 1 }));
}
