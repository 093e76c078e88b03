import { Readable } from 'node:stream';
import type { AvatarModelService } from '../avatar/avatar-model.service.js';
import { assetPath } from '../avatar/avatar.presenter.js';
import type { DefaultAvatar } from '../default-avatar/default-avatar-asset.js';
import type { BlobStore, ByteRange } from '../../../internal/storage/blob-store.js';

export interface AssetFile {
  size: number;
  etag: string;
  mimeType: string;
  open(range?: ByteRange): Readable;
}

/** Finds the file a verified asset path and version name; null when that version no longer exists. */
export type AssetCatalog = (path: string, version: number) => Promise<AssetFile | null>;

const PERSONA_PATH = /^\/assets\/avatar\/personas\/([^/]+)\/model\.(glb|gltf)$/;

export function createAssetCatalog(models: AvatarModelService, blobs: BlobStore, fallback: DefaultAvatar): AssetCatalog {
  const defaultFile: AssetFile = {
    size: fallback.bytes.length,
    etag: `"${fallback.record.sha256}"`,
    mimeType: fallback.record.mimeType,
    open: (range) => Readable.from([range ? fallback.bytes.subarray(range.start, range.end + 1) : fallback.bytes]),
  };
  return async (path, version) => {
    if (path === assetPath(fallback.record)) return version === fallback.record.version ? defaultFile : null;
    const match = PERSONA_PATH.exec(path);
    if (!match) return null;
    const model = await models.findVersion(decodeURIComponent(match[1]!), version);
    // the extension is part of the signed path: it must be this version's format
    if (!model || assetPath(model) !== path) return null;
    return { size: model.sizeBytes, etag: `"${model.sha256}"`, mimeType: model.mimeType, open: (range) => blobs.openRead(model.blobKey!, range) };
  };
}
