/**
 * Dot products of one query against many rows, in WebAssembly SIMD
 * (f32x4, four accumulators): ~3x faster than the best plain JS loop on this
 * machine (100k × 256 in ~4–6 ms vs ~18 ms): the exact scan of sets below
 * 20k rows, and the exact rerank's float rows above. The module is assembled here from bytes, so
 * there is no build step and no binary file (see wasm-assembly.ts).
 *
 * dots(rowsPtr, queryPtr, outPtr, rowCount, strideBytes): out[r] = rows[r] · query.
 * strideBytes must be a positive multiple of 64 (rows padded to 16 floats).
 */
import { assemble, I32, instantiate, op, V128 } from './wasm-assembly.js';

const { get, set, tee, i32Const, simd, v128Load, v128Zero, loop, end, brIf } = op;
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const lane = (i: number) => [...simd(0x1f), i];

// params 0..4, then locals
const [ROWS, QUERY, OUT, COUNT, STRIDE, R, J, ROW] = [0, 1, 2, 3, 4, 5, 6, 7];
const ACC = [8, 9, 10, 11];

const body = [
  ...get(COUNT), op.i32Eqz, ...brIf(0),
  ...get(ROWS), ...set(ROW),
  ...loop,
  ...ACC.flatMap((a) => [...v128Zero, ...set(a)]),
  ...i32Const(0), ...set(J),
  ...loop,
  ...ACC.flatMap((a, k) => [
    ...get(a),
    ...get(ROW), ...get(J), op.i32Add, ...v128Load(16 * k),
    ...get(QUERY), ...get(J), op.i32Add, ...v128Load(16 * k),
    ...F32X4_MUL, ...F32X4_ADD, ...set(a),
  ]),
  ...get(J), ...i32Const(64), op.i32Add, ...tee(J), ...get(STRIDE), op.i32LtU, ...brIf(0),
  end,
  ...get(OUT), ...get(R), ...i32Const(2), op.i32Shl, op.i32Add,
  ...get(ACC[0]!), ...get(ACC[1]!), ...F32X4_ADD, ...get(ACC[2]!), ...F32X4_ADD, ...get(ACC[3]!), ...F32X4_ADD, ...tee(ACC[0]!),
  ...lane(0), ...get(ACC[0]!), ...lane(1), op.f32Add, ...get(ACC[0]!), ...lane(2), op.f32Add, ...get(ACC[0]!), ...lane(3), op.f32Add,
  ...op.f32Store,
  ...get(ROW), ...get(STRIDE), op.i32Add, ...set(ROW),
  ...get(R), ...i32Const(1), op.i32Add, ...tee(R), ...get(COUNT), op.i32LtU, ...brIf(0),
  end,
];
const moduleBytes = assemble('dots', 5, [[3, I32], [4, V128]], body);

/** Floats per row: the dimension rounded up to 16 (the kernel reads 64 bytes per step). */
export const strideFor = (dimension: number) => Math.ceil(dimension / 16) * 16;


/**
 * Room for `capacity` rows, one query slot and one score per row in a single
 * WebAssembly memory: the rows are one contiguous Float32Array (`rows`).
 */
export class DotKernel {
  readonly stride: number;
  readonly rows: Float32Array;
  private readonly scores: Float32Array;
  private readonly query: Float32Array;
  private readonly dots: (rows: number, query: number, out: number, count: number, strideBytes: number) => void;

  constructor(readonly dimension: number, readonly capacity: number) {
    this.stride = strideFor(dimension);
    const rowsBytes = capacity * this.stride * 4;
    const queryBytes = this.stride * 4;
    const total = rowsBytes + queryBytes + capacity * 4;
    const { fn, buffer } = instantiate<DotKernel['dots']>(moduleBytes, 'dots', total);
    this.dots = fn;
    this.rows = new Float32Array(buffer, 0, capacity * this.stride);
    this.query = new Float32Array(buffer, rowsBytes, this.stride);
    this.scores = new Float32Array(buffer, rowsBytes + queryBytes, capacity);
  }

  /** bytes held by this kernel's memory */
  get byteLength(): number {
    return this.rows.buffer.byteLength;
  }

  /** Copies row `from` over row `to` (a removal fills its hole with the last row). */
  moveRow(from: number, to: number): void {
    this.rows.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
  }

  /** Each of the first `count` rows' dot product with `query` (length `dimension`); a view, valid until the next call. */
  score(query: Float32Array, count = this.capacity): Float32Array {
    const n = Math.min(count, this.capacity);
    this.query.set(query);
    const queryAt = this.capacity * this.stride * 4;
    this.dots(0, queryAt, queryAt + this.stride * 4, n, this.stride * 4);
    return this.scores.subarray(0, n);
  }
}
