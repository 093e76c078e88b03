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

/**
 * An immutable run of chunks, numbered from 0 in load order: term →
 * postings (chunk number, term frequency) in typed arrays, compressed-row
 * style (postings of term t at offsets[t] .. offsets[t + 1], in chunk order).
 * A KeywordIndex ranks over one or a few segments; two segments merge by
 * concatenating each term's postings, so appending never reparses text.
 */
export class KeywordSegment {
  readonly size: number;
  readonly totalLength: number;
  readonly byteLength: number;

  private constructor(readonly parts: Readonly<SegmentParts>) {
    this.size = parts.chunkIds.length;
    this.totalLength = parts.lengths.reduce((sum, l) => sum + l, 0);
    let bytes = parts.sourceOf.byteLength + parts.lengths.byteLength + parts.offsets.byteLength + parts.postingChunks.byteLength + parts.postingFrequencies.byteLength;
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

  /** `a`'s chunks, then `b`'s (numbered after them): each term's postings are a's then b's, still in chunk order. */
  static merge(a: KeywordSegment, b: KeywordSegment): KeywordSegment {
    const [A, B] = [a.parts, b.parts];
    const terms = new Map(A.terms);
    const termOfB = new Int32Array(B.terms.size);
    for (const [lexeme, t] of B.terms) {
      let merged = terms.get(lexeme);
      if (merged === undefined) terms.set(lexeme, (merged = terms.size));
      termOfB[t] = merged;
    }
    const frequencyOf = (parts: SegmentParts, t: number) => parts.offsets[t + 1]! - parts.offsets[t]!;
    const counts = new Int32Array(terms.size);
    for (let t = 0; t < A.terms.size; t++) counts[t] = frequencyOf(A, t);
    for (let t = 0; t < B.terms.size; t++) counts[termOfB[t]!]! += frequencyOf(B, t);
    const offsets = new Int32Array(terms.size + 1);
    for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + counts[t]!;
    const postingChunks = new Int32Array(offsets[terms.size]!);
    const postingFrequencies = new Uint16Array(postingChunks.length);
    const fill = offsets.slice(0, terms.size);
    for (let t = 0; t < A.terms.size; t++) {
      const [from, to] = [A.offsets[t]!, A.offsets[t + 1]!];
      postingChunks.set(A.postingChunks.subarray(from, to), fill[t]!);
      postingFrequencies.set(A.postingFrequencies.subarray(from, to), fill[t]!);
      fill[t]! += to - from;
    }
    for (let t = 0; t < B.terms.size; t++) {
      const merged = termOfB[t]!;
      let at = fill[merged]!;
      for (let p = B.offsets[t]!; p < B.offsets[t + 1]!; p++, at++) {
        postingChunks[at] = B.postingChunks[p]! + a.size;
        postingFrequencies[at] = B.postingFrequencies[p]!;
      }
      fill[merged] = at;
    }
    const sourceIds = [...A.sourceIds];
    const sourceNumber = new Map(sourceIds.map((id, i) => [id, i]));
    const sourceOfB = B.sourceIds.map((id) => {
      let n = sourceNumber.get(id);
      if (n === undefined) sourceNumber.set(id, (n = sourceIds.push(id) - 1));
      return n;
    });
    const sourceOf = new Int32Array(a.size + b.size);
    sourceOf.set(A.sourceOf);
    for (let c = 0; c < b.size; c++) sourceOf[a.size + c] = sourceOfB[B.sourceOf[c]!]!;
    const lengths = new Float32Array(a.size + b.size);
    lengths.set(A.lengths);
    lengths.set(B.lengths, a.size);
    return new KeywordSegment({ chunkIds: A.chunkIds.concat(B.chunkIds), sourceIds, sourceOf, lengths, terms, offsets, postingChunks, postingFrequencies });
  }

  /** The postings range of a lexeme ([0, 0] when absent). */
  postings(lexeme: string): [from: number, to: number] {
    const t = this.parts.terms.get(lexeme);
    return t === undefined ? [0, 0] : [this.parts.offsets[t]!, this.parts.offsets[t + 1]!];
  }

  chunkIdOf(chunk: number): string {
    return this.parts.chunkIds[chunk]!;
  }

  sourceIdOf(chunk: number): string {
    return this.parts.sourceIds[this.parts.sourceOf[chunk]!]!;
  }
}
