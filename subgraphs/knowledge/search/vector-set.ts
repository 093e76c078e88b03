import { endianness } from 'node:os';
import type { HeldChunk } from './departures.js';
import { DotKernel } from './dot-kernel.js';
import { Int8Kernel } from './int8-kernel.js';
import type { VectorHit } from './search.types.js';
import { topK, topKSampled } from './top-k.js';

export interface StoredRow {
  chunk_id: string;
  source_id: string;
  /** float32 little-endian */
  vector: Buffer;
  seq: string;
}

/** Rough heap cost per row of the ids and the id → row map, and its slot in the pre-scan's scratch. */
const ROW_OVERHEAD_BYTES = 204;
/** Sets this large are pre-scanned in int8 and the best candidates reranked exactly; smaller ones are scanned exactly. */
export const PRESCAN_FROM_ROWS = 20_000;
/** candidates reranked exactly: at least this many, and 8 per result asked */
const RERANK_AT_LEAST = 256;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * One (org, persona, model) set loaded for exact search: its vectors, scaled
 * to unit length, in one contiguous Float32Array (WebAssembly memory, see
 * dot-kernel.ts), ids in parallel arrays. Rows are added or replaced in
 * place, and removed by moving the last row into their place (incremental
 * refresh).
 */
export class VectorSet {
  private kernel: DotKernel | null = null;
  private quantized: Int8Kernel | null = null;
  private count = 0;
  private readonly chunkIds: string[] = [];
  private readonly sourceIds: string[] = [];
  private readonly rowOf = new Map<string, number>();
  /** rows whose vector is zero: no direction, similar to nothing, never returned */
  private readonly zero = new Set<number>();
  /** the pre-scan's kept candidates (top-k.ts topKSampled), reused across queries */
  private scratch: Int32Array | null = null;
  /** highest `seq` applied */
  maxSeq = 0n;

  constructor(
    public generation: string,
    public resetGeneration: string,
    readonly dimension: number,
  ) {}

  get size(): number {
    return this.count - this.zero.size;
  }

  get byteLength(): number {
    return (this.kernel?.byteLength ?? 0) + (this.quantized?.byteLength ?? 0) + this.count * ROW_OVERHEAD_BYTES;
  }

  /** Adds or replaces rows (in `seq` order). */
  apply(rows: StoredRow[]): void {
    if (rows.length === 0) return;
    const needed = this.count + rows.length;
    if (needed > (this.kernel?.capacity ?? 0)) this.grow(needed);
    const { rows: target, stride } = this.kernel!;
    const quantized = this.quantized!;
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    const width = this.dimension * 4;
    let maxSeq = this.maxSeq;
    for (const row of rows) {
      if (row.vector.length !== width) throw new Error(`vector of chunk ${row.chunk_id} has ${row.vector.length / 4} values, its set ${this.dimension}`);
      let index = this.rowOf.get(row.chunk_id);
      if (index === undefined) {
        index = this.count++;
        this.rowOf.set(row.chunk_id, index);
        this.chunkIds.push(row.chunk_id);
        this.sourceIds.push(row.source_id);
      } else {
        this.sourceIds[index] = row.source_id;
      }
      const offset = index * stride;
      if (LITTLE_ENDIAN_HOST) bytes.set(row.vector, offset * 4);
      else for (let i = 0; i < this.dimension; i++) target[offset + i] = row.vector.readFloatLE(i * 4);
      if (normalize(target, offset, this.dimension)) this.zero.delete(index);
      else this.zero.add(index);
      quantized.setRow(index, target, offset);
      const seq = BigInt(row.seq);
      if (seq > maxSeq) maxSeq = seq;
    }
    this.maxSeq = maxSeq;
  }

  /** The chunks held (zero vectors included: they are rows too). */
  *held(): Iterable<HeldChunk> {
    for (let i = 0; i < this.count; i++) yield { chunkId: this.chunkIds[i]!, sourceId: this.sourceIds[i]! };
  }

  /** Removes the rows of these chunk ids (ids not held are ignored); the last row moves into each hole. */
  remove(chunkIds: Iterable<string>): void {
    const kernel = this.kernel;
    const quantized = this.quantized;
    if (!kernel || !quantized) return;
    for (const id of chunkIds) {
      const index = this.rowOf.get(id);
      if (index === undefined) continue;
      const last = --this.count;
      this.rowOf.delete(id);
      this.zero.delete(index);
      if (index !== last) {
        kernel.moveRow(last, index);
        quantized.moveRow(last, index);
        this.chunkIds[index] = this.chunkIds[last]!;
        this.sourceIds[index] = this.sourceIds[last]!;
        this.rowOf.set(this.chunkIds[index]!, index);
        if (this.zero.delete(last)) this.zero.add(index);
      }
      this.chunkIds.pop();
      this.sourceIds.pop();
    }
  }

  /**
   * Cosine nearest neighbours of a unit-length query, with exact scores.
   * Below PRESCAN_FROM_ROWS: an exact scan. From there: an int8 pre-scan,
   * then the best max(8 × limit, 256) candidates rescored exactly (recall
   * measured by bench:search).
   */
  nearest(query: Float32Array, limit: number): VectorHit[] {
    if (!this.kernel || !this.quantized || limit === 0 || this.size === 0) return [];
    if (this.count < PRESCAN_FROM_ROWS) return this.hits(this.kernel.score(query, this.count), limit, null);
    const approximate = this.quantized.score(query, this.count);
    for (const index of this.zero) approximate[index] = -Infinity;
    if (!this.scratch || this.scratch.length < this.count) this.scratch = new Int32Array(this.kernel.capacity);
    const candidates = topKSampled(approximate, Math.max(limit * 8, RERANK_AT_LEAST), this.scratch).filter((i) => approximate[i] !== -Infinity);
    const { rows, stride } = this.kernel;
    const dimension = this.dimension;
    const exact = new Float32Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) {
      let dot = 0;
      for (let i = 0, at = candidates[c]! * stride; i < dimension; i++, at++) dot += rows[at]! * query[i]!;
      exact[c] = dot;
    }
    return this.hits(exact, limit, candidates);
  }

  /** The best `limit` of `scores`; `rowsOf` maps score positions to rows (null: the same). */
  private hits(scores: Float32Array, limit: number, rowsOf: number[] | null): VectorHit[] {
    if (!rowsOf) for (const index of this.zero) scores[index] = -Infinity;
    return topK(scores, limit)
      .filter((i) => scores[i] !== -Infinity)
      .map((i) => {
        const row = rowsOf ? rowsOf[i]! : i;
        return { chunkId: this.chunkIds[row]!, sourceId: this.sourceIds[row]!, score: Math.max(-1, Math.min(1, scores[i]!)) };
      });
  }

  /**
   * A bigger memory, rows copied over. Room for 25% more than needed, and at
   * least 1.5× the old size: small incremental refreshes (a worker ingesting)
   * then fit without a copy, whose real cost is the operating system
   * mapping fresh pages (~1 s per 100 MB on this machine when busy).
   */
  private grow(needed: number): void {
    const capacity = Math.max(Math.ceil(needed * 1.25), Math.ceil((this.kernel?.capacity ?? 0) * 1.5), 16);
    const bigger = new DotKernel(this.dimension, capacity);
    const biggerQuantized = new Int8Kernel(this.dimension, capacity);
    if (this.kernel) bigger.rows.set(this.kernel.rows.subarray(0, this.count * this.kernel.stride));
    if (this.quantized) biggerQuantized.copyFrom(this.quantized, this.count);
    this.kernel = bigger;
    this.quantized = biggerQuantized;
  }
}

/** Scales `dimension` values at `offset` to unit length; false for a zero vector. */
function normalize(target: Float32Array, offset: number, dimension: number): boolean {
  let norm = 0;
  const end = offset + dimension;
  for (let i = offset; i < end; i++) norm += target[i]! * target[i]!;
  if (norm === 0) return false;
  const scale = 1 / Math.sqrt(norm);
  for (let i = offset; i < end; i++) target[i]! *= scale;
  return true;
}
