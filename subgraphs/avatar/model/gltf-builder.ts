import { TYPE_COMPONENTS } from './gltf-types.js';

/**
 * Writes glTF 2.0 files from code: the project's default avatar is made by
 * it, and tests and benchmarks build their fixtures with it. Accessor data
 * goes into one binary buffer; `toGlb` packs it as a BIN chunk, `toGltf`
 * embeds it as a base64 data: URI. Output is byte-for-byte deterministic.
 */
export type GltfJson = Record<string, unknown> & {
  asset: { version: string; generator?: string };
  accessors: Record<string, unknown>[];
  bufferViews: Record<string, unknown>[];
};

type AccessorType = 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4' | 'MAT4';
type AccessorData = Float32Array | Uint16Array | Uint32Array | Uint8Array;
const componentTypeOf = (data: AccessorData) =>
  data instanceof Float32Array ? 5126 : data instanceof Uint16Array ? 5123 : data instanceof Uint32Array ? 5125 : 5121;
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;

export interface AccessorOptions {
  /** write min/max (required for positions and keyframe times) */
  bounds?: boolean;
  /** vertex attribute or index data: sets the bufferView target */
  target?: 'vertices' | 'indices';
}

export class GltfBuilder {
  readonly json: GltfJson;
  private readonly parts: Buffer[] = [];
  private binLength = 0;

  constructor(generator = 'Bwenge') {
    this.json = { asset: { version: '2.0', generator }, accessors: [], bufferViews: [] };
  }

  /** Appends `data` (4-byte aligned) with its bufferView and accessor; returns the accessor index. */
  accessor(data: AccessorData, type: AccessorType, options: AccessorOptions = {}): number {
    const components = TYPE_COMPONENTS[type]!;
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const view: Record<string, unknown> = { buffer: 0, byteOffset: this.binLength, byteLength: bytes.length };
    if (options.target) view.target = options.target === 'vertices' ? ARRAY_BUFFER : ELEMENT_ARRAY_BUFFER;
    this.append(bytes);
    this.json.bufferViews.push(view);
    const accessor: Record<string, unknown> = {
      bufferView: this.json.bufferViews.length - 1,
      componentType: componentTypeOf(data),
      count: data.length / components,
      type,
    };
    if (options.bounds) Object.assign(accessor, componentBounds(data, components));
    this.json.accessors.push(accessor);
    return this.json.accessors.length - 1;
  }

  /** Appends an item to a top-level array (nodes, meshes, animations, …); returns its index. */
  add(key: string, item: Record<string, unknown>): number {
    const list = ((this.json[key] as unknown[] | undefined) ??= []);
    list.push(item);
    return list.length - 1;
  }

  /** The buffer, padded to 4 bytes. */
  binary(): Buffer {
    return Buffer.concat(this.parts);
  }

  toGlb(): Buffer {
    const bin = this.binary();
    return encodeGlb(this.withBuffer(bin.length ? {} : null), bin.length ? bin : undefined);
  }

  toGltf(): Buffer {
    const bin = this.binary();
    return Buffer.from(JSON.stringify(this.withBuffer(bin.length ? { uri: `data:application/octet-stream;base64,${bin.toString('base64')}` } : null)));
  }

  private withBuffer(buffer: Record<string, unknown> | null): GltfJson {
    return buffer ? { ...this.json, buffers: [{ ...buffer, byteLength: this.binLength }] } : this.json;
  }

  private append(bytes: Buffer): void {
    const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
    bytes.copy(padded);
    this.parts.push(padded);
    this.binLength += padded.length;
  }
}

function componentBounds(data: ArrayLike<number>, components: number): { min: number[]; max: number[] } {
  const min = new Array<number>(components).fill(Infinity);
  const max = new Array<number>(components).fill(-Infinity);
  for (let i = 0; i < data.length; i++) {
    const c = i % components;
    min[c] = Math.min(min[c]!, data[i]!);
    max[c] = Math.max(max[c]!, data[i]!);
  }
  return { min, max };
}

const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

function chunk(type: number, data: Buffer, pad: number): Buffer {
  const length = Math.ceil(data.length / 4) * 4;
  const header = Buffer.alloc(8);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(type, 4);
  return Buffer.concat([header, data, Buffer.alloc(length - data.length, pad)]);
}

/** A GLB (glTF 2.0 §4.4): header, JSON chunk padded with spaces, optional BIN chunk padded with zeros. */
export function encodeGlb(json: object, bin?: Buffer): Buffer {
  const chunks = [chunk(CHUNK_JSON, Buffer.from(JSON.stringify(json)), 0x20), ...(bin ? [chunk(CHUNK_BIN, bin, 0)] : [])];
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + chunks.reduce((sum, c) => sum + c.length, 0), 8);
  return Buffer.concat([header, ...chunks]);
}
