import { topK } from './top-k.js';

/** One chunk as loaded: its tsvector (PostgreSQL's text form, `'lexeme':1,4 'other':2`). */
export interface IndexedChunk {
  chunkId: string;
  sourceId: string;
  tsv: string;
}

export interface RankedChunk {
  chunkId: string;
  sourceId: string;
  score: number;
}

/** BM25's usual constants: term-frequency saturation and length normalization. */
const K1 = 1.2;
const B = 0.75;

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

/** A growable Int32Array (the index is built once, then frozen into exact-size arrays). */
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
 * once added), then freezes them into a KeywordIndex.
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

  build(): KeywordIndex {
    return new KeywordIndex(this);
  }
}

/** rough V8 cost of a short one-byte string and its slot */
const stringBytes = (s: string) => 32 + s.length;

/**
 * One persona's inverted index, immutable once built: term → postings
 * (chunk number, term frequency) in typed arrays, ranked with BM25 (so a
 * long chunk does not win by length alone). Chunk numbers follow the load
 * order, which is chunk id order: equal scores rank by chunk id, as the SQL did.
 */
export class KeywordIndex {
  readonly size: number;
  readonly byteLength: number;
  private readonly chunkIds: string[];
  private readonly sourceIds: string[];
  private readonly sourceOf: Int32Array;
  private readonly lengths: Float32Array;
  private readonly averageLength: number;
  private readonly terms: Map<string, number>;
  /** postings of term t: offsets[t] .. offsets[t + 1] */
  private readonly offsets: Int32Array;
  private readonly postingChunks: Int32Array;
  private readonly postingFrequencies: Uint16Array;
  /** search's scratch (scores, and which chunks have one), made on first use */
  private scores: Float32Array | undefined;
  private touched: Int32Array | undefined;

  /** Builds at once (tests); a load adds page by page to a KeywordIndexBuilder instead. */
  static of(chunks: Iterable<IndexedChunk>): KeywordIndex {
    const builder = new KeywordIndexBuilder();
    for (const chunk of chunks) builder.add(chunk);
    return builder.build();
  }

  constructor({ terms, sources, chunkIds, sourceOf, lengths, pairs, documentFrequency }: KeywordIndexBuilder) {
    this.size = chunkIds.length;
    this.chunkIds = chunkIds;
    this.sourceIds = [...sources.keys()];
    this.sourceOf = sourceOf.data.slice(0, sourceOf.length);
    this.lengths = Float32Array.from(lengths.data.subarray(0, lengths.length));
    this.averageLength = this.lengths.reduce((sum, l) => sum + l, 0) / Math.max(1, this.size);
    this.terms = terms;
    this.offsets = new Int32Array(terms.size + 1);
    for (let t = 0; t < terms.size; t++) this.offsets[t + 1] = this.offsets[t]! + documentFrequency.data[t]!;
    const total = this.offsets[terms.size]!;
    this.postingChunks = new Int32Array(total);
    this.postingFrequencies = new Uint16Array(total);
    const fill = this.offsets.slice(0, terms.size);
    for (let p = 0, chunk = 0; p < pairs.length; p++) {
      const term = pairs.data[p]!;
      if (term === -1) {
        chunk++;
        continue;
      }
      const at = fill[term]!++;
      this.postingChunks[at] = chunk;
      const next = pairs.data[p + 1]!;
      this.postingFrequencies[at] = next < -1 ? -next : 1;
      if (next < -1) p++;
    }
    // + the search scratch: a score and a slot per chunk
    let bytes = this.size * 8 + this.sourceOf.byteLength + this.lengths.byteLength + this.offsets.byteLength + this.postingChunks.byteLength + this.postingFrequencies.byteLength;
    for (const id of chunkIds) bytes += stringBytes(id) + 8;
    for (const id of this.sourceIds) bytes += stringBytes(id) + 8;
    for (const term of terms.keys()) bytes += stringBytes(term) + 40;
    this.byteLength = bytes;
  }

  /** The `limit` best chunks for these lexemes (any of them), best first; only chunks that hold one. */
  search(lexemes: readonly string[], limit: number): RankedChunk[] {
    // one scratch per index, zeroed again after each search (search is synchronous, so never shared):
    // no 100k-entry array allocated and scanned per question, only the chunks a lexeme touched
    const scores = (this.scores ??= new Float32Array(this.size));
    const touched = (this.touched ??= new Int32Array(this.size));
    let matched = 0;
    for (const lexeme of new Set(lexemes)) {
      const term = this.terms.get(lexeme);
      if (term === undefined) continue;
      const from = this.offsets[term]!;
      const to = this.offsets[term + 1]!;
      const idf = Math.log(1 + (this.size - (to - from) + 0.5) / (to - from + 0.5));
      for (let p = from; p < to; p++) {
        const chunk = this.postingChunks[p]!;
        const tf = this.postingFrequencies[p]!;
        if (scores[chunk] === 0) touched[matched++] = chunk;
        scores[chunk]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[chunk]!) / this.averageLength));
      }
    }
    try {
      // every touched chunk scored above 0 (idf > 0, tf ≥ 1)
      return topK(scores, limit, touched, matched).map((chunk) => ({ chunkId: this.chunkIds[chunk]!, sourceId: this.sourceIds[this.sourceOf[chunk]!]!, score: scores[chunk]! }));
    } finally {
      for (let i = 0; i < matched; i++) scores[touched[i]!] = 0;
    }
  }
}
