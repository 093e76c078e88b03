import { estimateTokens } from '../../../internal/text/tokens.js';
import type { Chunk, ChunkLocation, Section } from './ingest.types.js';
import { splitLongPiece, splitSentences } from './sentences.js';
import { formatSpan } from './timestamps.js';

export interface ChunkOptions {
  /** a chunk's size, in estimated tokens (about four characters each) */
  targetTokens?: number;
  /** whole sentences repeated from the end of one chunk at the start of the next, in tokens */
  overlapTokens?: number;
}

/** A sentence (or a part of an over-long one) and the section it came from. */
interface Unit {
  text: string;
  gap: string;
  tokens: number;
  section: Section;
}

/** Consecutive pages run on; consecutive transcript segments too; anything else (a slide, its notes, a heading's section) stands alone. */
function continues(previous: Section, next: Section): boolean {
  if (next.heading) return false;
  if (previous.location.label === next.location.label) return true;
  const a = previous.location;
  const b = next.location;
  if (a.page !== undefined && b.page !== undefined && a.slide === undefined && b.slide === undefined) return a.heading === b.heading;
  return a.startSeconds !== undefined && b.startSeconds !== undefined;
}

/** Sections grouped into flows: a chunk never spans two flows, and overlap only happens inside one. */
function flowsOf(sections: Section[]): Section[][] {
  const flows: Section[][] = [];
  for (const section of sections) {
    if (!section.text.trim()) continue;
    const flow = flows.at(-1);
    if (flow && continues(flow.at(-1)!, section)) flow.push(section);
    else flows.push([section]);
  }
  return flows;
}

function unitsOf(flow: Section[], maxChars: number): Unit[] {
  const units: Unit[] = [];
  for (const section of flow) {
    const pieces = section.heading ? [{ text: section.text.trim(), gap: '\n\n' }] : splitSentences(section.text);
    for (const [i, piece] of pieces.entries()) {
      // a section (a page, a segment) starts a new paragraph
      const gap = i === 0 ? (section.location.startSeconds !== undefined ? ' ' : '\n\n') : piece.gap;
      for (const part of splitLongPiece({ text: piece.text, gap }, maxChars)) {
        units.push({ text: part.text, gap: part.gap, tokens: estimateTokens(part.text), section });
      }
    }
  }
  return units;
}

const joined = (units: Unit[]) => units.map((u, i) => (i === 0 ? u.text : u.gap + u.text)).join('');

/** The location of a chunk made of `units`: its section's, or a span of pages or of time. */
function locationOf(units: Unit[]): ChunkLocation {
  const first = units[0].section.location;
  const last = units.at(-1)!.section.location;
  if (first.label === last.label) return { ...first };
  if (first.startSeconds !== undefined && last.endSeconds !== undefined) {
    return { label: formatSpan(first.startSeconds, last.endSeconds), startSeconds: first.startSeconds, endSeconds: last.endSeconds };
  }
  if (first.page !== undefined && last.page !== undefined) {
    const { label: _label, ...rest } = first;
    return { ...rest, label: `pages ${first.page}–${last.page}` };
  }
  return { ...first };
}

/** Characters of `units` joined (what `joined` would give), without building the string. */
const lengthOf = (units: Unit[]) => units.reduce((sum, u, i) => sum + u.text.length + (i === 0 ? 0 : u.gap.length), 0);
const tokensOfLength = (chars: number) => Math.ceil(chars / 4); // estimateTokens of a text of that length

/** Whole sentences from the end of `chunk`, about `overlapTokens` long, that still leave room for `next`. */
function overlapOf(chunk: Unit[], next: Unit, overlapTokens: number, targetTokens: number): Unit[] {
  const kept: Unit[] = [];
  let tokens = 0;
  for (let i = chunk.length - 1; i >= 1; i--) {
    if (tokens + chunk[i].tokens > overlapTokens) break;
    kept.unshift(chunk[i]);
    tokens += chunk[i].tokens;
  }
  while (kept.length && tokensOfLength(lengthOf([...kept, next])) > targetTokens) kept.shift();
  return kept;
}

/**
 * Cuts extracted sections into chunks of about `targetTokens`, on sentence
 * boundaries, starting afresh at each heading, slide and notes section, with
 * about `overlapTokens` of whole sentences repeated between consecutive
 * chunks of one flow. Deterministic: the same sections give the same chunks.
 */
export function chunkSections(sections: Section[], options: ChunkOptions = {}): Chunk[] {
  const targetTokens = Math.max(8, options.targetTokens ?? 500);
  const overlapTokens = Math.max(0, Math.min(options.overlapTokens ?? 50, Math.floor(targetTokens / 2)));
  const chunks: Chunk[] = [];
  const emit = (units: Unit[]) => {
    const text = joined(units);
    chunks.push({ index: chunks.length, text, tokenCount: estimateTokens(text), location: locationOf(units) });
  };
  for (const flow of flowsOf(sections)) {
    let current: Unit[] = [];
    let length = 0; // of `current` joined
    let fresh = 0; // units of `current` not repeated from the previous chunk
    for (const unit of unitsOf(flow, targetTokens * 4)) {
      if (fresh > 0 && tokensOfLength(length + unit.gap.length + unit.text.length) > targetTokens) {
        emit(current);
        current = overlapOf(current, unit, overlapTokens, targetTokens);
        length = lengthOf(current);
        fresh = 0;
      }
      length += (current.length ? unit.gap.length : 0) + unit.text.length;
      current.push(unit);
      fresh++;
    }
    if (fresh > 0) emit(current);
  }
  return chunks;
}
