import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { scaleFor, type ModelRecord } from '../avatar/model-record.js';
import { bufferSource } from '../model/byte-source.js';
import { readModel } from '../model/model-reader.js';
import { buildDefaultAvatar, DEFAULT_AVATAR_PATH } from './default-avatar.js';

export interface DefaultAvatar {
  record: ModelRecord;
  bytes: Buffer;
}

/**
 * The shipped default avatar, read and checked like any upload (its clips
 * and box come from the file). An image that ships only dist/ lacks the
 * file; the code that wrote it makes the same bytes (a unit test holds them
 * equal), so it is built in memory instead.
 */
export async function loadDefaultAvatar(file = DEFAULT_AVATAR_PATH): Promise<DefaultAvatar> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    return buildDefaultAvatar();
  });
  const summary = await readModel(bufferSource(bytes));
  return {
    bytes,
    record: {
      personaId: null,
      orgId: null,
      version: 0,
      mimeType: summary.mimeType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      blobKey: null,
      scale: scaleFor(summary.boundingBox),
      boundingBox: summary.boundingBox,
      animations: summary.animations,
      animationMap: [],
    },
  };
}
