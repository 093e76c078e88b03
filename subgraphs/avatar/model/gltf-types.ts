/**
 * The part of a glTF 2.0 document the avatar subgraph reads, after
 * validation (indices in range, arrays where arrays belong). Fields the
 * reader never needs are left out; the file itself is served unchanged.
 */
export type ContainerFormat = 'glb' | 'gltf';

export interface GltfBuffer {
  /** absent only for the GLB's BIN chunk (buffer 0 of a .glb) */
  uri?: string;
  byteLength: number;
}

export interface GltfBufferView {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
}

export interface GltfAccessor {
  bufferView?: number;
  byteOffset: number;
  componentType: number;
  normalized: boolean;
  count: number;
  type: string;
  min?: number[];
  max?: number[];
  sparse: boolean;
}

export interface GltfNode {
  name?: string;
  children: number[];
  mesh?: number;
  skin?: number;
  matrix?: number[];
  translation?: number[];
  rotation?: number[];
  scale?: number[];
}

export interface GltfPrimitive {
  attributes: Record<string, number>;
}

export interface GltfMesh {
  primitives: GltfPrimitive[];
}

export interface GltfSkin {
  joints: number[];
  inverseBindMatrices?: number;
}

export interface GltfAnimationSampler {
  input: number;
  output: number;
}

export interface GltfAnimation {
  name?: string;
  samplers: GltfAnimationSampler[];
}

export interface GltfDocument {
  format: ContainerFormat;
  scene?: number;
  scenes: { nodes: number[] }[];
  nodes: GltfNode[];
  /** parent of each node (undefined for roots), from the validated hierarchy */
  parents: (number | undefined)[];
  meshes: GltfMesh[];
  skins: GltfSkin[];
  accessors: GltfAccessor[];
  bufferViews: GltfBufferView[];
  buffers: GltfBuffer[];
  animations: GltfAnimation[];
}

export const COMPONENT_BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };
export const TYPE_COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };
export const FLOAT = 5126;

/** Bytes one element occupies; matrix columns of 1- and 2-byte components are padded to 4 bytes. */
export function elementBytes(componentType: number, type: string): number {
  const size = COMPONENT_BYTES[componentType]!;
  const components = TYPE_COMPONENTS[type]!;
  if (type.startsWith('MAT') && size < 4) {
    const rows = Math.sqrt(components);
    return rows * Math.ceil((rows * size) / 4) * 4;
  }
  return size * components;
}
