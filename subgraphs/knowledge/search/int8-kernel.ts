/**
 * A quantized copy of a set for the pre-scan: each row scaled to int8
 * (×127 / its largest magnitude), the query to int16 the same way, scored
 * with WebAssembly SIMD (i8 → i16 widening, i32x4.dot_i16x8_s), each score
 * multiplied back by the row's scale. A quarter of the float32 bytes to
 * read, which is what a busy machine runs short of. The ranking is
 * approximate; VectorSet reranks the best candidates exactly.
 *
 * dots(rowsPtr, queryPtr, scalesPtr, outPtr, rowCount, strideBytes):
 *   out[r] = (Σ rows[r][i] · query[i]) · scales[r]   (rows int8, query int16)
 * strideBytes (= padded dimension) must be a positive multiple of 16.
 */
import { assemble, I32, instantiate, op, V128 } from './wasm-assembly.js';

const { get, set, tee, i32Const, simd, v128Load, v128Zero, loop, end, brIf } = op;
const I16X8_FROM_LOW_I8 = simd(0x87);
const I16X8_FROM_HIGH_I8 = simd(0x88);
const I32X4_DOT_I16X8 = simd(0xba);
const I32X4_ADD = simd(0xae);
const lane = (i: number) => [...simd(0x1b), i];

const [ROWS, QUERY, SCALES, OUT, COUNT, STRIDE, R, J, ROW, V, ACC0, ACC1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

const body = [
  ...get(COUNT), op.i32Eqz, ...brIf(0),
  ...get(ROWS), ...set(ROW),
  ...loop,
  ...v128Zero, ...set(ACC0),
  ...v128Zero, ...set(ACC1),
  ...i32Const(0), ...set(J),
  ...loop,
  ...get(ROW), ...get(J), op.i32Add, ...v128Load(0), ...set(V),
  ...get(ACC0),
  ...get(V), ...I16X8_FROM_LOW_I8,
  ...get(QUERY), ...get(J), ...i32Const(1), op.i32Shl, op.i32Add, ...v128Load(0),
  ...I32X4_DOT_I16X8, ...I32X4_ADD, ...set(ACC0),
  ...get(ACC1),
  ...get(V), ...I16X8_FROM_HIGH_I8,
  ...get(QUERY), ...get(J), ...i32Const(1), op.i32Shl, op.i32Add, ...v128Load(16),
  ...I32X4_DOT_I16X8, ...I32X4_ADD, ...set(ACC1),
  ...get(J), ...i32Const(16), op.i32Add, ...tee(J), ...get(STRIDE), op.i32LtU, ...brIf(0),
  end,
  // out[r] = f32(sum of lanes) * scales[r]
  ...get(OUT), ...get(R), ...i32Const(2), op.i32Shl, op.i32Add,
  ...get(ACC0), ...get(ACC1), ...I32X4_ADD, ...tee(ACC0),
  ...lane(0), ...get(ACC0), ...lane(1), op.i32Add, ...get(ACC0), ...lane(2), op.i32Add, ...get(ACC0), ...lane(3), op.i32Add,
  op.f32ConvertI32S,
  ...get(SCALES), ...get(R), ...i32Const(2), op.i32Shl, op.i32Add, ...op.f32Load,
  op.f32Mul,
  ...op.f32Store,
  ...get(ROW), ...get(STRIDE), op.i32Add, ...set(ROW),
  ...get(R), ...i32Const(1), op.i32Add, ...tee(R), ...get(COUNT), op.i32LtU, ...brIf(0),
  end,
];
const moduleBytes = assemble('dots', 6, [[3, I32], [3, V128]], body);

export class Int8Kernel {
  /** bytes per row: the dimension rounded up to 16 */
  readonly stride: number;
  private readonly rows: Int8Array;
  private readonly scales: Float32Array;
  private readonly query: Int16Array;
  private readonly scores: Float32Array;
  private readonly dots: (rows: number, query: number, scales: number, out: number, count: number, strideBytes: number) => void;
  private readonly at: { query: number; scales: number; scores: number };

  constructor(readonly dimension: number, readonly capacity: number) {
    this.stride = Math.ceil(dimension / 16) * 16;
    const rowsBytes = capacity * this.stride;
    this.at = { query: rowsBytes, scales: rowsBytes + this.stride * 2, scores: rowsBytes + this.stride * 2 + capacity * 4 };
    const { fn, buffer } = instantiate<Int8Kernel['dots']>(moduleBytes, 'dots', this.at.scores + capacity * 4);
    this.dots = fn;
    this.rows = new Int8Array(buffer, 0, rowsBytes);
    this.query = new Int16Array(buffer, this.at.query, this.stride);
    this.scales = new Float32Array(buffer, this.at.scales, capacity);
    this.scores = new Float32Array(buffer, this.at.scores, capacity);
  }

  get byteLength(): number {
    return this.rows.buffer.byteLength;
  }

  /** Stores row `index` quantized (from `source` at `offset`, `dimension` values). */
  setRow(index: number, source: Float32Array, offset: number): void {
    let max = 0;
    for (let i = 0; i < this.dimension; i++) max = Math.max(max, Math.abs(source[offset + i]!));
    const scale = max === 0 ? 0 : 127 / max;
    const base = index * this.stride;
    for (let i = 0; i < this.dimension; i++) this.rows[base + i] = Math.round(source[offset + i]! * scale);
    this.scales[index] = max === 0 ? 0 : max / 127;
  }

  /** Approximate dot products of the first `count` rows with `query` (up to one factor common to all rows). */
  score(query: Float32Array, count: number): Float32Array {
    let max = 0;
    for (let i = 0; i < this.dimension; i++) max = Math.max(max, Math.abs(query[i]!));
    const scale = max === 0 ? 0 : 127 / max;
    for (let i = 0; i < this.dimension; i++) this.query[i] = Math.round(query[i]! * scale);
    const n = Math.min(count, this.capacity);
    this.dots(0, this.at.query, this.at.scales, this.at.scores, n, this.stride);
    return this.scores.subarray(0, n);
  }

  /** Copies row `from` over row `to` (a removal fills its hole with the last row). */
  moveRow(from: number, to: number): void {
    this.rows.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
    this.scales[to] = this.scales[from]!;
  }

  /** Copies the first `count` rows of a smaller kernel (growth). */
  copyFrom(other: Int8Kernel, count: number): void {
    this.rows.set(other.rows.subarray(0, count * other.stride));
    this.scales.set(other.scales.subarray(0, count));
  }
}
