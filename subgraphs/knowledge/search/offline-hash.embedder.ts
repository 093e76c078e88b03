import type { EmbeddingProvider } from './search.types.js';
import { featureCounts } from './text-features.js';

/** Relative weight of each feature family in the final vector. */
const WEIGHTS = { unigrams: 1, bigrams: 0.5, trigrams: 0.5 } as const;
/** a different hash seed per family, so "ab" the word and "ab" the trigram land apart */
const SEEDS = { unigrams: 0x9e3779b1, bigrams: 0x85ebca77, trigrams: 0xc2b2ae3d } as const;

/** 32-bit FNV-1a with a seed, then a murmur finalizer for well-spread low bits. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The offline default: no network, no model weights. Feature hashing of
 * normalized word unigrams, word bigrams and character trigrams (sublinear
 * term frequency 1 + ln tf, signed hashing into `dimension` buckets, each
 * family scaled to unit length and weighted, then the whole L2-normalized).
 *
 * Honest limits: this measures LEXICAL overlap, not meaning. Two texts are
 * similar when they share words (or word pieces); a paraphrase with no
 * shared words ("car" vs "automobile"), a translation or a synonym will not
 * match. Hash collisions add a little noise (±, zero on average). An empty
 * text (or only stop words) gives the zero vector, similar to nothing.
 */
export class OfflineHashEmbedder implements EmbeddingProvider {
  readonly model = 'offline-hash-v1';

  constructor(readonly dimension = 256) {
    if (!Number.isInteger(dimension) || dimension < 16) throw new Error(`offline embedder dimension must be an integer ≥ 16, got ${dimension}`);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const text of texts) {
      signal?.throwIfAborted();
      out.push(this.embedOne(text));
    }
    return out;
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    const features = featureCounts(text);
    for (const family of ['unigrams', 'bigrams', 'trigrams'] as const) {
      const part = new Float64Array(this.dimension);
      let norm = 0;
      for (const [feature, tf] of features[family]) {
        const h = hash(feature, SEEDS[family]);
        const bucket = h % this.dimension;
        // the top bit picks the sign: collisions cancel out on average instead of piling up
        part[bucket]! += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(tf));
      }
      for (let i = 0; i < this.dimension; i++) norm += part[i]! * part[i]!;
      if (norm === 0) continue;
      const scale = WEIGHTS[family] / Math.sqrt(norm);
      for (let i = 0; i < this.dimension; i++) vector[i]! += part[i]! * scale;
    }
    let total = 0;
    for (let i = 0; i < this.dimension; i++) total += vector[i]! * vector[i]!;
    if (total > 0) {
      const scale = 1 / Math.sqrt(total);
      for (let i = 0; i < this.dimension; i++) vector[i]! *= scale;
    }
    return vector;
  }
}
