import type { AssetUrlSigner } from '../assets/url-signer.js';
import { resolveAnimationMap } from './animation-map.js';
import type { Avatar } from './avatar.type.js';
import type { ModelRecord } from './model-record.js';

/** Asset paths, as the asset route serves them under the gateway's host. */
export const ASSET_PREFIX = '/assets/avatar';
export const DEFAULT_ASSET_PATH = `${ASSET_PREFIX}/default/model.glb`;
const EXTENSION = { 'model/gltf-binary': 'glb', 'model/gltf+json': 'gltf' } as const;

export function assetPath(model: ModelRecord): string {
  if (model.personaId === null) return DEFAULT_ASSET_PATH;
  return `${ASSET_PREFIX}/personas/${encodeURIComponent(model.personaId)}/model.${EXTENSION[model.mimeType]}`;
}

/** Turns a stored model (or, without one, the default avatar) into the API's Avatar with a freshly signed URL. */
export class AvatarPresenter {
  constructor(
    private readonly signer: AssetUrlSigner,
    private readonly defaultModel: ModelRecord,
  ) {}

  present(stored: ModelRecord | null, now = Date.now()): Avatar {
    const model = stored ?? this.defaultModel;
    const { url, expiresAt } = this.signer.sign(assetPath(model), model.version, now);
    return {
      modelUrl: url,
      expiresAt,
      mimeType: model.mimeType,
      version: model.version,
      scale: model.scale,
      boundingBox: model.boundingBox,
      animations: model.animations,
      animationMap: resolveAnimationMap(model.animationMap, model.animations),
      isDefault: model.personaId === null,
      sizeBytes: model.sizeBytes,
    };
  }
}
