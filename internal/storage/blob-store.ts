import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

/**
 * Where uploaded files live (avatar models, knowledge sources). Only this
 * small interface is used, so an S3-compatible store can replace the local
 * folder: put a finished local file under a key, read it back, remove it.
 */
export interface BlobStore {
  /** Stores the local file at `localPath` under `key` (the local file is consumed). */
  putFile(key: string, localPath: string): Promise<void>;
  openRead(key: string, range?: ByteRange): Readable;
  remove(key: string): Promise<void>;
}

/** Blobs as files under one folder (e.g. BWENGE_DATA_DIR/blobs/avatar). */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(localPath, target);
      await rm(localPath, { force: true });
    }
  }

  openRead(key: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys are made by their owner, but a path outside the root is refused all the same. */
  private pathOf(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`blob key escapes the store: ${key}`);
    return full;
  }
}
