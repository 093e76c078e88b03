/** One chunk as loaded: its tsvector (PostgreSQL's text form, `'lexeme':1,4 'other':2`). */
export interface IndexedChunk {
  chunkId: string;
  sourceId: string;
  tsv: string;
}

/**
 * Term frequencies of a tsvector's text form: each lexeme with the number of
 * its positions (1 when stored without positions). The lexemes are exactly
 * PostgreSQL's (`english` stemming and stop words), since they are its output.
 */
export function parseTsvector(text: string, onTerm: (lexeme: string, frequency: number) => void): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== 39 /* ' */) {
      i++;
      continue;
    }
    let lexeme = '';
    let start = ++i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 39 && text.charCodeAt(i + 1) === 39) {
        lexeme += text.slice(start, i + 1);
        i += 2;
        start = i;
      } else if (c === 92 /* \ */) {
        lexeme += text.slice(start, i);
        start = ++i;
        i++;
      } else if (c === 39 || i >= n) {
        lexeme += text.slice(start, i);
        i++;
        break;
      } else i++;
    }
    let frequency = 1;
    if (text.charCodeAt(i) === 58 /* : */) {
      while (i < n && text.charCodeAt(i) !== 32) if (text.charCodeAt(i++) === 44 /* , */) frequency++;
    }
    onTerm(lexeme, frequency);
  }
}

/** A growable Int32Array (a segment is built once, then frozen into exact-size arrays). */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Collects chunks as they arrive (a page's tsvector text can be dropped
 * once added), then freezes them into a KeywordSegment.
 */
export class KeywordIndexBuilder {
  readonly terms = new Map<string, number>();
  readonly sources = new Map<string, number>();
  readonly chunkIds: string[] = [];
  readonly sourceOf = new IntBuffer();
  readonly lengths = new IntBuffer();
  /**
   * per chunk, in order: its terms, each followed by −frequency only when
   * that is above 1 (most are 1: half the memory of pairs), then −1
   */
  readonly pairs = new IntBuffer();
  readonly documentFrequency = new IntBuffer();

  get size(): number {
    return this.chunkIds.length;
  }

  add(chunk: IndexedChunk): void {
    const { terms, sources, pairs, documentFrequency } = this;
    let source = sources.get(chunk.sourceId);
    if (source === undefined) sources.set(chunk.sourceId, (source = sources.size));
    this.chunkIds.push(chunk.chunkId);
    this.sourceOf.push(source);
    let length = 0;
    parseTsvector(chunk.tsv, (lexeme, frequency) => {
      let term = terms.get(lexeme);
      if (term === undefined) {
        terms.set(lexeme, (term = terms.size));
        documentFrequency.push(0);
      }
      documentFrequency.data[term]!++;
      pairs.push(term);
      if (frequency > 1) pairs.push(-Math.min(frequency, 0xffff));
      length += frequency;
    });
    pairs.push(-1);
    this.lengths.push(length);
  }

  build(): KeywordSegment {
    return KeywordSegment.fromBuilder(this);
  }
}

/** rough V8 cost of a short one-byte string and its slot */
const stringBytes = (s: string) => 32 + s.length;

interface SegmentParts {
  chunkIds: string[];
  sourceIds: string[];
  sourceOf: Int32Array;
  lengths: Float32Array;
  terms: Map<string, number>;
  offsets: Int32Array;
  postingChunks: Int32Array;
  postingFrequencies: Uint16Array;
}

/** Chunks marked deleted in a segment, with what they took from its statistics. */
interface Tombstones {
  /** 1 per deleted chunk number */
  chunks: Uint8Array;
  count: number;
  /** sum of the deleted chunks' lengths */
  length: number;
  /** per term: postings of deleted chunks */
  frequency: Int32Array;
}

/** a segment is rebuilt without its deleted chunks once they are this share of it */
const COMPACT_SHARE = 0.25;

/**
 * An immutable run of chunks, numbered from 0 in load order: term →
 * postings (chunk number, term frequency) in typed arrays, compressed-row
 * style (postings of term t at offsets[t] .. offsets[t + 1], in chunk order).
 * A KeywordIndex ranks over one or a few segments; segments concatenate by
 * appending each term's postings, so adding chunks never reparses text.
 * Deleting marks chunks (tombstones) and takes them out of the statistics,
 * so ranking stays exactly that of the live chunks without rebuilding the
 * arrays; a quarter deleted, the segment is rebuilt without them.
 */
export class KeywordSegment {
  /** chunk numbers, deleted ones included */
  readonly size: number;
  /** chunks not deleted */
  readonly live: number;
  /** sum of the live chunks' lengths */
  readonly totalLength: number;
  readonly byteLength: number;

  private constructor(
    readonly parts: Readonly<SegmentParts>,
    private readonly tombstones: Tombstones | null = null,
  ) {
    this.size = parts.chunkIds.length;
    this.live = this.size - (tombstones?.count ?? 0);
    this.totalLength = parts.lengths.reduce((sum, l) => sum + l, 0) - (tombstones?.length ?? 0);
    let bytes = parts.sourceOf.byteLength + parts.lengths.byteLength + parts.offsets.byteLength + parts.postingChunks.byteLength + parts.postingFrequencies.byteLength;
    bytes += (tombstones?.chunks.byteLength ?? 0) + (tombstones?.frequency.byteLength ?? 0);
    for (const id of parts.chunkIds) bytes += stringBytes(id) + 8;
    for (const id of parts.sourceIds) bytes += stringBytes(id) + 8;
    for (const term of parts.terms.keys()) bytes += stringBytes(term) + 40;
    this.byteLength = bytes;
  }

  static fromBuilder({ terms, sources, chunkIds, sourceOf, lengths, pairs, documentFrequency }: KeywordIndexBuilder): KeywordSegment {
    const offsets = new Int32Array(terms.size + 1);
    for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + documentFrequency.data[t]!;
    const total = offsets[terms.size]!;
    const postingChunks = new Int32Array(total);
    const postingFrequencies = new Uint16Array(total);
    const fill = offsets.slice(0, terms.size);
    for (let p = 0, chunk = 0; p < pairs.length; p++) {
      const term = pairs.data[p]!;
      if (term === -1) {
        chunk++;
        continue;
      }
      const at = fill[term]!++;
      postingChunks[at] = chunk;
      const next = pairs.data[p + 1]!;
      postingFrequencies[at] = next < -1 ? -next : 1;
      if (next < -1) p++;
    }
    return new KeywordSegment({
      chunkIds,
      sourceIds: [...sources.keys()],
      sourceOf: sourceOf.data.slice(0, sourceOf.length),
      lengths: Float32Array.from(lengths.data.subarray(0, lengths.length)),
      terms,
      offsets,
      postingChunks,
      postingFrequencies,
    });
  }

  /**
   * One segment of the live chunks of `segments`, in order (each one's
   * numbered after the previous ones'): each term's postings concatenated,
   * still in chunk order; deleted chunks and terms left without postings
   * are dropped.
   */
  static concat(segments: readonly KeywordSegment[]): KeywordSegment {
    const terms = new Map<string, number>();
    const chunkIds: string[] = [];
    const sourceIds: string[] = [];
    const sourceNumber = new Map<string, number>();
    const sourceOf: number[] = [];
    const lengths: number[] = [];
    // per input segment: its chunk numbers → the output's (−1: deleted), its terms → the output's
    const renumbered = segments.map((segment) => {
      const { parts } = segment;
      const chunkOf = new Int32Array(segment.size);
      for (let c = 0; c < segment.size; c++) {
        if (segment.isDeleted(c)) {
          chunkOf[c] = -1;
          continue;
        }
        chunkOf[c] = chunkIds.push(parts.chunkIds[c]!) - 1;
        const sourceId = parts.sourceIds[parts.sourceOf[c]!]!;
        let source = sourceNumber.get(sourceId);
        if (source === undefined) sourceNumber.set(sourceId, (source = sourceIds.push(sourceId) - 1));
        sourceOf.push(source);
        lengths.push(parts.lengths[c]!);
      }
      const termOf = new Int32Array(parts.terms.size);
      for (const [lexeme, t] of parts.terms) {
        if (segment.liveFrequency(t) === 0) {
          termOf[t] = -1;
          continue;
        }
        let merged = terms.get(lexeme);
        if (merged === undefined) terms.set(lexeme, (merged = terms.size));
        termOf[t] = merged;
      }
      return { segment, chunkOf, termOf };
    });
    const offsets = new Int32Array(terms.size + 1);
    for (const { segment, termOf } of renumbered) for (let t = 0; t < termOf.length; t++) if (termOf[t]! >= 0) offsets[termOf[t]! + 1]! += segment.liveFrequency(t);
    for (let t = 0; t < terms.size; t++) offsets[t + 1]! += offsets[t]!;
    const postingChunks = new Int32Array(offsets[terms.size]!);
    const postingFrequencies = new Uint16Array(postingChunks.length);
    const fill = offsets.slice(0, terms.size);
    for (const { segment, chunkOf, termOf } of renumbered) {
      const P = segment.parts;
      for (let t = 0; t < termOf.length; t++) {
        const merged = termOf[t]!;
        if (merged < 0) continue;
        let at = fill[merged]!;
        for (let p = P.offsets[t]!; p < P.offsets[t + 1]!; p++) {
          const chunk = chunkOf[P.postingChunks[p]!]!;
          if (chunk < 0) continue;
          postingChunks[at] = chunk;
          postingFrequencies[at++] = P.postingFrequencies[p]!;
        }
        fill[merged] = at;
      }
    }
    return new KeywordSegment({ chunkIds, sourceIds, sourceOf: Int32Array.from(sourceOf), lengths: Float32Array.from(lengths), terms, offsets, postingChunks, postingFrequencies });
  }

  /**
   * This segment with the chunks whose ids `isRemoved` picks deleted too:
   * the same arrays with more tombstones (one read of the postings to take
   * them out of each term's frequency), or rebuilt without the deleted
   * chunks once they are a quarter of it. Itself when none is picked.
   */
  withDeleted(isRemoved: (chunkId: string) => boolean): KeywordSegment {
    const P = this.parts;
    const chunks = this.tombstones ? this.tombstones.chunks.slice() : new Uint8Array(this.size);
    let count = this.tombstones?.count ?? 0;
    let length = this.tombstones?.length ?? 0;
    for (let c = 0; c < this.size; c++) {
      if (chunks[c] || !isRemoved(P.chunkIds[c]!)) continue;
      chunks[c] = 1;
      count++;
      length += P.lengths[c]!;
    }
    if (count === (this.tombstones?.count ?? 0)) return this;
    const frequency = new Int32Array(P.terms.size);
    for (let t = 0; t < P.terms.size; t++) {
      let deleted = 0;
      for (let p = P.offsets[t]!; p < P.offsets[t + 1]!; p++) deleted += chunks[P.postingChunks[p]!]!;
      frequency[t] = deleted;
    }
    const marked = new KeywordSegment(P, { chunks, count, length, frequency });
    return count > this.size * COMPACT_SHARE ? KeywordSegment.concat([marked]) : marked;
  }

  isDeleted(chunk: number): boolean {
    return this.tombstones ? this.tombstones.chunks[chunk] === 1 : false;
  }

  /** the deleted-chunk marks, or null when none is deleted (search skips those chunks' postings) */
  get deleted(): Uint8Array | null {
    return this.tombstones?.chunks ?? null;
  }

  /** Postings of term number t that belong to live chunks. */
  liveFrequency(t: number): number {
    return this.parts.offsets[t + 1]! - this.parts.offsets[t]! - (this.tombstones?.frequency[t] ?? 0);
  }

  /** A lexeme's postings range and how many of them are live ([0, 0, 0] when absent). */
  postings(lexeme: string): [from: number, to: number, live: number] {
    const t = this.parts.terms.get(lexeme);
    return t === undefined ? [0, 0, 0] : [this.parts.offsets[t]!, this.parts.offsets[t + 1]!, this.liveFrequency(t)];
  }

  chunkIdOf(chunk: number): string {
    return this.parts.chunkIds[chunk]!;
  }

  sourceIdOf(chunk: number): string {
    return this.parts.sourceIds[this.parts.sourceOf[chunk]!]!;
  }
}
