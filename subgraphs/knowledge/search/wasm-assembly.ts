/**
 * Just enough of the WebAssembly binary format to assemble the scan kernels
 * here from bytes (no toolchain, no binary file in the repository). Each
 * kernel is one exported function over one imported memory (`env.mem`).
 */

export const leb = (value: number): number[] => {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
};

/** signed LEB128, as i32.const wants (64 unsigned-encoded would read as -64) */
const sleb = (value: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const name = (s: string) => [...leb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];

export const I32 = 0x7f;
export const V128 = 0x7b;

export const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  tee: (i: number) => [0x22, i],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  simd: (code: number) => [0xfd, ...leb(code)],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...leb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  loop: [0x03, 0x40],
  end: 0x0b,
  brIf: (depth: number) => [0x0d, depth],
  i32Add: 0x6a,
  i32Shl: 0x74,
  i32LtU: 0x49,
  i32Eqz: 0x45,
  f32Add: 0x92,
  f32Mul: 0x94,
  f32ConvertI32S: 0xb2,
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
};

/** A module with one function `exportName` of `params` i32 parameters and no result. */
export function assemble(exportName: string, params: number, locals: [count: number, type: number][], body: number[]): Uint8Array {
  const func = [locals.length, ...locals.flat(), ...body, op.end];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, params, ...new Array<number>(params).fill(I32), 0]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exportName), 0x00, 0x00]),
    ...section(10, [1, ...leb(func.length), ...func]),
  ]);
}

// The project's TypeScript libs (ES2023, no DOM) do not declare WebAssembly; this is the part used here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const PAGE = 65_536;
const compiled = new Map<Uint8Array, object>();

/** A fresh memory of at least `bytes` and the module's function bound to it. */
export function instantiate<F>(bytes: Uint8Array, exportName: string, memoryBytes: number): { fn: F; buffer: ArrayBuffer } {
  let module = compiled.get(bytes);
  if (!module) compiled.set(bytes, (module = new wasm.Module(bytes)));
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(memoryBytes / PAGE)) });
  const instance = new wasm.Instance(module, { env: { mem: memory } });
  return { fn: instance.exports[exportName] as F, buffer: memory.buffer };
}
