import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PayloadTooLarge } from '../errors.js';
import type { FileUpload } from '../server/uploads.js';

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  /** deletes the temporary file (safe to call twice) */
  discard(): Promise<void>;
}

const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`);
const tooLarge = (maxBytes: number, what: string) => PayloadTooLarge(`The ${what} is larger than the ${megabytes(maxBytes)} limit`, { field: 'file', maxBytes });

/**
 * Streams an upload to a temporary file while counting and hashing it; over
 * `maxBytes` it stops at once with PAYLOAD_TOO_LARGE (the multipart parser
 * enforces the same limit; this holds even if it is configured higher).
 */
export async function receiveUpload(upload: FileUpload, tmpDir: string, maxBytes: number, what = 'file'): Promise<ReceivedFile> {
  await mkdir(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `upload-${randomUUID()}`);
  const discard = () => rm(file, { force: true });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes, what));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(upload.createReadStream(), meter, createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await discard();
    // graphql-upload-ts reports its own size limit as an HTTP 413 error
    if ((err as { status?: number }).status === 413) throw tooLarge(maxBytes, what);
    throw err;
  }
  return { path: file, size, sha256: hash.digest('hex'), discard };
}
