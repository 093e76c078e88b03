import { KeywordIndexBuilder, KeywordSegment, type IndexedChunk } from './keyword-segment.js';
import type { HeldChunk } from './departures.js';
import { topK } from './top-k.js';

export { KeywordIndexBuilder, parseTsvector, type IndexedChunk } from './keyword-segment.js';

export interface RankedChunk {
  chunkId: string;
  sourceId: string;
  score: number;
}

/** BM25's usual constants: term-frequency saturation and length normalization. */
const K1 = 1.2;
const B = 0.75;
/** each segment holds at least this many times the chunks of the next (appended) one */
const MERGE_RATIO = 4;

/**
 * One persona's inverted index, immutable: a base segment and the segments
 * appended since it was loaded, each a quarter or less of the one before
 * (keyword-segment.ts), ranked with BM25 (so a long chunk does not win by
 * length alone) with statistics over the live chunks of all of them.
 * `appended` and `without` return a new index that shares what did not
 * change: chunks written since a load cost only their own parsing (and
 * merges of the small segments), deleted ones are marked. Chunk numbers
 * follow load order (chunk id order within a load, appended chunks after):
 * equal scores rank in that order.
 */
export class KeywordIndex {
  /** live chunks */
  readonly size: number;
  readonly byteLength: number;
  /** chunk numbers, deleted ones included: the search scratch's length */
  private readonly slots: number;
  private readonly averageLength: number;
  /** search's scratch (scores, and which chunks have one), made on first use */
  private scores: Float32Array | undefined;
  private touched: Int32Array | undefined;

  /** Builds at once (tests); a load adds page by page to a KeywordIndexBuilder instead. */
  static of(chunks: Iterable<IndexedChunk>): KeywordIndex {
    const builder = new KeywordIndexBuilder();
    for (const chunk of chunks) builder.add(chunk);
    return new KeywordIndex([builder.build()]);
  }

  constructor(private readonly segments: readonly KeywordSegment[]) {
    this.size = segments.reduce((sum, s) => sum + s.live, 0);
    this.slots = segments.reduce((sum, s) => sum + s.size, 0);
    this.averageLength = segments.reduce((sum, s) => sum + s.totalLength, 0) / Math.max(1, this.size);
    // + the search scratch: a score and a slot per chunk
    this.byteLength = segments.reduce((sum, s) => sum + s.byteLength, this.slots * 8);
  }

  /** number of segments (the base, then smaller and smaller appended ones) */
  get segmentCount(): number {
    return this.segments.length;
  }

  /**
   * This index with `chunks` (new ids, or ids deleted here first, written
   * after everything here) added as a new last segment. Segments stay
   * geometric, each at least MERGE_RATIO times the next: while the newest is
   * not, it merges into the one before. An append then copies little in the
   * common case (amortized O(log n) copies per chunk; a merge into the base
   * comes once per a quarter of its size appended).
   */
  appended(chunks: KeywordIndexBuilder): KeywordIndex {
    if (chunks.size === 0) return this;
    const segments = [...this.segments, chunks.build()];
    while (segments.length > 1 && segments.at(-1)!.size * MERGE_RATIO > segments.at(-2)!.size) {
      segments.splice(-2, 2, KeywordSegment.concat(segments.slice(-2)));
    }
    return new KeywordIndex(segments);
  }

  /**
   * This index without the chunks whose ids `isRemoved` picks (deleted, or
   * written again: their new version is appended after). Segments that lose
   * nothing are shared.
   */
  without(isRemoved: (chunkId: string) => boolean): KeywordIndex {
    const segments = this.segments.map((segment) => segment.withDeleted(isRemoved));
    return segments.every((segment, i) => segment === this.segments[i]) ? this : new KeywordIndex(segments);
  }

  /** The live chunks, in load order. */
  *chunks(): Iterable<HeldChunk> {
    for (const segment of this.segments) {
      for (let c = 0; c < segment.size; c++) if (!segment.isDeleted(c)) yield { chunkId: segment.chunkIdOf(c), sourceId: segment.sourceIdOf(c) };
    }
  }

  /** The `limit` best chunks for these lexemes (any of them), best first; only chunks that hold one. */
  search(lexemes: readonly string[], limit: number): RankedChunk[] {
    // one scratch per index, zeroed again after each search (search is synchronous, so never shared):
    // no 100k-entry array allocated and scanned per question, only the chunks a lexeme touched
    const scores = (this.scores ??= new Float32Array(this.slots));
    const touched = (this.touched ??= new Int32Array(this.slots));
    let matched = 0;
    for (const lexeme of new Set(lexemes)) {
      const ranges = this.segments.map((segment) => segment.postings(lexeme));
      const frequency = ranges.reduce((sum, [, , live]) => sum + live, 0);
      if (frequency === 0) continue;
      const idf = Math.log(1 + (this.size - frequency + 0.5) / (frequency + 0.5));
      for (let s = 0, first = 0; s < this.segments.length; first += this.segments[s]!.size, s++) {
        const segment = this.segments[s]!;
        const { lengths, postingChunks, postingFrequencies } = segment.parts;
        const deleted = segment.deleted;
        const [from, to] = ranges[s]!;
        for (let p = from; p < to; p++) {
          const local = postingChunks[p]!;
          if (deleted !== null && deleted[local] === 1) continue;
          const chunk = first + local;
          const tf = postingFrequencies[p]!;
          if (scores[chunk] === 0) touched[matched++] = chunk;
          scores[chunk]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[local]!) / this.averageLength));
        }
      }
    }
    try {
      // every touched chunk scored above 0 (idf > 0, tf ≥ 1)
      return topK(scores, limit, touched, matched).map((chunk) => this.ranked(chunk, scores[chunk]!));
    } finally {
      for (let i = 0; i < matched; i++) scores[touched[i]!] = 0;
    }
  }

  private ranked(chunk: number, score: number): RankedChunk {
    let local = chunk;
    for (const segment of this.segments) {
      if (local < segment.size) return { chunkId: segment.chunkIdOf(local), sourceId: segment.sourceIdOf(local), score };
      local -= segment.size;
    }
    throw new Error(`chunk ${chunk} is past the index's ${this.slots}`);
  }
}
