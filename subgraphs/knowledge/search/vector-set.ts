import { DotKernel } from './dot-kernel.js';
import type { VectorHit } from './search.types.js';
import { topK } from './top-k.js';
import { decodeUnitInto } from './vector-codec.js';

export interface StoredRow {
  chunk_id: string;
  source_id: string;
  vector: Buffer;
}

/** Rough heap cost of one id string held in the arrays below. */
const ID_BYTES = 64;

/**
 * One (org, persona, model) set loaded for exact search: its vectors, scaled
 * to unit length, in one contiguous Float32Array; ids in parallel arrays.
 */
export class VectorSet {
  private readonly kernel: DotKernel | null;
  private readonly chunkIds: string[];
  private readonly sourceIds: string[];

  constructor(readonly generation: string, readonly dimension: number, rows: StoredRow[]) {
    this.chunkIds = [];
    this.sourceIds = [];
    this.kernel = rows.length && dimension ? new DotKernel(dimension, rows.length) : null;
    let index = 0;
    for (const row of rows) {
      // a zero vector has no direction: it cannot be similar to anything
      if (!decodeUnitInto(row.vector, dimension, this.kernel!.rows, index * this.kernel!.stride)) continue;
      this.chunkIds.push(row.chunk_id);
      this.sourceIds.push(row.source_id);
      index++;
    }
  }

  get size(): number {
    return this.chunkIds.length;
  }

  get byteLength(): number {
    return (this.kernel?.byteLength ?? 0) + this.chunkIds.length * 2 * ID_BYTES;
  }

  /** Exact cosine nearest neighbours of a unit-length query. */
  nearest(query: Float32Array, limit: number): VectorHit[] {
    if (!this.kernel || limit === 0 || this.size === 0) return [];
    const scores = this.kernel.score(query).subarray(0, this.size);
    return topK(scores, limit).map((i) => ({ chunkId: this.chunkIds[i]!, sourceId: this.sourceIds[i]!, score: Math.max(-1, Math.min(1, scores[i]!)) }));
  }
}
