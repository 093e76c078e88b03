import { invalid } from './gltf-check.js';
import { FLOAT, type GltfDocument } from './gltf-types.js';

export interface AnimationClip {
  name: string;
  durationSeconds: number;
}

/**
 * Each animation is a clip; its duration is the last keyframe time of its
 * longest sampler, read from the `max` glTF 2.0 requires on every sampler
 * input accessor (no keyframe data needs decoding). Unnamed clips get
 * `animation_<index>`, the name three.js's loader gives them too.
 */
export function readAnimations(doc: GltfDocument): AnimationClip[] {
  return doc.animations.map((animation, a) => {
    let durationSeconds = 0;
    animation.samplers.forEach((sampler, s) => {
      const path = `animations[${a}].samplers[${s}].input (accessor ${sampler.input})`;
      const input = doc.accessors[sampler.input]!;
      if (input.type !== 'SCALAR' || input.componentType !== FLOAT) invalid(`${path} must hold SCALAR float keyframe times`);
      if (!input.max) invalid(`${path} has no max; glTF 2.0 requires min and max on keyframe times`);
      const last = input.max[0]!;
      if (last < 0) invalid(`${path} has a negative keyframe time (${last})`);
      durationSeconds = Math.max(durationSeconds, last);
    });
    return { name: animation.name || `animation_${a}`, durationSeconds };
  });
}
