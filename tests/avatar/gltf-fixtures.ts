import { PNG } from 'pngjs';
import { GltfBuilder } from '../../subgraphs/avatar/model/gltf-builder.js';

/**
 * Model files made by code for the avatar tests and benchmarks: each one
 * says what it contains, so a test can state exactly what must be read back.
 */

/** A box mesh (8 corners, 12 triangles) spanning `min`..`max`; returns the mesh index. */
export function boxMesh(builder: GltfBuilder, min: number[], max: number[]): number {
  const positions = new Float32Array(24);
  for (let i = 0; i < 8; i++) {
    positions.set([i & 1 ? max[0]! : min[0]!, i & 2 ? max[1]! : min[1]!, i & 4 ? max[2]! : min[2]!], i * 3);
  }
  const faces = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5];
  const position = builder.accessor(positions, 'VEC3', { bounds: true, target: 'vertices' });
  const indices = builder.accessor(new Uint16Array(faces), 'SCALAR', { target: 'indices' });
  return builder.add('meshes', { primitives: [{ attributes: { POSITION: position }, indices }] });
}

/** A clip moving `node` through `times` (seconds, exact in float32). */
export function translationClip(builder: GltfBuilder, name: string, node: number, samplerTimes: number[][]): number {
  const samplers = samplerTimes.map((times) => ({
    input: builder.accessor(new Float32Array(times), 'SCALAR', { bounds: true }),
    output: builder.accessor(new Float32Array(times.flatMap((t) => [0, t / 10, 0])), 'VEC3'),
    interpolation: 'LINEAR',
  }));
  return builder.add('animations', { name, samplers, channels: samplers.map((_s, i) => ({ sampler: i, target: { node, path: 'translation' } })) });
}

/**
 * Two clips ("Idle" 2.5 s over two samplers, "Wave_Hello" 1.75 s) and a
 * scene whose box is known exactly:
 * - Armature: translation (1, 0, -2), scale 2
 *   - Body: rotation 180° about Y, box (-0.5, 0, -0.25)..(1.5, 1, 0.75)
 *     → world x -2..2, y 0..2, z -3.5..-1.5
 *     - Hat: matrix (scale 0.5, translation (0, 1.5, 0)), unit box
 *       → world x 0.5..1.5, y 2.5..3.5, z -2.5..-1.5
 * - a far-away node in scene 1 (not the default scene) that must not count.
 */
export const TWO_CLIP_BOUNDS = { min: [-2, 0, -3.5], max: [2, 3.5, -1.5] };
export const TWO_CLIP_ANIMATIONS = [
  { name: 'Idle', durationSeconds: 2.5 },
  { name: 'Wave_Hello', durationSeconds: 1.75 },
];

export function twoClipModel(): GltfBuilder {
  const b = new GltfBuilder('bwenge-tests');
  const body = b.add('nodes', { name: 'Body', rotation: [0, 1, 0, 0], mesh: boxMesh(b, [-0.5, 0, -0.25], [1.5, 1, 0.75]), children: [2] });
  const armature = b.add('nodes', { name: 'Armature', translation: [1, 0, -2], scale: [2, 2, 2], children: [body] });
  b.add('nodes', { name: 'Hat', matrix: [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0, 0, 1.5, 0, 1], mesh: boxMesh(b, [-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]) });
  const far = b.add('nodes', { name: 'Elsewhere', translation: [100, 100, 100], mesh: 0 });
  b.json.scenes = [{ nodes: [armature] }, { nodes: [far] }];
  b.json.scene = 0;
  translationClip(b, 'Idle', body, [[0, 1, 2.5], [0, 0.5]]);
  translationClip(b, 'Wave_Hello', armature, [[0, 0.25, 1.75]]);
  return b;
}

/** A model with about `bytes` bytes of position data (one point-cloud mesh) and one clip. */
export function largeModel(bytes: number): GltfBuilder {
  const b = new GltfBuilder('bwenge-bench');
  const vertices = Math.floor(bytes / 12);
  const positions = new Float32Array(vertices * 3);
  for (let i = 0; i < positions.length; i++) positions[i] = ((i * 7919) % 1000) / 500 - 1;
  const position = b.accessor(positions, 'VEC3', { bounds: true, target: 'vertices' });
  const mesh = b.add('meshes', { primitives: [{ attributes: { POSITION: position }, mode: 0 }] });
  const node = b.add('nodes', { name: 'Cloud', mesh });
  b.json.scenes = [{ nodes: [node] }];
  translationClip(b, 'Idle', node, [[0, 1, 2]]);
  return b;
}

/** A glTF JSON document with one buffer whose uri is `uri` (e.g. "/etc/passwd"). */
export function gltfWithBufferUri(uri: string): Buffer {
  const b = twoClipModel();
  const json = { ...b.json, buffers: [{ uri, byteLength: b.binary().length }] };
  return Buffer.from(JSON.stringify(json));
}

/** A real 2×2 PNG image. */
export function pngImage(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** The GLB with one 32-bit field overwritten (chunk lengths, version, total length…). */
export function patchedGlb(glb: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(glb);
  copy.writeUInt32LE(value, offset);
  return copy;
}
