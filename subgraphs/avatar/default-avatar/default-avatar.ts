import path from 'node:path';
import { GltfBuilder } from '../model/gltf-builder.js';

/** Where the shipped default avatar lives (made by `npm run avatar:default-model`, checked in). */
export const DEFAULT_AVATAR_PATH = path.resolve(__dirname, '../../../../subgraphs/avatar/default-avatar/default-avatar.glb');

/**
 * The avatar every persona shows until a teacher uploads one: a simple
 * figure 1.7 m tall (body and head), made entirely by this code so the
 * project owns every byte. Clips: "Idle" (breathing bob, 2 s), "Talking"
 * (small head nods, 1 s) and "Nodding" (one clear nod, 1.2 s). Rotations
 * are written as literals, not computed with Math.sin, so the output is the
 * same on every machine.
 */
export function buildDefaultAvatar(): Buffer {
  const b = new GltfBuilder('Bwenge default avatar');
  const body = b.add('materials', { name: 'Body', pbrMetallicRoughness: { baseColorFactor: [0.09, 0.45, 0.5, 1], metallicFactor: 0, roughnessFactor: 0.8 } });
  const skin = b.add('materials', { name: 'Head', pbrMetallicRoughness: { baseColorFactor: [0.55, 0.36, 0.24, 1], metallicFactor: 0, roughnessFactor: 0.6 } });
  const bodyMesh = b.add('meshes', { name: 'Body', primitives: [cuboid(b, [-0.25, 0, -0.15], [0.25, 1.3, 0.15], body)] });
  const headMesh = b.add('meshes', { name: 'Head', primitives: [cuboid(b, [-0.2, -0.2, -0.2], [0.2, 0.2, 0.2], skin)] });
  const head = b.add('nodes', { name: 'Head', translation: [0, 1.5, 0], mesh: headMesh });
  const torso = b.add('nodes', { name: 'Body', mesh: bodyMesh, children: [head] });
  const root = b.add('nodes', { name: 'Avatar', children: [torso] });
  b.json.scenes = [{ name: 'Avatar', nodes: [root] }];
  b.json.scene = 0;

  clip(b, 'Idle', [
    { node: torso, path: 'translation', times: [0, 1, 2], values: [[0, 0, 0], [0, 0.02, 0], [0, 0, 0]] },
    { node: head, path: 'rotation', times: [0, 1, 2], values: [[0, 0, 0, 1], [0, 0, 0.0261769, 0.9996573], [0, 0, 0, 1]] },
  ]);
  clip(b, 'Talking', [
    {
      node: head,
      path: 'rotation',
      times: [0, 0.25, 0.5, 0.75, 1],
      values: [[0, 0, 0, 1], [0.0436194, 0, 0, 0.9990482], [0, 0, 0, 1], [-0.0218149, 0, 0, 0.999762], [0, 0, 0, 1]],
    },
  ]);
  clip(b, 'Nodding', [
    { node: head, path: 'rotation', times: [0, 0.3, 0.6, 0.9, 1.2], values: [[0, 0, 0, 1], [0.1305262, 0, 0, 0.9914449], [0, 0, 0, 1], [0.0871557, 0, 0, 0.9961947], [0, 0, 0, 1]] },
  ]);
  return b.toGlb();
}

/** A box with flat-shaded faces: 4 vertices per face so each face has its own normal. */
function cuboid(b: GltfBuilder, min: number[], max: number[], material: number) {
  const positions: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    for (const side of [0, 1]) {
      const [u, v] = [(axis + 1) % 3, (axis + 2) % 3];
      const base = positions.length / 3;
      for (const [du, dv] of [[0, 0], [1, 0], [1, 1], [0, 1]] as const) {
        const p = [0, 0, 0];
        p[axis] = side ? max[axis]! : min[axis]!;
        p[u] = du ? max[u]! : min[u]!;
        p[v] = dv ? max[v]! : min[v]!;
        positions.push(...p);
        const n = [0, 0, 0];
        n[axis] = side ? 1 : -1;
        normals.push(...n);
      }
      // counter-clockwise seen from outside
      indices.push(...(side ? [base, base + 1, base + 2, base, base + 2, base + 3] : [base, base + 2, base + 1, base, base + 3, base + 2]));
    }
  }
  return {
    attributes: {
      POSITION: b.accessor(new Float32Array(positions), 'VEC3', { bounds: true, target: 'vertices' }),
      NORMAL: b.accessor(new Float32Array(normals), 'VEC3', { target: 'vertices' }),
    },
    indices: b.accessor(new Uint16Array(indices), 'SCALAR', { target: 'indices' }),
    material,
  };
}

interface Track {
  node: number;
  path: 'translation' | 'rotation';
  times: number[];
  values: number[][];
}

function clip(b: GltfBuilder, name: string, tracks: Track[]): void {
  const samplers = tracks.map((track) => ({
    input: b.accessor(new Float32Array(track.times), 'SCALAR', { bounds: true }),
    output: b.accessor(new Float32Array(track.values.flat()), track.path === 'rotation' ? 'VEC4' : 'VEC3'),
    interpolation: 'LINEAR',
  }));
  b.add('animations', { name, samplers, channels: tracks.map((track, i) => ({ sampler: i, target: { node: track.node, path: track.path } })) });
}
