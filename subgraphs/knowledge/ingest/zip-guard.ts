import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { IngestError, type ArchiveLimits } from './ingest.types.js';
import { assertSafeZip, LOCAL_HEADER, zipEntriesOfFile, type ZipEntryInfo } from './zip.js';

const damaged = (name: string) => new IngestError(`the file is damaged: its part "${name}" cannot be read`);

/**
 * Inflates each deflated part with its declared size as the cap: a part
 * that declares little but holds much (a crafted zip bomb that passes the
 * directory check) is refused before JSZip or mammoth inflate it whole.
 */
function assertDeclaredSizesHold(zip: Buffer, entries: ZipEntryInfo[]): void {
  for (const entry of entries) {
    if (entry.method !== 8) continue; // stored parts are as large as they look
    const at = entry.localHeaderOffset;
    if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) throw damaged(entry.name);
    const dataStart = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    try {
      inflateRawSync(zip.subarray(dataStart, dataStart + entry.compressedSize), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new IngestError(`the file is refused as a likely zip bomb: "${entry.name}" holds more than the ${entry.uncompressedSize} bytes it declares`);
      }
      throw damaged(entry.name);
    }
  }
}

/**
 * Refuses a DOCX/PPTX that is unreadable or would inflate beyond `limits`:
 * first from the sizes its directory declares (nothing inflated), then by
 * checking those sizes hold, each part inflated at most to its declared size.
 */
export async function assertSafeZipFile(file: string, limits?: ArchiveLimits): Promise<void> {
  const entries = await zipEntriesOfFile(file);
  if (!entries) throw new IngestError('the file is damaged: its ZIP directory cannot be read');
  assertSafeZip(entries, limits);
  assertDeclaredSizesHold(await readFile(file), entries);
}
