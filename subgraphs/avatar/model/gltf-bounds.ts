import { invalid } from './gltf-check.js';
import { FLOAT, type GltfAccessor, type GltfDocument } from './gltf-types.js';
import { fromTrs, multiply, transformPoint, type Mat4, type Vec3 } from './mat4.js';

export interface BoundingBox {
  min: Vec3;
  max: Vec3;
}

/** Bytes of buffer `buffer` (the GLB's BIN chunk or a decoded data: URI). */
export type BufferReader = (buffer: number, offset: number, length: number) => Promise<Buffer>;

/**
 * The axis-aligned box around the default scene (`scene`, else scene 0,
 * else every root node): each mesh primitive's POSITION min/max corners are
 * carried through its node's world transform (matrix, or T·R·S, composed
 * down the hierarchy). A skinned mesh ignores its node's transform (glTF
 * 2.0 §5.25): its bind-pose vertices go through joint 0's world transform
 * times that joint's inverse bind matrix, which is the same for every joint
 * while the skeleton rests in its bind pose. Morph targets are not added.
 */
export async function sceneBounds(doc: GltfDocument, readBuffer: BufferReader): Promise<BoundingBox> {
  const world = worldMatrices(doc);
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const n of sceneNodes(doc)) {
    const node = doc.nodes[n]!;
    if (node.mesh === undefined) continue;
    const transform = node.skin === undefined ? world(n) : await bindTransform(doc, node.skin, world, readBuffer);
    for (const primitive of doc.meshes[node.mesh]!.primitives) {
      const position = primitive.attributes.POSITION;
      if (position === undefined) continue;
      for (const corner of corners(doc.accessors[position]!, position)) {
        const p = transformPoint(transform, corner);
        for (let k = 0; k < 3; k++) {
          min[k] = Math.min(min[k]!, p[k]!);
          max[k] = Math.max(max[k]!, p[k]!);
        }
      }
    }
  }
  if (min[0] === Infinity) invalid('the default scene has no mesh with positions; there is nothing to show');
  // + 0 turns -0 into 0
  return { min: min.map((v) => v + 0) as Vec3, max: max.map((v) => v + 0) as Vec3 };
}

/** Nodes reachable from the default scene's roots. */
function sceneNodes(doc: GltfDocument): number[] {
  const scene = doc.scenes[doc.scene ?? 0];
  const roots = scene ? scene.nodes : doc.nodes.map((_n, i) => i).filter((i) => doc.parents[i] === undefined);
  const out: number[] = [];
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...doc.nodes[n]!.children);
  }
  return out;
}

function worldMatrices(doc: GltfDocument): (n: number) => Mat4 {
  const cache = new Map<number, Mat4>();
  const world = (n: number): Mat4 => {
    const cached = cache.get(n);
    if (cached) return cached;
    const node = doc.nodes[n]!;
    const local = node.matrix ?? fromTrs(node.translation, node.rotation, node.scale);
    const parent = doc.parents[n];
    const result = parent === undefined ? local : multiply(world(parent), local);
    cache.set(n, result);
    return result;
  };
  return world;
}

async function bindTransform(doc: GltfDocument, skinIndex: number, world: (n: number) => Mat4, readBuffer: BufferReader): Promise<Mat4> {
  const skin = doc.skins[skinIndex]!;
  const joint = world(skin.joints[0]!);
  if (skin.inverseBindMatrices === undefined) return joint;
  const accessor = doc.accessors[skin.inverseBindMatrices]!;
  if (accessor.type !== 'MAT4' || accessor.componentType !== FLOAT) invalid(`skins[${skinIndex}].inverseBindMatrices must be MAT4 float`);
  if (accessor.bufferView === undefined || accessor.sparse) return joint;
  const view = doc.bufferViews[accessor.bufferView]!;
  const bytes = await readBuffer(view.buffer, view.byteOffset + accessor.byteOffset, 64);
  const inverseBind = Array.from({ length: 16 }, (_v, i) => bytes.readFloatLE(i * 4));
  return multiply(joint, inverseBind);
}

// glTF 2.0 §3.11: how normalized integer components map to floats
const NORMALIZE: Record<number, (c: number) => number> = {
  5120: (c) => Math.max(c / 127, -1),
  5121: (c) => c / 255,
  5122: (c) => Math.max(c / 32767, -1),
  5123: (c) => c / 65535,
};

function corners(accessor: GltfAccessor, index: number): Vec3[] {
  if (accessor.type !== 'VEC3') invalid(`accessor ${index} (POSITION) must be VEC3`);
  if (!accessor.min || !accessor.max) invalid(`accessor ${index} (POSITION) has no min/max; glTF 2.0 requires them on positions`);
  const scale = accessor.normalized ? NORMALIZE[accessor.componentType] : undefined;
  const [lo, hi] = [accessor.min, accessor.max].map((v) => (scale ? v.map(scale) : v)) as [number[], number[]];
  const out: Vec3[] = [];
  for (const x of [lo[0]!, hi[0]!]) for (const y of [lo[1]!, hi[1]!]) for (const z of [lo[2]!, hi[2]!]) out.push([x, y, z]);
  return out;
}
