import type { FileHandle } from 'node:fs/promises';

/**
 * Random access to the bytes of an uploaded model. A GLB is read piecewise
 * (header, chunk headers, the JSON chunk, a few bytes of BIN when needed),
 * so a 50 MB file never has to sit in memory to be validated.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
}
