import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Claims } from '../../../internal/auth/claims.js';
import type { Logger } from '../../../internal/logger.js';
import type { FileUpload } from '../../../internal/server/uploads.js';
import { fileSource } from '../model/byte-source.js';
import { readModel, type ModelSummary } from '../model/model-reader.js';
import type { PersonaDirectory } from '../../../internal/persona-directory.js';
import type { BlobStore } from '../../../internal/storage/blob-store.js';
import { receiveUpload, type ReceivedFile } from '../../../internal/storage/receive-upload.js';
import { validateAnimationMap } from './animation-map.js';
import type { AvatarModelService } from './avatar-model.service.js';
import { scaleFor, type AnimationMappingEntry, type ModelRecord } from './model-record.js';

export interface UploaderOptions {
  models: AvatarModelService;
  blobs: BlobStore;
  personas: PersonaDirectory;
  /** where uploads are spooled while they are checked */
  tmpDir: string;
  maxBytes: number;
  log: Logger;
}

export interface UploadRequest {
  claims: Claims;
  token: string | null;
  personaId: string;
  file: Promise<FileUpload>;
  animationMap: AnimationMappingEntry[];
}

/**
 * uploadAvatarModel: persona in the caller's org → file spooled within the
 * size limit → validated and read → mapping checked against its clips →
 * stored as the next version. Nothing is written unless every step passes;
 * versions replaced twice are deleted with their files.
 */
export class AvatarUploader {
  constructor(private readonly options: UploaderOptions) {}

  async upload(request: UploadRequest): Promise<ModelRecord> {
    const { models, blobs, personas, tmpDir, maxBytes, log } = this.options;
    await personas.assertInCallerOrg(request.personaId, request.token);
    const received = await receiveUpload(await request.file, tmpDir, maxBytes, 'model');
    try {
      const summary = await readReceived(received);
      const animationMap = validateAnimationMap(request.animationMap, summary.animations);
      const blobKey = `${request.claims.org}/${randomUUID()}.${summary.format}`;
      await blobs.putFile(blobKey, received.path);
      let stored: Awaited<ReturnType<AvatarModelService['addVersion']>>;
      try {
        stored = await models.addVersion({
          personaId: request.personaId,
          orgId: request.claims.org,
          uploadedById: request.claims.sub,
          blobKey,
          mimeType: summary.mimeType,
          sizeBytes: received.size,
          sha256: received.sha256,
          scale: scaleFor(summary.boundingBox),
          boundingBox: summary.boundingBox,
          animations: summary.animations,
          animationMap,
        });
      } catch (err) {
        await blobs.remove(blobKey);
        throw err;
      }
      for (const key of stored.obsoleteBlobs) {
        await blobs.remove(key).catch((err: unknown) => log.warn({ err, key }, 'could not delete a replaced avatar file'));
      }
      log.info({ personaId: request.personaId, version: stored.model.version, sizeBytes: received.size }, 'avatar model stored');
      return stored.model;
    } finally {
      await received.discard();
    }
  }
}

async function readReceived(received: ReceivedFile): Promise<ModelSummary> {
  const handle = await open(received.path, 'r');
  try {
    return await readModel(fileSource(handle, received.size));
  } finally {
    await handle.close();
  }
}
