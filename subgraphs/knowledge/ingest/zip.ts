import { open } from 'node:fs/promises';
import { constants, inflateRawSync } from 'node:zlib';
import { IngestError, type ArchiveLimits } from './ingest.types.js';

/** One entry of a ZIP's central directory: the sizes it declares, read without inflating anything. */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflated */
  method: number;
  localHeaderOffset: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxUncompressedBytes: 200 * 1024 * 1024, maxCompressionRatio: 100 };

/** The defaults with what the caller set. */
export const archiveLimits = (limits?: Partial<ArchiveLimits>): ArchiveLimits => ({ ...DEFAULT_ARCHIVE_LIMITS, ...limits });

export const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** ZIP64 marks sizes it moved to an extra field with all ones; we refuse rather than follow them. */
const ZIP64_MARK = 0xffffffff;

export const isZip = (head: Buffer) => head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER;

interface DirectoryPosition {
  offset: number;
  size: number;
}

/** The central directory's place, from the end-of-directory record in the last bytes of the file. */
function findDirectory(tail: Buffer, tailStart: number): DirectoryPosition | null {
  for (let at = tail.length - END_RECORD_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    const size = tail.readUInt32LE(at + 12);
    const offset = tail.readUInt32LE(at + 16);
    if (offset + size > tailStart + at) continue; // a stray signature inside data
    return { offset, size };
  }
  return null;
}

/** The entries of a central directory, or null when it is not one (or an empty one: nothing to ingest). */
function parseDirectory(directory: Buffer): ZipEntryInfo[] | null {
  const entries: ZipEntryInfo[] = [];
  let at = 0;
  while (at + 46 <= directory.length) {
    if (directory.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries.length ? entries : null;
}

/** Entries of a whole ZIP file held in memory, or null when its directory cannot be found. */
export function zipEntriesOfBuffer(zip: Buffer): ZipEntryInfo[] | null {
  const tailStart = Math.max(0, zip.length - END_RECORD_SIZE - MAX_COMMENT);
  const position = findDirectory(zip.subarray(tailStart), tailStart);
  if (!position) return null;
  return parseDirectory(zip.subarray(position.offset, position.offset + position.size));
}

/** Entries of a ZIP file on disk, reading only its tail and its directory. */
export async function zipEntriesOfFile(file: string): Promise<ZipEntryInfo[] | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailStart = Math.max(0, size - END_RECORD_SIZE - MAX_COMMENT);
    const tail = Buffer.alloc(size - tailStart);
    await handle.read(tail, 0, tail.length, tailStart);
    const position = findDirectory(tail, tailStart);
    if (!position || position.size > size) return null;
    const directory = Buffer.alloc(position.size);
    await handle.read(directory, 0, position.size, position.offset);
    return parseDirectory(directory);
  } finally {
    await handle.close();
  }
}

interface LocalEntry {
  name: string;
  method: number;
  dataStart: number;
  /** 0 when the sizes follow the data (a data descriptor) */
  compressedSize: number;
}

/** The entries whose local headers lie in `head` (the start of a ZIP), for when the directory is out of reach. */
function localEntries(head: Buffer): LocalEntry[] {
  const entries: LocalEntry[] = [];
  for (let at = head.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0 && at + 30 <= head.length; at = head.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    if (at + 30 + nameLength > head.length) break;
    entries.push({
      name: head.toString('utf8', at + 30, at + 30 + nameLength),
      method: head.readUInt16LE(at + 8),
      compressedSize: head.readUInt32LE(at + 18),
      dataStart: at + 30 + nameLength + extraLength,
    });
  }
  return entries;
}

export const localEntryNames = (head: Buffer): string[] => localEntries(head).map((entry) => entry.name);

/**
 * The text of one small entry whose data lies in `head` (stored or
 * deflated; inflated to 1 MB at most), or null. Lets detection read
 * `[Content_Types].xml`, the first part of an Office file.
 */
export function smallEntryInHead(head: Buffer, name: string): string | null {
  const entry = localEntries(head).find((e) => e.name === name);
  if (!entry) return null;
  const data = head.subarray(entry.dataStart, entry.compressedSize ? entry.dataStart + entry.compressedSize : head.length);
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: 1024 * 1024, finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    // cut off by the end of `head`, or not deflate data
  }
  return null;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Refuses an archive that would inflate beyond the limits (a zip bomb) before anything is inflated. */
export function assertSafeZip(entries: ZipEntryInfo[], limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) {
      throw new IngestError(`the file is refused: its entry "${entry.name}" declares a size beyond 4 GB`);
    }
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
      throw new IngestError(
        `the file is refused as a likely zip bomb: "${entry.name}" would inflate ${Math.round(ratio)} times (limit ${limits.maxCompressionRatio})`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new IngestError(`the file is refused: its contents would inflate to ${megabytes(total)} (limit ${megabytes(limits.maxUncompressedBytes)})`);
  }
}

