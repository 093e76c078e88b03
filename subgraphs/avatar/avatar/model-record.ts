import type { AnimationClip } from '../model/gltf-animations.js';
import type { BoundingBox } from '../model/gltf-bounds.js';
import type { ModelMimeType } from '../model/model-reader.js';

export interface AnimationMappingEntry {
  hint: string;
  clip: string;
}

/** A model version as stored (or the shipped default), before it is presented with a signed URL. */
export interface ModelRecord {
  /** null for the default avatar */
  personaId: string | null;
  orgId: string | null;
  version: number;
  mimeType: ModelMimeType;
  sizeBytes: number;
  sha256: string;
  /** where the file is in the blob store; null for the default avatar */
  blobKey: string | null;
  scale: number;
  boundingBox: BoundingBox;
  animations: AnimationClip[];
  /** the uploader's explicit hint → clip choices */
  animationMap: AnimationMappingEntry[];
}

/** glTF units are metres; a model is scaled so its height is that of a standing adult. */
export const STANDARD_HEIGHT_METRES = 1.7;

/**
 * The uniform scale that makes the model STANDARD_HEIGHT_METRES tall (Y is
 * up in glTF). A model flat in Y uses its largest extent; a point uses 1.
 */
export function scaleFor(box: BoundingBox): number {
  const extents = [0, 1, 2].map((k) => box.max[k]! - box.min[k]!);
  const size = extents[1]! > 0 ? extents[1]! : Math.max(...extents);
  return size > 0 ? STANDARD_HEIGHT_METRES / size : 1;
}
