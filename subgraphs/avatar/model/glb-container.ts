import { UnsupportedMediaType } from '../../../internal/errors.js';
import type { ByteSource } from './byte-source.js';
import { invalid } from './gltf-check.js';

export const GLB_MAGIC = 0x46546c67; // "glTF" little-endian
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;

export interface GlbContents {
  json: unknown;
  /** where the BIN chunk's data lies in the file */
  bin?: { offset: number; length: number };
}

/**
 * Reads the GLB container (glTF 2.0 §4.4): 12-byte header (magic, version 2,
 * total length = file length), then chunks of (length, type, data) that
 * exactly fill the file, 4-byte aligned; JSON first, then an optional BIN;
 * chunks of unknown types are skipped as the spec asks. Only the headers
 * and the JSON chunk are read.
 */
export async function readGlbContainer(source: ByteSource): Promise<GlbContents> {
  if (source.size < HEADER_BYTES) invalid(`the GLB is truncated: ${source.size} bytes, less than its ${HEADER_BYTES}-byte header`);
  const header = await source.read(0, HEADER_BYTES);
  const version = header.readUInt32LE(4);
  if (version !== 2) throw UnsupportedMediaType(`GLB version ${version} is not supported; upload glTF 2.0 (GLB version 2)`, { field: 'file' });
  const declared = header.readUInt32LE(8);
  if (declared > source.size) invalid(`the GLB is truncated: its header says ${declared} bytes but the file has ${source.size}`);
  if (declared < source.size) invalid(`the GLB header says ${declared} bytes but the file has ${source.size}`);

  let json: { offset: number; length: number } | undefined;
  let bin: GlbContents['bin'];
  let offset = HEADER_BYTES;
  for (let chunk = 0; offset < source.size; chunk++) {
    if (source.size - offset < CHUNK_HEADER_BYTES) invalid(`chunk ${chunk} at byte ${offset} is cut off inside its header`);
    const chunkHeader = await source.read(offset, CHUNK_HEADER_BYTES);
    const length = chunkHeader.readUInt32LE(0);
    const type = chunkHeader.readUInt32LE(4);
    const remaining = source.size - offset - CHUNK_HEADER_BYTES;
    if (length > remaining) invalid(`chunk ${chunk} says it holds ${length} bytes but only ${remaining} follow`);
    if (length % 4 !== 0) invalid(`chunk ${chunk} has length ${length}, which is not a multiple of 4`);
    const data = { offset: offset + CHUNK_HEADER_BYTES, length };
    if (chunk === 0) {
      if (type !== CHUNK_JSON) invalid('the first chunk must be the JSON chunk');
      json = data;
    } else if (type === CHUNK_JSON) {
      invalid(`chunk ${chunk} is a second JSON chunk`);
    } else if (type === CHUNK_BIN) {
      if (chunk !== 1) invalid(`the BIN chunk must directly follow the JSON chunk (found it as chunk ${chunk})`);
      bin = data;
    }
    offset = data.offset + length;
  }
  if (!json) invalid('the GLB has no JSON chunk');
  return { json: parseJsonChunk(await source.read(json.offset, json.length)), ...(bin ? { bin } : {}) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 JSON text, as a glTF's JSON chunk or a whole .gltf file. Trailing spaces (chunk padding) are fine. */
export function parseJsonChunk(bytes: Buffer, what = 'the JSON chunk'): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    invalid(`${what} is not valid UTF-8`);
  }
  try {
    // some exporters pad with NULs instead of spaces
    return JSON.parse(text.replace(/\0+$/, ''));
  } catch (err) {
    invalid(`${what} is not valid JSON (${(err as Error).message})`);
  }
}
